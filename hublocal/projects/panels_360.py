"""Collaborative projects in an organisation's 360° page (core.registry, issue 14 item 7)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hublocal.core import registry

from . import selectors

TEMPLATE = "includes/panel_rows_360.html"


def organization_panel(organization_id: int, viewer: Any) -> dict[str, Any] | None:
    """Projects it takes part in as partner or funder, with their progress (public, like the
    project pages). One query."""
    projects = selectors.projects_of_organization(organization_id=organization_id)
    if not projects:
        return None
    rows = [
        {
            "title": p.title,
            "url": reverse("projects:project_detail", kwargs={"slug": p.slug}),
            "badge": p.get_status_display(),
            "detail": _("Avance: %(pct)s%%") % {"pct": selectors.list_progress(p)},
        }
        for p in projects
    ]
    return {"groups": [{"heading": None, "rows": rows}]}


def register() -> None:
    registry.register_organization_panel(
        "projects", 30, gettext_lazy("Proyectos colaborativos"), TEMPLATE, organization_panel
    )
