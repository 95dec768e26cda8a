from django.urls import path

from . import views

app_name = "events"
urlpatterns = [
    path("eventos/", views.event_list, name="list"),
    path("eventos/nuevo/", views.event_create, name="create"),
    path("eventos/<slug:slug>/", views.event_detail, name="detail"),
    path("eventos/<slug:slug>/editar/", views.event_edit, name="edit"),
    path("eventos/<slug:slug>/estado/", views.event_status, name="status"),
    path("eventos/<slug:slug>/calendario.ics", views.event_ics, name="ics"),
    path("eventos/<slug:slug>/inscripcion/", views.register, name="register"),
    path("eventos/<slug:slug>/inscripcion/cancelar/", views.cancel, name="cancel"),
    path("eventos/<slug:slug>/inscritos/", views.registrants, name="registrants"),
    path("eventos/<slug:slug>/inscritos/exportar/", views.registrants_export, name="registrants_export"),
    path("inscripciones/<int:pk>/pago/", views.payment, name="payment"),
    path("eventos/<slug:slug>/postular-pitch/", views.pitch_apply, name="pitch_apply"),
    path("eventos/<slug:slug>/pitches/", views.pitches, name="pitches"),
    path("pitches/<int:pk>/", views.pitch_detail, name="pitch_detail"),
    path("pitches/<int:pk>/decision/", views.pitch_decide, name="pitch_decide"),
    path("pitches/<int:pk>/interes/", views.pitch_interest, name="pitch_interest"),
    path("premios/", views.award_list, name="award_list"),
    path("premios/nuevo/", views.award_create, name="award_create"),
    path("premios/<slug:slug>/", views.award_detail, name="award_detail"),
    path("premios/<slug:slug>/gestion/", views.award_manage, name="award_manage"),
    path("premios/<slug:slug>/nominar/", views.nominate, name="nominate"),
    path("premios/<slug:slug>/jurado/", views.jury, name="jury"),
    path("nominaciones/<int:pk>/evaluar/", views.score, name="score"),
]
