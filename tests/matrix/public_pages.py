"""Permission-matrix rows for the public pages of issue 16 (see tests/test_permission_matrix.py
for the columns): help and contact (hublocal/core/public_views.py), robots.txt and the sitemap.
All public and the same for everyone; the contact form is the only write (a message to the hub,
audited as core.contact_message). Wire into tests/test_permission_matrix.py like the others."""

from __future__ import annotations

from typing import Any

from tests.matrix import Row, row

NONE: dict[str, Any] = {}
CONTACT_FORM = {
    "name": "Persona de la matriz",
    "email": "matriz@example.cl",
    "organization_name": "",
    "topic": "other",
    "message": "Una consulta de prueba de la matriz de permisos.",
}

# fmt: off
ROWS: list[Row] = [
    #   route                             kwargs  method   anon   staff  anlst  stgo   valpo  st-a   st-b   partner
    row("core:help",                      NONE,   "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("core:contact",                   NONE,   "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("core:contact",                   NONE,   "POST",  302,   302,   302,   302,   302,   302,   302,   302,
        data=CONTACT_FORM, audit="core.contact_message", note="anyone may write to the hub; rate-limited per address"),
    row("robots_txt",                     NONE,   "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("sitemap_index",                  NONE,   "GET",   200,   200,   200,   200,   200,   200,   200,   200,
        note="public pages only, the same for everyone (built as an anonymous visitor sees them)"),
    row("sitemap_section",                {"section": "municipios"}, "GET", 200, 200, 200, 200, 200, 200, 200, 200),
]
# fmt: on


def placeholders(users: dict[str, Any]) -> dict[str, Any]:
    return {}
