from django.urls import path

from . import api

# Included at /api/v1/ beside every other app's routes: names carry the "diagnosis_" prefix.
urlpatterns = [
    path("diagnosis/instruments/", api.InstrumentListView.as_view(), name="diagnosis_instrument_list"),
    path(
        "diagnosis/instruments/<slug:slug>/v<int:version>/",
        api.InstrumentDetailView.as_view(),
        name="diagnosis_instrument_detail",
    ),
    path("diagnosis/campaigns/", api.CampaignListView.as_view(), name="diagnosis_campaign_list"),
    path("diagnosis/campaigns/<int:pk>/", api.CampaignDetailView.as_view(), name="diagnosis_campaign_detail"),
    path(
        "diagnosis/campaigns/<int:pk>/participations/",
        api.CampaignParticipationListView.as_view(),
        name="diagnosis_campaign_participations",
    ),
    path("diagnosis/participations/<int:pk>/", api.ParticipationDetailView.as_view(), name="diagnosis_participation"),
    path(
        "diagnosis/participations/<int:pk>/answers/",
        api.AnswersView.as_view(),
        name="diagnosis_participation_answers",
    ),
    path(
        "diagnosis/participations/<int:pk>/confirm/",
        api.ParticipationConfirmView.as_view(),
        name="diagnosis_participation_confirm",
    ),
    path(
        "diagnosis/participations/<int:pk>/submit/",
        api.ParticipationSubmitView.as_view(),
        name="diagnosis_participation_submit",
    ),
    path(
        "diagnosis/participations/<int:pk>/reopen/",
        api.ParticipationReopenView.as_view(),
        name="diagnosis_participation_reopen",
    ),
    path(
        "diagnosis/participations/<int:pk>/result/",
        api.ParticipationResultView.as_view(),
        name="diagnosis_participation_result",
    ),
    path("diagnosis/ranking/", api.RankingView.as_view(), name="diagnosis_ranking"),
    path("communes/<str:code>/scores/", api.CommuneScoresView.as_view(), name="diagnosis_commune_scores"),
]
