"""The record of processing activities (Ley 21.719), generated from the apps' declarations.

One row per declaration. The `privacy_record` command prints it (docs/privacy.md carries its
Markdown output, checked by a test), and any page that shows the record can use the same rows."""

from __future__ import annotations

from django.utils.translation import gettext as _

from hublocal.core.registry import LegalBasis, PersonalData, personal_data


def headers() -> list[str]:
    return [
        _("Actividad"),
        _("Modelo"),
        _("Datos"),
        _("Finalidad"),
        _("Base legal"),
        _("Conservación"),
        _("Destinatarios"),
    ]


def fields_text(declaration: PersonalData) -> str:
    """Declared fields, then the free-text ones marked as such."""
    parts = list(declaration.fields)
    parts += [_("%(field)s (texto libre)") % {"field": f} for f in declaration.free_text_fields]
    return ", ".join(parts)


def row(declaration: PersonalData) -> list[str]:
    return [
        declaration.key,
        declaration.model,
        fields_text(declaration),
        str(declaration.purpose),
        str(LegalBasis.label(declaration.legal_basis)),
        str(declaration.retention),
        str(declaration.recipients),
    ]


def rows() -> list[list[str]]:
    """The record in the active language, one row per declaration, ordered by key."""
    return [row(d) for d in personal_data()]


def markdown() -> str:
    """The record as a Markdown table (what docs/privacy.md carries between its markers)."""

    def line(cells: list[str]) -> str:
        # A pipe would end the cell; a newline would end the row.
        return "| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in cells) + " |"

    out = [line(headers()), "|" + "---|" * len(headers())]
    out += [line(r) for r in rows()]
    return "\n".join(out) + "\n"
