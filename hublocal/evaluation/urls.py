from django.urls import path

from . import views

app_name = "evaluation"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("metas/", views.targets, name="targets"),
    path("recalcular/", views.recompute, name="recompute"),
    path("resultados/", views.results_page, name="results"),
    path("resultados/nuevo/", views.result_create, name="result_create"),
    path("resultados/<int:pk>/editar/", views.result_edit, name="result_edit"),
    path("resultados/<int:pk>/hitos/nuevo/", views.milestone_create, name="milestone_create"),
    path("resultados/hitos/<int:pk>/", views.milestone_edit, name="milestone_edit"),
    path("informes/", views.reports, name="reports"),
    path("informe/<int:year>/", views.report, name="report"),
    path("informe/<int:year>/destacados/", views.report_highlights, name="report_highlights"),
    path("informe/<int:year>/congelar/", views.report_freeze, name="report_freeze"),
    path("informe/<int:year>/pdf/", views.report_pdf, name="report_pdf"),
    path("<slug:slug>/", views.drill_down, name="drill_down"),
]
