"""What this app's audit actions are called in words (the audit page, the back office)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hublocal.core import registry

AUDIT_LABELS = {
    "library.resource_create": _("Recurso de la biblioteca propuesto"),
    "library.resource_update": _("Borrador de recurso editado"),
    "library.version_create": _("Nueva versión de un recurso"),
    "library.resource_submit": _("Recurso enviado a revisión"),
    "library.review_approve": _("Recurso aprobado y publicado"),
    "library.review_return": _("Recurso devuelto con observaciones"),
    "library.resource_retire": _("Recurso retirado"),
    "library.evidence_set": _("Nivel de evidencia asignado"),
    "library.file_add": _("Archivo adjuntado a un recurso"),
    "library.file_extract": _("Texto de un archivo extraído"),
    "library.reviewer_appoint": _("Persona revisora designada"),
    "library.reviewer_revoke": _("Designación de persona revisora revocada"),
    "library.dimension_link_add": _("Recurso vinculado a una dimensión del diagnóstico"),
    "library.dimension_link_remove": _("Vínculo de recurso y dimensión eliminado"),
    "library.model_from_pilot": _("Modelo replicable creado desde un piloto"),
}


def register() -> None:
    for code, label in AUDIT_LABELS.items():
        registry.register_audit_action(code, label)
