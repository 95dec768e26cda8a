from django.urls import path

from . import views

app_name = "ictassets"
urlpatterns = [
    path("", views.public, name="public"),
    path("datos.<str:fmt>", views.download, name="download"),
    path("mis-activos/", views.mine, name="mine"),
    path("nuevo/", views.create, name="create"),
    path("importar/", views.import_assets, name="import"),
    path("gestion/", views.national, name="national"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/editar/", views.edit, name="edit"),
    path("codigo-abierto/", views.oss_list, name="oss_list"),
    path("codigo-abierto/nueva/", views.oss_create, name="oss_create"),
    path("codigo-abierto/<slug:slug>/", views.oss_detail, name="oss_detail"),
    path("codigo-abierto/<slug:slug>/adopcion/", views.oss_adopt, name="oss_adopt"),
]
