from django.urls import path

from . import api

# Included at /api/v1/ beside every other app's routes.
urlpatterns = [
    path("network/networks/", api.NetworkListView.as_view(), name="network_network_list"),
    path("network/units/", api.UnitListView.as_view(), name="network_unit_list"),
]
