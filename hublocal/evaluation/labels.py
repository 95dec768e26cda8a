"""What this app's codes are called in words: audit actions. Registered in ready()."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hublocal.core import registry

AUDIT_LABELS = {
    "evaluation.target_set": _("Meta anual de un indicador fijada"),
    "evaluation.compute": _("Indicadores del Hub recalculados"),
    "evaluation.result_create": _("Objetivo o resultado esperado creado"),
    "evaluation.result_update": _("Objetivo o resultado esperado modificado"),
    "evaluation.milestone_create": _("Hito creado"),
    "evaluation.milestone_update": _("Hito modificado"),
    "evaluation.report_highlights": _("Hitos destacados del informe anual escritos"),
    "evaluation.report_freeze": _("Informe anual congelado"),
}


def register() -> None:
    for code, label in AUDIT_LABELS.items():
        registry.register_audit_action(code, label)
