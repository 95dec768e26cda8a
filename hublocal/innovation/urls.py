from django.urls import path

from . import views

app_name = "innovation"
urlpatterns = [
    path("", views.index, name="index"),
    path("convocatorias/", views.call_list, name="call_list"),
    path("convocatorias/nueva/", views.call_create, name="call_create"),
    path("convocatorias/<slug:slug>/", views.call_detail, name="call_detail"),
    path("convocatorias/<slug:slug>/editar/", views.call_edit, name="call_edit"),
    path("convocatorias/<slug:slug>/criterios/", views.call_criteria, name="call_criteria"),
    path("convocatorias/<slug:slug>/publicar/", views.call_publish, name="call_publish"),
    path("convocatorias/<slug:slug>/extender/", views.call_extend, name="call_extend"),
    path("convocatorias/<slug:slug>/cancelar/", views.call_cancel, name="call_cancel"),
    path("convocatorias/<slug:slug>/preguntas/", views.question_ask, name="question_ask"),
    path("preguntas/<int:pk>/responder/", views.question_answer, name="question_answer"),
    path("desafios/", views.challenge_list, name="challenge_list"),
    path("desafios/nuevo/", views.challenge_create, name="challenge_create"),
    path("desafios/desde-diagnostico/", views.challenge_from_gap, name="challenge_from_gap"),
    path("desafios/<int:pk>/", views.challenge_detail, name="challenge_detail"),
    path("desafios/<int:pk>/editar/", views.challenge_edit, name="challenge_edit"),
    path("desafios/<int:pk>/estado/", views.challenge_transition, name="challenge_transition"),
    path("recomendados/", views.recommended, name="recommended"),
    path("eventos/", views.event_list, name="event_list"),
    path("eventos/nuevo/", views.event_create, name="event_create"),
    path("eventos/<int:pk>/", views.event_detail, name="event_detail"),
    path("eventos/<int:pk>/editar/", views.event_edit, name="event_edit"),
    path("eventos/<int:pk>/inscripcion/", views.event_register, name="event_register"),
    path("eventos/<int:pk>/asistencia/", views.event_attendance, name="event_attendance"),
]
