from django.urls import path

from . import views

# Included at /biblioteca/ before the library's own routes (hublocal/urls.py).
app_name = "replications"
urlpatterns = [
    path("como-el-mio/", views.like_mine, name="like_mine"),
    path("replicaciones/", views.replication_list, name="replication_list"),
    path("replicaciones/datos-abiertos.csv", views.open_data_file, name="open_data"),
    path("replicaciones/nueva/recurso/<int:pk>/", views.replication_create_resource, name="replicate_resource"),
    path("replicaciones/nueva/piloto/<int:pk>/", views.replication_create_pilot, name="replicate_pilot"),
    path("replicaciones/<int:pk>/", views.replication_detail, name="replication_detail"),
    path("replicaciones/<int:pk>/editar/", views.replication_edit, name="replication_edit"),
    path("replicaciones/<int:pk>/estado/", views.replication_transition, name="replication_transition"),
    path("replicaciones/<int:pk>/resultados/", views.result_add, name="result_add"),
    path("replicaciones/<int:pk>/confirmar/", views.replication_confirm, name="replication_confirm"),
    path("replicaciones/recurso/<slug:slug>/", views.resource_replications, name="resource_replications"),
]
