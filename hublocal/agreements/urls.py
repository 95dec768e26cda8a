from django.urls import path

from . import views

app_name = "agreements"
urlpatterns = [
    path("", views.register, name="register"),
    path("nuevo/", views.create, name="create"),
    path("datos.<str:fmt>", views.download, name="download"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/modificar/", views.amend, name="amend"),
    path("<int:pk>/terminar/", views.terminate, name="terminate"),
    path("<int:pk>/estado/", views.transition, name="transition"),
    path("<int:pk>/documentos/", views.document_upload, name="document_upload"),
    path("documentos/versiones/<int:pk>/", views.version_download, name="version_download"),
    path("<int:pk>/vinculos/", views.link_add, name="link_add"),
    path("<int:pk>/vinculos/<int:link_pk>/quitar/", views.link_remove, name="link_remove"),
    path("obligaciones/<int:pk>/cumplida/", views.obligation_complete, name="obligation_complete"),
]
