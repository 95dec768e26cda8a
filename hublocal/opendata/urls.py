from django.urls import path

from . import views

app_name = "opendata"
urlpatterns = [
    path("", views.portal, name="portal"),
    path("catalogo.jsonld", views.catalogue, {"fmt": "jsonld"}, name="catalogue_jsonld"),
    path("catalogo.ttl", views.catalogue, {"fmt": "ttl"}, name="catalogue_ttl"),
    path("<slug:slug>/", views.dataset, name="dataset"),
    path("<slug:slug>/datapackage.json", views.datapackage, name="datapackage"),
    path("<slug:slug>/descargar/<str:fmt>/", views.download, name="download"),
]
