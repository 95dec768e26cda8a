from django.urls import path

from . import views

app_name = "engagement"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("ejecutar/", views.run_escalations, name="run"),
    path("organizacion/<slug:slug>/", views.organization_detail, name="organization"),
    path("proceso/<str:process>/<str:subject_key>/", views.process_detail, name="process"),
]
