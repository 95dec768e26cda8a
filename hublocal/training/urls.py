from django.urls import path

from . import views, views_authoring, views_evaluation, views_projects

app_name = "training"
urlpatterns = [
    path("", views.programme_list, name="programme_list"),
    path("programas/<slug:slug>/", views.programme_detail, name="programme_detail"),
    path("cohortes/<int:pk>/postular/", views.cohort_apply, name="cohort_apply"),
    path("mis-cursos/", views.my_courses, name="my_courses"),
    path("postulaciones/<int:pk>/confirmar/", views.application_confirm, name="application_confirm"),
    path("postulaciones/<int:pk>/retirar/", views.application_withdraw, name="application_withdraw"),
    path("sesiones/<int:pk>/registrar/", views.session_checkin, name="session_checkin"),
    path("gestion/", views.manage, name="manage"),
    path("gestion/cohortes/<int:pk>/", views.cohort_manage, name="cohort_manage"),
    path("gestion/postulaciones/<int:pk>/decidir/", views.application_decide, name="application_decide"),
    path("gestion/cohortes/<int:pk>/certificados/", views.issue_certificates, name="issue_certificates"),
    path("docencia/", views.teaching, name="teaching"),
    path("docencia/cohortes/<int:pk>/participantes/", views.roster, name="roster"),
    path("docencia/sesiones/<int:pk>/asistencia/", views.attendance, name="attendance"),
    path("docencia/sesiones/<int:pk>/importar/", views.attendance_import, name="attendance_import"),
    # --- Evaluation
    path(
        "postulaciones/<int:pk>/encuesta/modulo/<int:module_pk>/",
        views_evaluation.survey_module,
        name="survey_module",
    ),
    path(
        "postulaciones/<int:pk>/autoevaluacion/<slug:moment>/",
        views_evaluation.survey_self_assessment,
        name="survey_self_assessment",
    ),
    path("cohortes/<int:pk>/informe/", views_evaluation.cohort_report, name="cohort_report"),
    path("cohortes/<int:pk>/informe/pdf/", views_evaluation.cohort_report_pdf, name="cohort_report_pdf"),
    # --- Group projects
    path("cohortes/<int:pk>/proyectos/", views_projects.cohort_projects, name="cohort_projects"),
    path("cohortes/<int:pk>/proyectos/grupos/nuevo/", views_projects.group_create, name="group_create"),
    path("proyectos/<int:pk>/", views_projects.project_detail, name="project_detail"),
    path("proyectos/<int:pk>/editar/", views_projects.project_edit, name="project_edit"),
    path("proyectos/<int:pk>/etapa/", views_projects.project_advance, name="project_advance"),
    path("proyectos/<int:pk>/prototipo/", views_projects.prototype_submit, name="prototype_submit"),
    path("proyectos/<int:pk>/comentarios/", views_projects.feedback_add, name="project_feedback"),
    path("proyectos/<int:pk>/presentacion/", views_projects.presentation_record, name="project_presentation"),
    path("proyectos/<int:pk>/convertir/", views_projects.project_convert, name="project_convert"),
    path("proyectos/<int:pk>/publicar/", views_projects.project_publish, name="project_publish"),
    # --- Authoring (views_authoring.py)
    path("gestion/programas/", views_authoring.programmes, name="author_programmes"),
    path("gestion/programas/nuevo/", views_authoring.programme_create, name="author_programme_create"),
    path("gestion/programas/<int:pk>/", views_authoring.programme_edit, name="author_programme"),
    path("gestion/programas/<int:pk>/estado/", views_authoring.programme_status, name="author_programme_status"),
    path("gestion/programas/<int:pk>/modulos/nuevo/", views_authoring.module_create, name="author_module_create"),
    path("gestion/modulos/<int:pk>/", views_authoring.module_edit, name="author_module"),
    path("gestion/modulos/<int:pk>/mover/", views_authoring.module_move, name="author_module_move"),
    path("gestion/modulos/<int:pk>/eliminar/", views_authoring.module_delete, name="author_module_delete"),
    path("gestion/programas/<int:pk>/cohortes/nueva/", views_authoring.cohort_create, name="author_cohort_create"),
    path("gestion/cohortes/<int:pk>/editar/", views_authoring.cohort_edit, name="author_cohort"),
    path("gestion/cohortes/<int:pk>/sesiones/nueva/", views_authoring.session_create, name="author_session_create"),
    path("gestion/sesiones/<int:pk>/", views_authoring.session_edit, name="author_session"),
]
