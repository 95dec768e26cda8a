from django.urls import path

from . import views

app_name = "territory"
urlpatterns = [
    path("mapa.svg", views.chile_map, name="chile_map"),
    path("red/", views.network_list, name="network_list"),
    path("red/nuevo/", views.network_register, name="network_register"),
]
