from django.urls import path

from . import api

# Included at /api/v1/ beside every other app's routes.
urlpatterns = [
    path("challenges/", api.ChallengeListView.as_view(), name="challenge_list"),
    path("challenges/<int:pk>/", api.ChallengeDetailView.as_view(), name="challenge_detail"),
    path("challenges/<int:pk>/transition/", api.ChallengeTransitionView.as_view(), name="challenge_transition"),
    path("challenges/<int:pk>/matches/", api.ChallengeMatchesView.as_view(), name="challenge_matches"),
    path("startups/<slug:slug>/matches/", api.StartupMatchesView.as_view(), name="startup_matches"),
    path("calls/", api.CallListView.as_view(), name="call_list"),
    path("calls/<int:pk>/", api.CallDetailView.as_view(), name="call_detail"),
    path("calls/<int:pk>/questions/", api.CallQuestionsView.as_view(), name="call_questions"),
    path("events/", api.EventListView.as_view(), name="event_list"),
    path("events/<int:pk>/", api.EventDetailView.as_view(), name="event_detail"),
    path("events/<int:pk>/register/", api.EventRegisterView.as_view(), name="event_register"),
]
