"""What this app's audit codes are called in words."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hublocal.core import registry

AUDIT_LABELS = {
    "network.unit_save": _("Unidad del Hub registrada o actualizada"),
    "network.relation_add": _("Relación entre unidades registrada"),
    "network.stage_create": _("Etapa de la hoja de ruta creada"),
    "network.stage_update": _("Etapa de la hoja de ruta actualizada"),
    "network.evidence_add": _("Evidencia agregada a una etapa"),
    "network.membership_set": _("Membresía AMUCH de un municipio registrada o cambiada"),
    "network.network_save": _("Red internacional registrada o editada"),
}


def register() -> None:
    for code, label in AUDIT_LABELS.items():
        registry.register_audit_action(code, label)
