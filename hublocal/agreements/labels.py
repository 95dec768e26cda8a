"""What this app's codes are called in words: audit actions, its engagement process and its
notification kinds. Registered in ready()."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hublocal.core import registry

AUDIT_LABELS = {
    "agreements.create": _("Convenio registrado"),
    "agreements.amend": _("Convenio modificado (nueva versión)"),
    "agreements.sign": _("Convenio enviado a firma"),
    "agreements.in_force": _("Convenio vigente"),
    "agreements.terminate": _("Convenio terminado"),
    "agreements.obligation_complete": _("Obligación de un convenio cumplida"),
    "agreements.link_add": _("Convenio vinculado"),
    "agreements.link_remove": _("Vínculo de un convenio quitado"),
    "agreements.document_upload": _("Documento de un convenio subido (nueva versión)"),
}

NOTIFICATION_KINDS = {
    "agreements.renewal": _("Convenio por vencer"),
    "agreements.obligation_due": _("Obligación de un convenio por vencer"),
    "agreements.obligation_overdue": _("Obligación de un convenio vencida"),
}


def register() -> None:
    registry.register_process_label("agreements.obligation", _("Obligación vencida de un convenio"))
    for code, label in AUDIT_LABELS.items():
        registry.register_audit_action(code, label)
    for code, label in NOTIFICATION_KINDS.items():
        registry.register_notification_kind(code, label)
