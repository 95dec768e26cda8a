from django.urls import path

from . import api

urlpatterns = [
    path("regions/", api.RegionListView.as_view(), name="region_list"),
    path("provinces/", api.ProvinceListView.as_view(), name="province_list"),
    path("communes/", api.CommuneListView.as_view(), name="commune_list"),
    path("communes/<str:code>/", api.CommuneDetailView.as_view(), name="commune_detail"),
]
