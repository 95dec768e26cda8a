"""What this app's codes are called in words: its audit actions (the audit page, the back
office) and, when it opens engagement tracks, its process (the follow-up pages). Registered
in ready(), so no page ever shows a code such as "solutions.solution_create"."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hublocal.core import registry

AUDIT_LABELS = {
    "solutions.solution_create": _("Solución creada"),
    "solutions.solution_set_published": _("Publicación de una solución cambiada"),
    "solutions.solution_update": _("Solución editada"),
    "solutions.seed_scale": _("Soluciones de prueba a escala cargadas"),
    "solutions.startup_profile_update": _("Perfil de startup editado"),
    "solutions.startup_register": _("Startup registrada"),
}


def register() -> None:
    for code, label in AUDIT_LABELS.items():
        registry.register_audit_action(code, label)
