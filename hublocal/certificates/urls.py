from django.urls import path

from . import views

app_name = "certificates"
urlpatterns = [
    path("", views.certificate_list, name="list"),
    path("mios/", views.mine, name="mine"),
    path("verificar/", views.verify_form, name="verify_form"),
    path("verificar/<str:code>/", views.verify, name="verify"),
    path("verificar/<str:code>/credencial.json", views.credential, name="credential"),
    path("clave-publica.json", views.public_key, name="public_key"),
    path("<str:code>/pdf/", views.pdf, name="pdf"),
    path("<str:code>/revocar/", views.revoke, name="revoke"),
]
