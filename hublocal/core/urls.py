from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("acerca/", views.about, name="about"),
    path("accesibilidad/", views.accessibility, name="accessibility"),
]
