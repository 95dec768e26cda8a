"""What this app's codes are called in words: its audit actions (the audit page, the back
office) and, when it opens engagement tracks, its process (the follow-up pages). Registered
in ready(), so no page ever shows a code such as "directory.designation_set"."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hublocal.core import registry

AUDIT_LABELS = {
    "directory.designation_set": _("Designación municipal registrada"),
    "directory.membership_add": _("Persona vinculada a una organización"),
    "directory.membership_end": _("Vínculo con una organización terminado"),
    "directory.municipality_organizations_sync": _("Municipalidades sincronizadas con el territorio"),
    "directory.organization_create": _("Organización creada"),
    "directory.organization_update": _("Organización editada"),
    "directory.person_create": _("Persona creada"),
    "directory.person_set_public": _("Perfil público de una persona cambiado"),
    "directory.person_update": _("Persona editada"),
    "directory.seed_scale": _("Datos de prueba a escala cargados"),
}


def register() -> None:
    for code, label in AUDIT_LABELS.items():
        registry.register_audit_action(code, label)
