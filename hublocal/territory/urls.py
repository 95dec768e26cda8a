from django.urls import path

from . import views

app_name = "territory"
urlpatterns = [
    path("mapa.svg", views.chile_map, name="chile_map"),
]
