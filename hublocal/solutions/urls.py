from django.urls import path

from . import views

# Fixed segments come before "<slug>/": services.RESERVED_SLUGS keeps solutions from taking them.
app_name = "solutions"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("nueva/", views.solution_create, name="solution_create"),
    path("mis-soluciones/", views.my_solutions, name="my_solutions"),
    path("registrar-startup/", views.startup_register, name="startup_register"),
    path("startups/", views.startup_list, name="startup_list"),
    path("startups/<slug:slug>/", views.startup_detail, name="startup_detail"),
    path("startups/<slug:slug>/editar/", views.startup_edit, name="startup_edit"),
    path("<slug:slug>/", views.solution_detail, name="solution_detail"),
    path("<slug:slug>/editar/", views.solution_edit, name="solution_edit"),
    path("<slug:slug>/publicar/", views.solution_publish, name="solution_publish"),
]
