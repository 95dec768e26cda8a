"""Programmes and applications in the 360° pages (core.registry, issue 14 item 7)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy, ngettext

from hublocal.core import registry

from . import selectors

TEMPLATE = "includes/panel_rows_360.html"


def organization_panel(organization_id: int, viewer: Any) -> dict[str, Any] | None:
    """The cohorts its people applied to or took part in, with how many (names stay on the
    roster). Two queries."""
    cohorts = selectors.cohorts_of_organization(organization_id=organization_id)
    if not cohorts:
        return None
    rows = [
        {
            "title": f"{c.programme.title} · {c.name}",
            "url": reverse("training:programme_detail", kwargs={"slug": c.programme.slug}),
            "badge": c.get_status_display(),
            "detail": ngettext("%(n)s persona", "%(n)s personas", n) % {"n": n},
        }
        for c, n in cohorts
    ]
    return {"groups": [{"heading": None, "rows": rows}]}


def person_panel(user_id: int, viewer: Any) -> dict[str, Any] | None:
    """One's applications to cohorts and their state. One query."""
    applications = selectors.applications_of_user(user_id=user_id)
    if not applications:
        return None
    rows = [
        {
            "title": f"{a.cohort.programme.title} · {a.cohort.name}",
            "url": reverse("training:my_courses"),
            "badge": a.get_status_display(),
        }
        for a in applications
    ]
    return {"groups": [{"heading": None, "rows": rows}]}


def register() -> None:
    registry.register_organization_panel(
        "training", 50, gettext_lazy("Programas de formación"), TEMPLATE, organization_panel
    )
    registry.register_person_panel("training", 50, gettext_lazy("Postulaciones a formación"), TEMPLATE, person_panel)
