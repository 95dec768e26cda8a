from django.urls import path

from . import views

app_name = "articulation"
urlpatterns = [
    path("mesas/", views.table_list, name="table_list"),
    path("nueva-mesa/", views.table_create, name="table_create"),
    path("mesas/<slug:slug>/", views.table_detail, name="table_detail"),
    path("mesas/<slug:slug>/editar/", views.table_edit, name="table_edit"),
    path("mesas/<slug:slug>/integrantes/", views.table_members, name="table_members"),
    path("integrantes/<int:pk>/rol/", views.member_update, name="member_update"),
    path("integrantes/<int:pk>/quitar/", views.member_remove, name="member_remove"),
    path("mesas/<slug:slug>/reuniones/nueva/", views.meeting_create, name="meeting_create"),
    path("reuniones/<int:pk>/editar/", views.meeting_edit, name="meeting_edit"),
    path("reuniones/<int:pk>/documentos/nuevo/", views.document_add, name="document_add"),
    path("mesas/<slug:slug>/compromisos/nuevo/", views.commitment_create, name="commitment_create"),
    path("compromisos/<int:pk>/estado/", views.commitment_status, name="commitment_status"),
    path("documentos/<int:pk>/", views.document_file, name="document_file"),
    path("incidencia/", views.policy_list, name="policy_list"),
    path("nueva-incidencia/", views.policy_create, name="policy_create"),
    path("incidencia/<slug:slug>/", views.policy_detail, name="policy_detail"),
    path("incidencia/<slug:slug>/editar/", views.policy_edit, name="policy_edit"),
    path("incidencia/<slug:slug>/evidencia/nueva/", views.evidence_add, name="evidence_add"),
    path("incidencia/<slug:slug>/actividades/nueva/", views.activity_add, name="activity_add"),
]
