"""Articulation's section of the personal home (/inicio/): the open commitments the person's
organisation owns at round tables, overdue first. One query."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hublocal.core.permissions import organization_id
from hublocal.core.registry import HomeItem, HomeUrgency, register_home_section

from . import selectors


def collect_commitments(user: Any) -> list[HomeItem]:
    own = organization_id(user)
    if own is None:
        return []
    items = []
    for c in selectors.commitments_due_for(organization_id=own):
        detail = _("Mesa técnica «%(t)s».") % {"t": c.table.theme}
        if c.reminded_at is not None:
            detail += " " + _("Recordatorio enviado el %(d)s.") % {
                "d": formats.date_format(timezone.localtime(c.reminded_at), "SHORT_DATE_FORMAT")
            }
        items.append(
            HomeItem(
                title=_("Compromiso: %(w)s") % {"w": c.what},
                url=reverse("articulation:table_detail", kwargs={"slug": c.table.slug}) + f"#compromiso-{c.pk}",
                detail=detail,
                due=c.due_on,
                urgency=HomeUrgency.OVERDUE if c.status == "overdue" else HomeUrgency.of(c.due_on),
            )
        )
    return items


def register() -> None:
    register_home_section(
        "articulation.commitments", 65, gettext_lazy("Compromisos en mesas técnicas"), collect_commitments
    )
