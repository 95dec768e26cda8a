"""Technical assistance in an organisation's 360° page (core.registry, issue 14 item 7)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hublocal.core import registry

from . import selectors

TEMPLATE = "includes/panel_rows_360.html"
LIMIT = 50


def organization_panel(organization_id: int, viewer: Any) -> dict[str, Any] | None:
    """Its engagements that the viewer may see (engagements_visible: the hub all, a municipality
    its own), with deliverables accepted. One query."""
    engagements = list(selectors.engagements_visible(user=viewer, organization=organization_id)[:LIMIT])
    if not engagements:
        return None
    rows = [
        {
            "title": e.title,
            "url": reverse("assistance:engagement_detail", kwargs={"pk": e.pk}),
            "badge": e.get_status_display(),
            "detail": _("Entregables aceptados: %(ok)s de %(n)s") % {"ok": e.n_accepted, "n": e.n_deliverables},
        }
        for e in engagements
    ]
    return {"groups": [{"heading": None, "rows": rows}]}


def register() -> None:
    registry.register_organization_panel(
        "assistance", 70, gettext_lazy("Asistencia técnica"), TEMPLATE, organization_panel
    )
