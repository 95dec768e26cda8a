"""Open innovation's sections of the personal home (/inicio/): a municipality's challenges in
draft or review, the hub's review queue, and the open calls a startup has not applied to yet."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from hublocal.core import registry
from hublocal.core.permissions import has_role, is_hub_staff, organization_id
from hublocal.core.registry import HomeItem, HomeUrgency, register_home_section

from . import selectors
from .models import ChallengeStatus
from .permissions import Action, can


def collect_municipality(user: Any) -> list[HomeItem]:
    own = organization_id(user)
    if own is None or not has_role(user, "municipal"):
        return []
    items = []
    for challenge in selectors.home_challenges_of_municipality(organization_id=own):
        if not can(user, Action.VIEW_CHALLENGE, challenge):
            continue
        if challenge.status == ChallengeStatus.DRAFT:
            title = _("Terminar el desafío «%(title)s» y enviarlo a revisión") % {"title": challenge.title}
            detail = (
                _("El equipo del Hub lo devolvió con observaciones: revíselas antes de enviarlo de nuevo.")
                if challenge.review_note
                else _("Está en borrador: solo su municipio y el equipo del Hub lo ven.")
            )
            urgency = HomeUrgency.SOON if challenge.review_note else HomeUrgency.NORMAL
        else:
            title = _("Desafío en revisión del Hub: «%(title)s»") % {"title": challenge.title}
            detail = _("El equipo del Hub lo está revisando; si tiene observaciones, volverá a borrador.")
            urgency = HomeUrgency.NORMAL
        items.append(
            HomeItem(
                title=title,
                url=reverse("innovation:challenge_detail", kwargs={"pk": challenge.pk}),
                detail=detail,
                urgency=urgency,
            )
        )
    return items


def collect_hub(user: Any) -> list[HomeItem]:
    if not is_hub_staff(user):
        return []
    challenges, total = selectors.home_challenges_in_review()
    items = [
        HomeItem(
            title=_("Revisar el desafío «%(title)s»") % {"title": c.title},
            url=reverse("innovation:challenge_detail", kwargs={"pk": c.pk}),
            detail=_("Enviado a revisión por %(owner)s.") % {"owner": c.owner.name},
            urgency=HomeUrgency.SOON,
        )
        for c in challenges
        if can(user, Action.VIEW_CHALLENGE, c)
    ]
    if total > len(challenges):
        items.append(
            HomeItem(
                title=ngettext(
                    "%(n)s desafío más espera revisión",
                    "%(n)s desafíos más esperan revisión",
                    total - len(challenges),
                )
                % {"n": total - len(challenges)},
                url=reverse("innovation:challenge_list") + "?status=in_review",
                count=total - len(challenges),
            )
        )
    return items


def collect_startup(user: Any) -> list[HomeItem]:
    own = organization_id(user)
    if own is None or not has_role(user, "startup") or not can(user, Action.VIEW_RECOMMENDED):
        return []
    applied = registry.organization_fact("proposals.applied_challenges", own)
    per_call: dict[int, tuple[Any, int]] = {}
    for challenge in selectors.open_challenges():
        if challenge.pk in applied or challenge.call_id is None:
            continue
        call, n = per_call.get(challenge.call_id, (challenge.call, 0))
        per_call[challenge.call_id] = (call, n + 1)
    url = reverse("innovation:recommended")
    return [
        HomeItem(
            title=_("Convocatoria abierta: %(call)s") % {"call": call.title},
            url=url,
            detail=ngettext(
                "%(n)s desafío recibe propuestas y su startup aún no postula; vea cuáles calzan con sus soluciones.",
                "%(n)s desafíos reciben propuestas y su startup aún no postula; vea cuáles calzan con sus soluciones.",
                n,
            )
            % {"n": n},
            due=call.closes_at,
            urgency=HomeUrgency.of(call.closes_at),
            count=n,
        )
        for call, n in per_call.values()
    ]


def register() -> None:
    register_home_section("innovation.municipality", 30, gettext_lazy("Desafíos de su municipio"), collect_municipality)
    register_home_section("innovation.hub", 31, gettext_lazy("Desafíos por revisar"), collect_hub)
    register_home_section("innovation.startup", 32, gettext_lazy("Convocatorias abiertas"), collect_startup)
