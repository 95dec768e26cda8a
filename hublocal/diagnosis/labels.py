"""What this app's codes are called in words: its audit actions (the audit page, the back
office) and, when it opens engagement tracks, its process (the follow-up pages). Registered
in ready(), so no page ever shows a code such as "diagnosis.answers_save"."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hublocal.core import registry

PROCESS_LABELS = {
    "diagnosis.campaign": _("Campaña de diagnóstico"),
}

AUDIT_LABELS = {
    "diagnosis.answers_save": _("Respuestas guardadas"),
    "diagnosis.campaign_create": _("Campaña de diagnóstico creada"),
    "diagnosis.instrument_publish": _("Instrumento publicado"),
    "diagnosis.participation_confirm": _("Participación confirmada"),
    "diagnosis.participation_reopen": _("Diagnóstico reabierto"),
    "diagnosis.participation_submit": _("Diagnóstico enviado"),
    "diagnosis.proposed_challenge_adopt": _("Desafío propuesto adoptado"),
    "diagnosis.proposed_challenge_create": _("Desafío propuesto desde una brecha"),
}


def register() -> None:
    for code, label in PROCESS_LABELS.items():
        registry.register_process_label(code, label)
    for code, label in AUDIT_LABELS.items():
        registry.register_audit_action(code, label)
