"""Events' sections of the personal home (/inicio/): the person's upcoming registrations, the
nominations waiting for their score when they sit on a jury, and their startup's pitch
applications. A bounded number of queries each."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hublocal.core.permissions import has_role, is_authenticated, organization_id
from hublocal.core.registry import HomeItem, HomeUrgency, register_home_section

from . import selectors
from .models import RegistrationStatus


def collect_registrations(user: Any) -> list[HomeItem]:
    if not is_authenticated(user):
        return []
    items = []
    for r in selectors.my_upcoming_registrations(user_id=user.pk):
        waiting = r.status == RegistrationStatus.WAITLISTED
        items.append(
            HomeItem(
                title=r.event.title,
                url=reverse("events:detail", kwargs={"slug": r.event.slug}),
                detail=_("En lista de espera (lugar %(n)s).") % {"n": r.waitlist_position}
                if waiting
                else _("Inscripción confirmada."),
                due=r.event.starts_at,
                urgency=HomeUrgency.of(r.event.starts_at),
            )
        )
    return items


def collect_scoring(user: Any) -> list[HomeItem]:
    if not is_authenticated(user):
        return []
    return [
        HomeItem(
            title=_("Evaluar: %(t)s") % {"t": n.title},
            url=reverse("events:score", kwargs={"pk": n.pk}),
            detail=n.category.edition.title,
        )
        for n in selectors.nominations_to_score(user_id=user.pk)
    ]


def collect_pitches(user: Any) -> list[HomeItem]:
    own = organization_id(user)
    if own is None or not has_role(user, "startup"):
        return []
    return [
        HomeItem(
            title=_("Pitch «%(s)s»: %(st)s") % {"s": p.solution_name, "st": p.get_status_display()},
            url=reverse("events:pitch_detail", kwargs={"pk": p.pk}),
            detail=p.event.title,
            due=p.event.starts_at,
        )
        for p in selectors.pitches_of_organization(organization_id=own)
        if p.event.ends_at >= timezone.now()
    ]


def register() -> None:
    register_home_section("events.registrations", 70, gettext_lazy("Mis eventos"), collect_registrations)
    register_home_section("events.scoring", 45, gettext_lazy("Jurado de premios"), collect_scoring)
    register_home_section("events.pitches", 72, gettext_lazy("Postulaciones a demo days"), collect_pitches)
