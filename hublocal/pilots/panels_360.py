"""Pilots in an organisation's 360° page (core.registry, issue 14 item 7)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy

from hublocal.core import registry

from . import selectors

TEMPLATE = "includes/panel_rows_360.html"


def organization_panel(organization_id: int, viewer: Any) -> dict[str, Any] | None:
    """The pilots it is a party to, as municipality or startup (all pilots are public). One query."""
    pilots = selectors.pilots_of_organization(organization_id=organization_id)
    if not pilots:
        return None
    rows = [
        {
            "title": p.title,
            "url": reverse("pilots:pilot_detail", kwargs={"pk": p.pk}),
            "badge": p.get_status_display(),
            "detail": f"{p.agreement.municipality.name} · {p.agreement.startup.name}",
        }
        for p in pilots
    ]
    return {"groups": [{"heading": None, "rows": rows}]}


def register() -> None:
    registry.register_organization_panel("pilots", 40, gettext_lazy("Pilotos"), TEMPLATE, organization_panel)
