from django.urls import path

from . import api

# Included at /api/v1/ beside every other app's routes.
urlpatterns = [
    path("assistance/engagements/", api.EngagementListView.as_view(), name="assistance_engagement_list"),
]
