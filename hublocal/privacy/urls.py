from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("privacidad/", views.notice, name="notice"),
    path("cuenta/mis-datos/", views.my_data, name="my_data"),
    path("cuenta/mis-datos/descargar.<str:fmt>", views.my_data_download, name="my_data_download"),
    path("cuenta/mis-datos/solicitudes/nueva/", views.request_create, name="request_create"),
    path("cuenta/mis-datos/solicitudes/<int:pk>/", views.my_request_detail, name="my_request"),
    path(
        "cuenta/mis-datos/consentimientos/<slug:purpose>/<str:action>/",
        views.consent_change,
        name="consent_change",
    ),
    path("cuenta/gestion/tratamientos/", views.processing_record, name="record"),
    path("cuenta/gestion/solicitudes/", views.request_queue, name="request_queue"),
    path("cuenta/gestion/solicitudes/<int:pk>/", views.request_detail, name="request_detail"),
    path("cuenta/gestion/solicitudes/<int:pk>/iniciar/", views.request_start, name="request_start"),
    path("cuenta/gestion/solicitudes/<int:pk>/prorrogar/", views.request_extend, name="request_extend"),
    path("cuenta/gestion/solicitudes/<int:pk>/responder/", views.request_answer, name="request_answer"),
    path("cuenta/gestion/brechas/", views.breach_list, name="breach_list"),
    path("cuenta/gestion/brechas/nueva/", views.breach_create, name="breach_create"),
    path("cuenta/gestion/brechas/<int:pk>/", views.breach_edit, name="breach_edit"),
]
