"""What this app's codes are called in words: its audit actions and notification kinds.
Registered in ready()."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hublocal.core import registry

AUDIT_LABELS = {
    "certificates.issue": _("Certificado emitido"),
    "certificates.revoke": _("Certificado revocado"),
}

NOTIFICATION_KINDS = {
    "certificates.issued": _("Certificado emitido"),
    "certificates.revoked": _("Certificado revocado"),
}


def register() -> None:
    for code, label in AUDIT_LABELS.items():
        registry.register_audit_action(code, label)
    for code, label in NOTIFICATION_KINDS.items():
        registry.register_notification_kind(code, label)
