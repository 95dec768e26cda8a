"""What this app's codes are called in words: its audit actions. Registered in ready()."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hublocal.core import registry

AUDIT_LABELS = {
    "notifications.notify": _("Aviso enviado"),
    "notifications.mark_read": _("Aviso marcado como leído"),
    "notifications.mark_all_read": _("Avisos marcados como leídos"),
}


def register() -> None:
    for code, label in AUDIT_LABELS.items():
        registry.register_audit_action(code, label)
