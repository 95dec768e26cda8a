from django.urls import path

from . import views

app_name = "articulation"
urlpatterns = [
    path("mesas/", views.table_list, name="table_list"),
    path("mesas/<slug:slug>/", views.table_detail, name="table_detail"),
    path("mesas/<slug:slug>/compromisos/nuevo/", views.commitment_create, name="commitment_create"),
    path("compromisos/<int:pk>/estado/", views.commitment_status, name="commitment_status"),
    path("documentos/<int:pk>/", views.document_file, name="document_file"),
    path("incidencia/", views.policy_list, name="policy_list"),
    path("incidencia/<slug:slug>/", views.policy_detail, name="policy_detail"),
]
