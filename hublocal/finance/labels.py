"""What this app's codes are called in words: audit actions and notification kinds."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hublocal.core import registry

AUDIT_LABELS = {
    "finance.income_create": _("Ingreso registrado"),
    "finance.income_update": _("Ingreso modificado"),
    "finance.income_void": _("Ingreso anulado"),
    "finance.rates_import": _("Tipos de cambio importados"),
    "finance.line_update": _("Línea de ingreso actualizada"),
    "finance.budget_set": _("Presupuesto de una línea fijado"),
    "finance.membership_create": _("Membresía municipal registrada"),
    "finance.breach_alert": _("Alerta: una línea supera el 35% de los ingresos"),
    "finance.breach_resolved": _("Alerta cerrada: la línea ya no supera el 35%"),
}

NOTIFICATION_KINDS = {
    "finance.breach": _("Una línea de ingreso supera el 35%"),
    "finance.membership_due": _("Cuota de membresía por pagar"),
    "finance.membership_overdue": _("Cuota de membresía vencida"),
}


def register() -> None:
    for code, label in AUDIT_LABELS.items():
        registry.register_audit_action(code, label)
    for code, label in NOTIFICATION_KINDS.items():
        registry.register_notification_kind(code, label)
