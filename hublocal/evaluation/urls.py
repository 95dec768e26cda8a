from django.urls import path

from . import views

app_name = "evaluation"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("metas/", views.targets, name="targets"),
    path("recalcular/", views.recompute, name="recompute"),
    path("<slug:slug>/", views.drill_down, name="drill_down"),
]
