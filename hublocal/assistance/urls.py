from django.urls import path

from . import views

app_name = "assistance"
urlpatterns = [
    path("", views.index, name="index"),
    path("solicitar/", views.request_create, name="request_create"),
    path("solicitudes/<int:pk>/", views.request_detail, name="request_detail"),
    path("solicitudes/<int:pk>/decidir/", views.request_decide, name="request_decide"),
    path("solicitudes/<int:pk>/definir/", views.engagement_create, name="engagement_create"),
    path("<int:pk>/", views.engagement_detail, name="engagement_detail"),
    path("<int:pk>/estado/", views.engagement_transition, name="engagement_transition"),
    path("<int:pk>/calificar/", views.rating_create, name="rating_create"),
    path("<int:pk>/publicar/", views.publish, name="publish"),
    path("entregables/<int:pk>/enviar/", views.deliverable_submit, name="deliverable_submit"),
    path("entregables/<int:pk>/revisar/", views.deliverable_review, name="deliverable_review"),
    path("versiones/<int:pk>/archivo/", views.version_file, name="version_file"),
]
