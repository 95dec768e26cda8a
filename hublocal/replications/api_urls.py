from django.urls import path

from . import api

# Included at /api/v1/ beside every other app's routes.
urlpatterns = [
    path("replications/", api.ReplicationListView.as_view(), name="replication_list"),
    path("communes/<str:code>/peers/", api.PeersView.as_view(), name="commune_peers"),
]
