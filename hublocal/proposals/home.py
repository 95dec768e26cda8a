"""Proposals' sections of the personal home (/inicio/): proposals a committee member still has to
score, a startup's proposals and the feedback it received, and scheduled working sessions."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from hublocal.core.permissions import has_role, organization_id
from hublocal.core.registry import HomeItem, HomeUrgency, register_home_section

from . import selectors
from .models import ProposalStatus
from .permissions import Action, can

# Decisions stay on a startup's home page for this long (or until an agreement is signed).
DECISIONS_SHOWN_DAYS = 180


def collect_scoring(user: Any) -> list[HomeItem]:
    per_call: dict[int, tuple[Any, int]] = {}
    for proposal in selectors.home_proposals_to_score(user=user, now=timezone.now()):
        call = proposal.challenge.call
        if call is None or not can(user, Action.SCORE, proposal):
            continue
        _call, n = per_call.get(call.pk, (call, 0))
        per_call[call.pk] = (call, n + 1)
    return [
        HomeItem(
            title=ngettext(
                "Evaluar %(n)s propuesta de la convocatoria «%(call)s»",
                "Evaluar %(n)s propuestas de la convocatoria «%(call)s»",
                n,
            )
            % {"n": n, "call": call.title},
            url=reverse("proposals:evaluation", kwargs={"call_pk": call.pk}),
            detail=_("La convocatoria cerró y usted integra su comité: falta su puntaje en algún criterio."),
            urgency=HomeUrgency.SOON,
            count=n,
        )
        for call, n in per_call.values()
        if can(user, Action.VIEW_EVALUATION, call)
    ]


def collect_startup(user: Any) -> list[HomeItem]:
    own = organization_id(user)
    if own is None or not has_role(user, "startup"):
        return []
    now = timezone.now()
    since = now - timedelta(days=DECISIONS_SHOWN_DAYS)
    items = []
    for p in selectors.home_proposals_of_organization(organization_id=own, since=since):
        if not can(user, Action.VIEW_PROPOSAL, p):
            continue
        call = p.challenge.call
        url = reverse("proposals:detail", kwargs={"pk": p.pk})
        title = _("Su propuesta a «%(challenge)s»: %(status)s") % {
            "challenge": p.challenge.title,
            "status": p.get_status_display(),
        }
        if p.status == ProposalStatus.SUBMITTED and call is not None and call.closes_at > now:
            items.append(
                HomeItem(
                    title=title,
                    url=url,
                    detail=_("Puede editarla o completar sus adjuntos hasta el cierre de la convocatoria."),
                    due=call.closes_at,
                    urgency=HomeUrgency.of(call.closes_at),
                )
            )
        elif p.status == ProposalStatus.SUBMITTED:
            items.append(HomeItem(title=title, url=url, detail=_("El comité la está evaluando.")))
        else:
            detail = (
                _("Recibió la retroalimentación del comité el %(date)s.")
                % {"date": date_format(timezone.localdate(p.feedback_at), "DATE_FORMAT")}
                if p.feedback_at
                else _("El comité decidió; la retroalimentación llegará pronto.")
            )
            items.append(HomeItem(title=title, url=url, detail=detail))
    return items


def collect_sessions(user: Any) -> list[HomeItem]:
    now = timezone.now()
    items = []
    for session in selectors.home_sessions(viewer=user, since=now - timedelta(hours=12)):
        if not can(user, Action.VIEW_SESSION, session):
            continue
        items.append(
            HomeItem(
                title=_("Sesión de trabajo: %(challenge)s") % {"challenge": session.challenge.title},
                url=reverse("proposals:session_detail", kwargs={"pk": session.pk}),
                detail=_("Con %(municipality)s · %(place)s")
                % {"municipality": session.municipality.name, "place": session.place},
                due=session.starts_at,
                urgency=HomeUrgency.of(session.starts_at, soon_days=3),
            )
        )
    return items


def register() -> None:
    register_home_section("proposals.scoring", 40, gettext_lazy("Propuestas por evaluar"), collect_scoring)
    register_home_section("proposals.startup", 41, gettext_lazy("Sus propuestas"), collect_startup)
    register_home_section("proposals.sessions", 42, gettext_lazy("Sesiones de trabajo agendadas"), collect_sessions)
