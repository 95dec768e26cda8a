"""Certificates in the 360° pages (core.registry, issue 14 item 7)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hublocal.core import registry

from . import selectors

TEMPLATE = "includes/panel_rows_360.html"
LIMIT = 50


def _rows(certificates: list[Any], *, with_holder: bool) -> list[dict[str, Any]]:
    return [
        {
            "title": f"{_('Nombre reservado') if c.holder_erased else c.holder_name} · {c.title}"
            if with_holder
            else c.title,
            "url": reverse("certificates:verify", kwargs={"code": c.code}),
            "badge": _("Revocado") if c.revoked_at else None,
            "detail": f"{c.issuer} · {c.completion_date:%d-%m-%Y}",
        }
        for c in certificates
    ]


def organization_panel(organization_id: int, viewer: Any) -> dict[str, Any] | None:
    """Certificates of its people (the organisation when issued). One query. A name withheld on
    an erasure request stays withheld here too."""
    certificates = list(selectors.certificates_for_organization(organization_id)[:LIMIT])
    if not certificates:
        return None
    return {"groups": [{"heading": None, "rows": _rows(certificates, with_holder=True)}]}


def person_panel(user_id: int, viewer: Any) -> dict[str, Any] | None:
    """One's own certificates. One query."""
    certificates = list(selectors.certificates_of_user(viewer)[:LIMIT]) if viewer.pk == user_id else []
    if not certificates:
        return None
    return {"groups": [{"heading": None, "rows": _rows(certificates, with_holder=False)}]}


def register() -> None:
    registry.register_organization_panel("certificates", 60, gettext_lazy("Certificados"), TEMPLATE, organization_panel)
    registry.register_person_panel("certificates", 60, gettext_lazy("Mis certificados"), TEMPLATE, person_panel)
