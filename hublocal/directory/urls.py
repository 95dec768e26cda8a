from django.urls import path

from . import views, views_360

app_name = "directory"
urlpatterns = [
    path("municipios/", views.municipality_list, name="municipality_list"),
    path("municipios/<str:code>/", views.municipality_detail, name="municipality_detail"),
    path("organizaciones/", views.organization_list, name="organization_list"),
    path("organizaciones/nueva/", views.organization_create, name="organization_create"),
    path("organizaciones/<slug:slug>/", views.organization_detail, name="organization_detail"),
    path("organizaciones/<slug:slug>/360/", views_360.organization_360, name="organization_360"),
    path("mi-participacion/", views_360.my_participation, name="my_participation"),
    path("organizaciones/<slug:slug>/editar/", views.organization_edit, name="organization_edit"),
    path("organizaciones/<slug:slug>/designaciones/", views.designation_edit, name="designation_edit"),
    path("organizaciones/<slug:slug>/personas/nueva/", views.person_create, name="person_create"),
    path("personas/", views.person_list, name="person_list"),
    path("personas/<int:pk>/", views.person_detail, name="person_detail"),
    path("personas/<int:pk>/editar/", views.person_edit, name="person_edit"),
]
