"""What this app's codes are called in words: its audit actions (the audit page, the back
office) and, when it opens engagement tracks, its process (the follow-up pages). Registered
in ready(), so no page ever shows a code such as "engagement.escalate"."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hublocal.core import registry

AUDIT_LABELS = {
    "engagement.escalate": _("Recordatorio o escalamiento enviado"),
    "engagement.escalate_run": _("Recordatorios ejecutados"),
    "engagement.track_activity": _("Actividad registrada en un seguimiento"),
    "engagement.track_done": _("Seguimiento completado"),
    "engagement.track_open": _("Seguimiento iniciado"),
    "engagement.track_open_many": _("Seguimientos iniciados"),
    "engagement.track_reopen": _("Seguimiento reabierto"),
}


def register() -> None:
    for code, label in AUDIT_LABELS.items():
        registry.register_audit_action(code, label)
