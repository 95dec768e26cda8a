from django.urls import path

from . import views

app_name = "proposals"
urlpatterns = [
    path("mias/", views.mine, name="mine"),
    path("desafio/<int:challenge_pk>/", views.challenge_proposals, name="challenge_proposals"),
    path("desafio/<int:challenge_pk>/postular/", views.apply, name="apply"),
    path("desafio/<int:challenge_pk>/sesiones/nueva/", views.session_create, name="session_create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/editar/", views.edit, name="edit"),
    path("<int:pk>/retirar/", views.withdraw, name="withdraw"),
    path("<int:pk>/adjuntos/", views.attachment_upload, name="attachment_upload"),
    path("<int:pk>/evaluar/", views.score, name="score"),
    path("<int:pk>/decision/", views.decision, name="decision"),
    path("<int:pk>/retroalimentacion/", views.feedback, name="feedback"),
    path("adjuntos/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("adjuntos/<int:pk>/eliminar/", views.attachment_delete, name="attachment_delete"),
    path("convocatoria/<int:call_pk>/evaluacion/", views.evaluation, name="evaluation"),
    path("convocatoria/<int:call_pk>/evaluacion.csv", views.evaluation_export, name="evaluation_export"),
    path("convocatoria/<int:call_pk>/comite/", views.committee, name="committee"),
    path("convocatoria/<int:call_pk>/comite/<int:user_pk>/quitar/", views.committee_remove, name="committee_remove"),
    path("sesiones/", views.session_list, name="session_list"),
    path("sesiones/<int:pk>/", views.session_detail, name="session_detail"),
    path("sesiones/<int:pk>/acta/", views.session_record, name="session_record"),
    path("sesiones/<int:pk>/cancelar/", views.session_cancel, name="session_cancel"),
]
