from django.urls import path

from . import api

# Included at /api/v1/ beside every other app's routes.
urlpatterns = [
    path("library/resources/", api.ResourceListView.as_view(), name="library_resource_list"),
    path("library/resources/<int:pk>/", api.ResourceDetailView.as_view(), name="library_resource_detail"),
]
