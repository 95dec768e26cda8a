from django.urls import path

from . import api

# Included at /api/v1/ beside every other app's routes.
urlpatterns = [
    path("search/", api.SearchView.as_view(), name="search"),
]
