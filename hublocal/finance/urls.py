from django.urls import path

from . import views

app_name = "finance"
urlpatterns = [
    path("", views.public, name="public"),
    path("gestion/", views.dashboard, name="dashboard"),
    path("gestion/ingresos/", views.income_list, name="income_list"),
    path("gestion/ingresos/nuevo/", views.income_create, name="income_create"),
    path("gestion/ingresos/<int:pk>/", views.income_edit, name="income_edit"),
    path("gestion/ingresos/<int:pk>/anular/", views.income_void, name="income_void"),
    path("gestion/membresias/", views.memberships, name="memberships"),
    path("gestion/presupuesto/", views.budget, name="budget"),
    path("gestion/tipos-de-cambio/", views.rates, name="rates"),
    path("gestion/lineas/", views.lines, name="lines"),
    path("gestion/lineas/<int:pk>/", views.line_edit, name="line_edit"),
]
