from django.urls import path

from . import views

# Included at the site's root: /red/unidades/ and /hoja-de-ruta/.
app_name = "network"
urlpatterns = [
    path("red/", views.network_page, name="network"),
    path("red/membresias/<slug:slug>/", views.membership_edit, name="membership_edit"),
    path("red/redes/nueva/", views.network_edit, name="network_create"),
    path("red/redes/<slug:slug>/", views.network_edit, name="network_edit"),
    path("red/unidades/", views.unit_map, name="unit_map"),
    path("red/unidades/nueva/", views.unit_edit, name="unit_create"),
    path("red/unidades/<slug:slug>/editar/", views.unit_edit, name="unit_edit"),
    path("hoja-de-ruta/", views.roadmap, name="roadmap"),
    path("hoja-de-ruta/etapas/<int:pk>/", views.stage_edit, name="stage_edit"),
]
