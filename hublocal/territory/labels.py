"""What this app's codes are called in words: its audit actions (the audit page, the back
office) and, when it opens engagement tracks, its process (the follow-up pages). Registered
in ready(), so no page ever shows a code such as "territory.commune_set_typology"."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hublocal.core import registry

AUDIT_LABELS = {
    "territory.commune_set_typology": _("Tipología de una comuna cambiada"),
    "territory.foreign_municipality_register": _("Municipio extranjero registrado"),
    "territory.load_official": _("Territorio oficial cargado"),
    "territory.typology_import": _("Tipología importada"),
    "territory.indicators_import": _("Indicadores comunales importados"),
}


def register() -> None:
    for code, label in AUDIT_LABELS.items():
        registry.register_audit_action(code, label)
