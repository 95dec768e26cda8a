"""Events in the 360° pages: a person's events, an organisation's awards won."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy

from hublocal.core import registry

from . import selectors
from .permissions import Action, can

TEMPLATE = "includes/panel_rows_360.html"


def person_panel(user_id: int, viewer: Any) -> dict[str, Any] | None:
    """The events the person registered to (that the viewer may open). One query."""
    rows = [
        {
            "title": r.event.title,
            "url": reverse("events:detail", kwargs={"slug": r.event.slug}),
            "badge": r.get_status_display(),
            "detail": r.event.get_kind_display(),
            "due": r.event.starts_at,
        }
        for r in selectors.registrations_of_person(user_id=user_id)
        if can(viewer, Action.VIEW_EVENT, r.event)
    ]
    return {"groups": [{"heading": None, "rows": rows}]} if rows else None


def organization_panel(organization_id: int, viewer: Any) -> dict[str, Any] | None:
    """Published awards the organisation won (public). One query."""
    rows = [
        {
            "title": n.title,
            "url": reverse("events:award_detail", kwargs={"slug": n.category.edition.slug}),
            "badge": str(n.category.edition.year),
            "detail": f"{n.category.edition.title} · {n.category.name}",
        }
        for n in selectors.awards_won_by(organization_id=organization_id)
    ]
    return {"groups": [{"heading": None, "rows": rows}]} if rows else None


def register() -> None:
    registry.register_person_panel("events", 60, gettext_lazy("Eventos"), TEMPLATE, person_panel)
    registry.register_organization_panel("events", 60, gettext_lazy("Premios obtenidos"), TEMPLATE, organization_panel)
