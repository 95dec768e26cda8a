from django.urls import path

from . import api

# Included at /api/v1/ beside every other app's routes.
urlpatterns = [
    path("hub-events/", api.EventListView.as_view(), name="events_list"),
    path("hub-events/<int:pk>/", api.EventDetailView.as_view(), name="events_detail"),
    path("hub-events/<int:pk>/registration/", api.EventRegistrationView.as_view(), name="events_registration"),
    path("awards/<int:pk>/results/", api.AwardResultsView.as_view(), name="awards_results"),
]
