"""What this app's audit codes are called in words."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hublocal.core import registry

AUDIT_LABELS = {
    "projects.project_create": _("Proyecto colaborativo registrado"),
    "projects.project_update": _("Términos de un proyecto colaborativo modificados"),
    "projects.milestone_add": _("Hito agregado a un proyecto"),
    "projects.milestone_update": _("Avance de un hito actualizado"),
    "projects.result_add": _("Resultado de proyecto registrado"),
    "projects.resources_link": _("Recursos de la biblioteca vinculados a un proyecto"),
}


def register() -> None:
    for code, label in AUDIT_LABELS.items():
        registry.register_audit_action(code, label)
