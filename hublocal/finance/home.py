"""Finance's sections of the personal home (/inicio/), for the hub's staff only: overdue
memberships (one item with their count) and the lines above 35% this year. Two queries."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hublocal.core.registry import HomeItem, HomeUrgency, register_home_section

from . import selectors
from .permissions import Action, can


def collect_overdue_memberships(user: Any) -> list[HomeItem]:
    if not can(user, Action.VIEW):
        return []
    n = selectors.membership_status_counts()[selectors.MembershipStatus.OVERDUE]
    if not n:
        return []
    return [
        HomeItem(
            title=_("Membresías municipales con la cuota vencida"),
            url=reverse("finance:memberships") + "?status=overdue",
            detail=_("Municipios que no han pagado su cuota anual después de la fecha de pago."),
            urgency=HomeUrgency.OVERDUE,
            count=n,
        )
    ]


def collect_breaches(user: Any) -> list[HomeItem]:
    if not can(user, Action.VIEW):
        return []
    year = timezone.localdate().year
    return [
        HomeItem(
            title=_("La línea «%(l)s» supera el 35%% de los ingresos de %(y)s") % {"l": a.line.name, "y": year},
            url=reverse("finance:dashboard") + f"?year={year}",
            detail=_("Principio de diversificación: ninguna línea supera el 35% del total."),
            urgency=HomeUrgency.SOON,
        )
        for a in selectors.breach_alerts_for(period=str(year), open_only=True)
    ]


def register() -> None:
    register_home_section(
        "finance.memberships", 90, gettext_lazy("Membresías municipales vencidas"), collect_overdue_memberships
    )
    register_home_section("finance.breaches", 91, gettext_lazy("Principios financieros"), collect_breaches)
