"""What this app's codes are called in words: audit actions, its engagement process and its
notification kinds. Registered in ready()."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hublocal.core import registry

AUDIT_LABELS = {
    "articulation.table_create": _("Mesa técnica creada"),
    "articulation.table_update": _("Mesa técnica editada"),
    "articulation.member_add": _("Integrante agregado a una mesa técnica"),
    "articulation.member_update": _("Rol de un integrante de mesa técnica cambiado"),
    "articulation.member_remove": _("Integrante quitado de una mesa técnica"),
    "articulation.meeting_create": _("Reunión de mesa técnica registrada"),
    "articulation.meeting_update": _("Reunión de mesa técnica editada"),
    "articulation.document_add": _("Documento de reunión de mesa técnica subido"),
    "articulation.commitment_create": _("Compromiso de mesa técnica registrado"),
    "articulation.commitment_status": _("Estado de un compromiso actualizado"),
    "articulation.commitment_overdue": _("Compromiso marcado como atrasado"),
    "articulation.policy_create": _("Incidencia en política pública registrada"),
    "articulation.policy_update": _("Incidencia en política pública editada"),
    "articulation.evidence_add": _("Evidencia agregada a una incidencia"),
    "articulation.activity_add": _("Actividad de incidencia registrada"),
}

NOTIFICATION_KINDS = {
    "articulation.commitment_overdue": _("Compromiso atrasado en una mesa técnica"),
}


def register() -> None:
    registry.register_process_label("articulation.commitment", _("Compromiso de mesa técnica"))
    for code, label in AUDIT_LABELS.items():
        registry.register_audit_action(code, label)
    for code, label in NOTIFICATION_KINDS.items():
        registry.register_notification_kind(code, label)
