"""What this app's codes are called in words: audit actions, its engagement process and its
notification kinds. Registered in ready()."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hublocal.core import registry

AUDIT_LABELS = {
    "assistance.request_create": _("Solicitud de asistencia técnica enviada"),
    "assistance.request_accept": _("Solicitud de asistencia aceptada"),
    "assistance.request_decline": _("Solicitud de asistencia no aceptada"),
    "assistance.engagement_create": _("Asistencia técnica acordada"),
    "assistance.engagement_start": _("Asistencia técnica iniciada"),
    "assistance.engagement_delivered": _("Asistencia técnica entregada"),
    "assistance.engagement_close": _("Asistencia técnica cerrada"),
    "assistance.deliverable_submit": _("Entregable enviado a revisión"),
    "assistance.deliverable_accept": _("Entregable aceptado"),
    "assistance.deliverable_return": _("Entregable devuelto con comentarios"),
    "assistance.rating_submit": _("Asistencia técnica calificada"),
    "assistance.publish_library": _("Productos de una asistencia enviados a la biblioteca"),
}

NOTIFICATION_KINDS = {
    "assistance.request_decided": _("Decisión sobre una solicitud de asistencia"),
    "assistance.engagement_agreed": _("Asistencia técnica acordada"),
    "assistance.deliverable_review": _("Entregable por revisar"),
    "assistance.deliverable_reviewed": _("Entregable revisado por el municipio"),
}


def register() -> None:
    from . import selectors

    registry.register_process_label(
        "assistance.review", _("Revisión de entregable de asistencia técnica"), selectors.subject_names
    )
    for code, label in AUDIT_LABELS.items():
        registry.register_audit_action(code, label)
    for code, label in NOTIFICATION_KINDS.items():
        registry.register_notification_kind(code, label)
