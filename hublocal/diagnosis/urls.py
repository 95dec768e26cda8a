from django.urls import path

from . import paper_views, report_views, views

app_name = "diagnosis"
urlpatterns = [
    path("", views.index, name="index"),
    path("metodologia/", views.methodology, name="methodology"),
    path("instrumentos/<slug:slug>/v<int:version>/", views.instrument_detail, name="instrument_detail"),
    path(
        "instrumentos/<slug:slug>/v<int:version>/cuestionario/", paper_views.instrument_paper, name="instrument_paper"
    ),
    path(
        "instrumentos/<slug:slug>/v<int:version>/cuestionario.pdf",
        paper_views.instrument_paper_pdf,
        name="instrument_paper_pdf",
    ),
    path("resultados/", report_views.ranking, name="ranking"),
    path("campanas/", views.campaign_list, name="campaign_list"),
    path("campanas/nueva/", views.campaign_create, name="campaign_create"),
    path("campanas/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("campanas/<int:pk>/respuestas.<str:fmt>", report_views.export_responses, name="export_responses"),
    path("campanas/<int:pk>/puntajes.csv", report_views.export_scores, name="export_scores"),
    path("datos-abiertos/puntajes.<str:fmt>", report_views.open_scores, name="open_scores"),
    path("p/<int:pk>/", views.participation_detail, name="participation_detail"),
    path("p/<int:pk>/seccion/<slug:dimension>/", views.participation_section, name="participation_section"),
    path("p/<int:pk>/enviar/", views.participation_submit, name="participation_submit"),
    path("p/<int:pk>/reabrir/", views.participation_reopen, name="participation_reopen"),
    path("p/<int:pk>/resultados/", report_views.participation_results, name="participation_results"),
    path("p/<int:pk>/reporte.pdf", report_views.participation_pdf, name="participation_pdf"),
    path("p/<int:pk>/desafio/<slug:dimension>/", report_views.propose_challenge, name="propose_challenge"),
]
