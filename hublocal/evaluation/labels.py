"""What this app's codes are called in words: audit actions. Registered in ready()."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hublocal.core import registry

AUDIT_LABELS = {
    "evaluation.target_set": _("Meta anual de un indicador fijada"),
    "evaluation.compute": _("Indicadores del Hub recalculados"),
}


def register() -> None:
    for code, label in AUDIT_LABELS.items():
        registry.register_audit_action(code, label)
