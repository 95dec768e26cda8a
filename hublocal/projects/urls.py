from django.urls import path

from . import views

app_name = "projects"
urlpatterns = [
    path("", views.project_list, name="project_list"),
    path("nuevo/", views.project_create, name="project_create"),
    path("<slug:slug>/editar/", views.project_edit, name="project_edit"),
    path("<slug:slug>/", views.project_detail, name="project_detail"),
    path("<slug:slug>/hitos/nuevo/", views.milestone_add, name="milestone_add"),
    path("<slug:slug>/resultados/nuevo/", views.result_add, name="result_add"),
    path("hitos/<int:pk>/", views.milestone_edit, name="milestone_edit"),
    path("resultados/<int:pk>/archivo/", views.result_file, name="result_file"),
]
