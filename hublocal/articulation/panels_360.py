"""Round tables and commitments in the 360° pages (core.registry, issue 14 item 7)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hublocal.core import registry

from . import selectors

TEMPLATE = "includes/panel_rows_360.html"


def _table_rows(tables: list[Any]) -> list[dict[str, Any]]:
    # Round tables are public (permissions.VIEW_TABLE): every row links to its page.
    return [
        {
            "title": t.theme,
            "url": reverse("articulation:table_detail", kwargs={"slug": t.slug}),
            "badge": t.get_status_display(),
            "detail": t.get_area_display(),
        }
        for t in tables
    ]


def _commitment_rows(commitments: list[Any]) -> list[dict[str, Any]]:
    return [
        {
            "title": c.what,
            "url": reverse("articulation:table_detail", kwargs={"slug": c.table.slug}),
            "detail": c.table.theme,
            "badge": c.get_status_display(),
            "due": c.due_on,
        }
        for c in commitments
    ]


def organization_panel(organization_id: int, viewer: Any) -> dict[str, Any] | None:
    """The tables it sits at and the open commitments it owns. Two queries."""
    tables = selectors.tables_of_organization(organization_id=organization_id)
    commitments = selectors.commitments_due_for(organization_id=organization_id, limit=selectors.LIMIT_360)
    if not tables and not commitments:
        return None
    return {
        "groups": [
            {"heading": None, "rows": _table_rows(tables)},
            {"heading": _("Compromisos a su cargo"), "rows": _commitment_rows(commitments)},
        ]
    }


def person_panel(user_id: int, viewer: Any) -> dict[str, Any] | None:
    """The tables where the person is a member and the open commitments they own. Two queries."""
    tables = selectors.tables_of_person(user_id=user_id)
    commitments = selectors.commitments_of_person(user_id=user_id)
    if not tables and not commitments:
        return None
    return {
        "groups": [
            {"heading": None, "rows": _table_rows(tables)},
            {"heading": _("Compromisos a mi cargo"), "rows": _commitment_rows(commitments)},
        ]
    }


def register() -> None:
    registry.register_organization_panel(
        "articulation", 20, gettext_lazy("Mesas técnicas"), TEMPLATE, organization_panel
    )
    registry.register_person_panel("articulation", 20, gettext_lazy("Mesas técnicas"), TEMPLATE, person_panel)
