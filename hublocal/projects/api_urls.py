from django.urls import path

from . import api

# Included at /api/v1/ beside every other app's routes.
urlpatterns = [
    path("projects/", api.ProjectListView.as_view(), name="project_list"),
    path("projects/<slug:slug>/", api.ProjectDetailView.as_view(), name="project_detail"),
]
