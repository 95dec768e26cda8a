from django.urls import path

from . import api

# Included at /api/v1/ beside every other app's routes.
urlpatterns = [
    path("datasets/", api.DatasetListView.as_view(), name="dataset_list"),
    path("datasets/<slug:slug>/", api.DatasetDetailView.as_view(), name="dataset_detail"),
]
