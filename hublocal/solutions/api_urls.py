from django.urls import path  # noqa: F401

# Included at /api/v1/ beside every other app's routes.
urlpatterns: list = []
