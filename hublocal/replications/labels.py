"""Replications' audit actions in words (the audit page, the back office)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hublocal.core import registry

AUDIT_LABELS = {
    "replications.record": _("Replicación registrada"),
    "replications.update": _("Replicación editada"),
    "replications.transition": _("Estado de la replicación cambiado"),
    "replications.result_add": _("Resultado de replicación registrado"),
    "replications.confirm": _("Replicación confirmada"),
}


def register() -> None:
    for code, label in AUDIT_LABELS.items():
        registry.register_audit_action(code, label)
