"""What this app's codes are called in words: its audit actions (the audit page, the back
office) and, when it opens engagement tracks, its process (the follow-up pages). Registered
in ready(), so no page ever shows a code such as "pilots.agreement_create"."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hublocal.core import registry

PROCESS_LABELS = {
    "pilots.pilot": _("Piloto"),
}

AUDIT_LABELS = {
    "pilots.agreement_create": _("Convenio registrado"),
    "pilots.indicator_add": _("Indicador agregado"),
    "pilots.indicator_remove": _("Indicador eliminado"),
    "pilots.indicator_revise": _("Indicador revisado con justificación"),
    "pilots.indicator_update": _("Indicador editado"),
    "pilots.measurement_record": _("Medición registrada"),
    "pilots.pilot_create": _("Piloto creado"),
    "pilots.pilot_finish": _("Piloto finalizado"),
    "pilots.pilot_start": _("Piloto iniciado"),
    "pilots.pilot_pause": _("Piloto pausado"),
    "pilots.pilot_resume": _("Piloto reanudado"),
    "pilots.pilot_cancel": _("Piloto cancelado"),
    "pilots.rating_submit": _("Calificación del proveedor enviada"),
}


def register() -> None:
    for code, label in PROCESS_LABELS.items():
        registry.register_process_label(code, label)
    for code, label in AUDIT_LABELS.items():
        registry.register_audit_action(code, label)
