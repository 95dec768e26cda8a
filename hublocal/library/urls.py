from django.urls import path
from django.views.decorators.http import require_GET

from . import feeds, views

# Fixed segments come before "<slug>/": services.RESERVED_SLUGS keeps resources from taking them.
app_name = "library"
urlpatterns = [
    path("", views.resource_list, name="resource_list"),
    path("nuevo/", views.resource_create, name="resource_create"),
    path("mis-recursos/", views.my_resources, name="my_resources"),
    path("revision/", views.review_queue, name="review_queue"),
    path("revisores/", views.reviewers, name="reviewers"),
    path("dimensiones/", views.dimensions, name="dimensions"),
    path("evidencia/", views.evidence_page, name="evidence"),
    path("criterios/", views.criteria_page, name="criteria"),
    path("datos-abiertos/<slug:dataset>.csv", views.open_data_file, name="open_data"),
    path("feed/", require_GET(feeds.LatestResourcesFeed()), name="feed"),
    path("desde-piloto/<int:pilot_pk>/", views.draft_from_pilot, name="draft_from_pilot"),
    path("<slug:slug>/", views.resource_detail, name="resource_detail"),
    path("<slug:slug>/v<int:number>/", views.version_detail, name="version_detail"),
    path("<slug:slug>/visto.gif", views.beacon, name="beacon"),
    path("<slug:slug>/archivos/<int:pk>/", views.file_download, name="file_download"),
    path("<slug:slug>/editar/", views.resource_edit, name="resource_edit"),
    path("<slug:slug>/enviar/", views.resource_submit, name="resource_submit"),
    path("<slug:slug>/revisar/", views.review, name="review"),
    path("<slug:slug>/evidencia/", views.evidence_set, name="evidence_set"),
    path("<slug:slug>/retirar/", views.resource_retire, name="resource_retire"),
    path("<slug:slug>/uso/", views.resource_usage, name="usage"),
]
