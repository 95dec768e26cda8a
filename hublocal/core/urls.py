from django.urls import path

from . import public_views, views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("inicio/", views.my_home, name="my_home"),
    path("acerca/", views.about, name="about"),
    path("accesibilidad/", views.accessibility, name="accessibility"),
    path("ayuda/", public_views.help_page, name="help"),
    path("contacto/", public_views.contact, name="contact"),
]
