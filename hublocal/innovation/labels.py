"""What this app's codes are called in words: its audit actions (the audit page, the back
office) and, when it opens engagement tracks, its process (the follow-up pages). Registered
in ready(), so no page ever shows a code such as "innovation.call_cancel"."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hublocal.core import registry

PROCESS_LABELS = {
    "innovation.challenge": _("Desafío de innovación"),
}

AUDIT_LABELS = {
    "innovation.call_cancel": _("Convocatoria cancelada"),
    "innovation.call_create": _("Convocatoria creada"),
    "innovation.call_criteria_set": _("Criterios de la convocatoria definidos"),
    "innovation.call_extend_close": _("Cierre de la convocatoria extendido"),
    "innovation.call_publish": _("Convocatoria publicada"),
    "innovation.call_update": _("Convocatoria editada"),
    "innovation.challenge_create": _("Desafío creado"),
    "innovation.challenge_set_status": _("Estado del desafío cambiado"),
    "innovation.challenge_transition": _("Desafío avanzó de etapa"),
    "innovation.challenge_update": _("Desafío editado"),
    "innovation.event_create": _("Evento creado"),
    "innovation.event_register": _("Inscripción a un evento"),
    "innovation.event_set_attendance": _("Asistencia a un evento registrada"),
    "innovation.event_update": _("Evento editado"),
    "innovation.question_answer": _("Pregunta respondida"),
    "innovation.question_ask": _("Pregunta enviada"),
}


def register() -> None:
    for code, label in PROCESS_LABELS.items():
        registry.register_process_label(code, label)
    for code, label in AUDIT_LABELS.items():
        registry.register_audit_action(code, label)
