from django.urls import path

from . import api

# Included at /api/v1/ beside every other app's routes.
urlpatterns = [
    path("solutions/", api.SolutionListView.as_view(), name="solution_list"),
    path("solutions/<slug:slug>/", api.SolutionDetailView.as_view(), name="solution_detail"),
    path("startups/", api.StartupListView.as_view(), name="startup_list"),
    path("startups/<slug:slug>/", api.StartupDetailView.as_view(), name="startup_detail"),
]
