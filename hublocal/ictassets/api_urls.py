from django.urls import path

from . import api

# Included at /api/v1/ beside every other app's routes.
urlpatterns = [
    path("ict-assets/", api.AssetRegisterView.as_view(), name="ictasset_list"),
    path("ict-assets/open-source/", api.SolutionListView.as_view(), name="ictasset_solution_list"),
    path("ict-assets/<int:pk>/", api.AssetDetailView.as_view(), name="ictasset_detail"),
]
