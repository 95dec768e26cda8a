"""The agreements section of an organisation's 360° page (core.registry, issue 14 item 7)."""

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
    """Its agreements the viewer may open (visible(): confidential ones only to the hub and the
    parties) and its open obligations, soonest first. Four queries."""
    agreements = list(selectors.agreement_list(user=viewer, party=organization_id)[:LIMIT])
    shown = {a.pk for a in agreements}
    obligations = [
        o
        for o in selectors.obligations_of_organization(organization_id=organization_id)[:LIMIT]
        if o.agreement_id in shown
    ]
    if not agreements:
        return None
    return {
        "groups": [
            {
                "heading": None,
                "rows": [
                    {
                        "title": a.title,
                        "url": reverse("agreements:detail", kwargs={"pk": a.pk}),
                        "badge": a.get_status_display(),
                        "detail": f"{a.get_kind_display()} · {a.starts_on:%d-%m-%Y} – {a.ends_on:%d-%m-%Y}",
                    }
                    for a in agreements
                ],
            },
            {
                "heading": _("Obligaciones pendientes"),
                "rows": [
                    {
                        "title": o.description,
                        "url": reverse("agreements:detail", kwargs={"pk": o.agreement_id}),
                        "detail": o.agreement.title,
                        "badge": o.get_status_display(),
                        "due": o.due_on,
                    }
                    for o in obligations
                ],
            },
        ]
    }


def register() -> None:
    registry.register_organization_panel("agreements", 10, gettext_lazy("Convenios"), TEMPLATE, organization_panel)
