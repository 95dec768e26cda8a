"""What this app's codes are called in words: audit actions and notification kinds."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hublocal.core import registry

AUDIT_LABELS = {
    "training.programme_create": _("Programa de formación creado"),
    "training.module_add": _("Módulo agregado a un programa"),
    "training.cohort_create": _("Cohorte creada"),
    "training.cohort_status": _("Estado de cohorte cambiado"),
    "training.session_create": _("Sesión programada"),
    "training.application_apply": _("Postulación a una cohorte"),
    "training.application_decide": _("Postulación resuelta"),
    "training.application_confirm": _("Participación confirmada"),
    "training.application_withdraw": _("Retiro de una cohorte"),
    "training.application_enrol": _("Inscripción directa en una cohorte"),
    "training.waitlist_promote": _("Cupo asignado desde la lista de espera"),
    "training.attendance_mark": _("Asistencia marcada por docente"),
    "training.attendance_check_in": _("Asistencia registrada con código"),
    "training.attendance_import": _("Asistencia importada de videollamada"),
    "training.delivery_record": _("Entrega de módulo registrada"),
    "training.certificates_issue": _("Certificados de cohorte emitidos"),
    # --- Evaluation
    "training.survey_submit": _("Encuesta de evaluación respondida"),
    # --- Group projects
    "training.group_create": _("Grupo de proyecto formado"),
    "training.project_update": _("Proyecto grupal editado"),
    "training.project_stage": _("Proyecto grupal cambió de etapa"),
    "training.prototype_submit": _("Prototipo de proyecto grupal enviado"),
    "training.project_feedback": _("Comentario de mentoría a un proyecto grupal"),
    "training.project_presentation": _("Presentación final de proyecto grupal registrada"),
    "training.project_publish": _("Proyecto grupal publicado u ocultado"),
    "training.project_convert": _("Proyecto grupal convertido en desafío o recurso"),
    # --- Authoring
    "training.programme_update": _("Programa de formación editado"),
    "training.programme_status": _("Programa publicado, archivado o devuelto a borrador"),
    "training.module_update": _("Módulo editado"),
    "training.module_move": _("Módulo reordenado"),
    "training.module_delete": _("Módulo eliminado"),
    "training.cohort_update": _("Cohorte editada"),
    "training.session_update": _("Sesión editada"),
    "training.certificate_auto": _("Certificado emitido automáticamente al completar"),
}

NOTIFICATION_KINDS = {
    "training.application_decided": _("Decisión sobre una postulación"),
    "training.waitlist_promoted": _("Cupo liberado desde la lista de espera"),
    "training.session_reminder": _("Recordatorio de sesión"),
    # --- Evaluation
    "training.survey_open": _("Encuesta de evaluación abierta"),
    "training.project_feedback": _("Comentarios de mentoría a su proyecto grupal"),
}


def register() -> None:
    for code, label in AUDIT_LABELS.items():
        registry.register_audit_action(code, label)
    for code, label in NOTIFICATION_KINDS.items():
        registry.register_notification_kind(code, label)
