from django.urls import path

from . import api

# Included at /api/v1/ beside every other app's routes.
urlpatterns = [
    path("proposals/", api.ProposalListView.as_view(), name="proposal_list"),
    path("proposals/<int:pk>/", api.ProposalDetailView.as_view(), name="proposal_detail"),
    path("proposals/<int:pk>/scores/", api.ProposalScoresView.as_view(), name="proposal_scores"),
    path("proposals/<int:pk>/decision/", api.ProposalDecisionView.as_view(), name="proposal_decision"),
    path("sessions/", api.WorkingSessionListView.as_view(), name="working_session_list"),
    path("sessions/<int:pk>/", api.WorkingSessionDetailView.as_view(), name="working_session_detail"),
]
