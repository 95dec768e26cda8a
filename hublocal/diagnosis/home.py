"""Diagnosis's sections of the personal home (/inicio/): a municipality's diagnoses to complete
and results to read; for the hub team, open campaigns still waiting for municipalities."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hublocal.core.permissions import has_role, is_hub_staff, organization_id
from hublocal.core.registry import HomeItem, HomeUrgency, register_home_section
from hublocal.engagement import selectors as engagement_selectors

from . import selectors, services
from .models import ParticipationStatus
from .permissions import Action, can

# Results stay on the home page for this long after the diagnosis was sent.
RESULTS_SHOWN_DAYS = 180


def collect_municipality(user: Any) -> list[HomeItem]:
    own = organization_id(user)
    if own is None or not has_role(user, "municipal"):
        return []
    now = timezone.now()
    items = []
    for p in selectors.home_participations(organization_id=own):
        campaign = p.campaign
        if p.status != ParticipationStatus.SUBMITTED:
            if not selectors.window_open(p, now) or not can(user, Action.VIEW_PARTICIPATION, p):
                continue
            due = max(campaign.closes_at, p.extended_until or campaign.closes_at)
            if p.status == ParticipationStatus.INVITED:
                title = _("Confirmar la participación en «%(campaign)s» y nombrar un punto focal")
            else:
                title = _("Completar y enviar el diagnóstico «%(campaign)s»")
            items.append(
                HomeItem(
                    title=title % {"campaign": campaign.name},
                    url=reverse("diagnosis:participation_detail", kwargs={"pk": p.pk}),
                    detail=_("Estado: %(status)s.") % {"status": p.get_status_display()},
                    due=due,
                    urgency=HomeUrgency.of(due),
                )
            )
        elif (
            p.has_result  # type: ignore[attr-defined]
            and p.submitted_at is not None
            and p.submitted_at >= now - timedelta(days=RESULTS_SHOWN_DAYS)
            and can(user, Action.VIEW_RESULT, p)
        ):
            items.append(
                HomeItem(
                    title=_("Leer los resultados de «%(campaign)s»") % {"campaign": campaign.name},
                    url=reverse("diagnosis:participation_results", kwargs={"pk": p.pk}),
                    detail=_("Su municipio envió el diagnóstico; compare sus puntajes con municipios similares."),
                )
            )
    return items


def collect_hub(user: Any) -> list[HomeItem]:
    if not is_hub_staff(user) or not can(user, Action.VIEW_CAMPAIGN_DASHBOARD):
        return []
    campaigns = selectors.home_open_campaigns(now=timezone.now())
    if not campaigns:
        return []
    silent = engagement_selectors.silent_counts(
        process=services.PROCESS, subject_keys=[selectors.subject_key(c) for c in campaigns]
    )
    items = []
    for c in campaigns:
        n_silent = silent.get(selectors.subject_key(c), 0)
        detail = _("%(pending)s de %(total)s municipios aún no envían sus respuestas.") % {
            "pending": c.n_pending,  # type: ignore[attr-defined]
            "total": c.n_total,  # type: ignore[attr-defined]
        }
        if n_silent:
            detail = f"{detail} " + _("%(n)s sin respuesta tras los recordatorios.") % {"n": n_silent}
        items.append(
            HomeItem(
                title=_("Campaña abierta: %(campaign)s") % {"campaign": c.name},
                url=reverse("diagnosis:campaign_detail", kwargs={"pk": c.pk}),
                detail=detail,
                due=c.closes_at,
                urgency=HomeUrgency.OVERDUE if n_silent else HomeUrgency.of(c.closes_at),
                count=c.n_pending,  # type: ignore[attr-defined]
            )
        )
    return items


def register() -> None:
    register_home_section(
        "diagnosis.municipality", 10, gettext_lazy("Diagnóstico de su municipio"), collect_municipality
    )
    register_home_section("diagnosis.hub", 11, gettext_lazy("Campañas de diagnóstico en curso"), collect_hub)
