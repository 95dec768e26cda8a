"""Pilots' sections of the personal home (/inicio/): measurements due in the running pilots the
person's organisation is party to, finished pilots whose provider the municipality has not rated
yet, and shortlisted proposals that wait for the municipality's agreement."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hublocal.core.permissions import has_role, organization_id
from hublocal.core.registry import HomeItem, HomeUrgency, register_home_section
from hublocal.proposals import selectors as proposals_selectors

from . import selectors
from .permissions import Action, can


def collect_measurements(user: Any) -> list[HomeItem]:
    own = organization_id(user)
    if own is None or not (has_role(user, "municipal") or has_role(user, "startup")):
        return []
    per_pilot: dict[int, tuple[Any, list[tuple[Any, str]]]] = {}
    for indicator in selectors.home_running_indicators(organization_id=own):
        due = selectors.next_measurement_due(indicator)
        if due is None:
            continue
        pilot, dues = per_pilot.get(indicator.pilot_id, (indicator.pilot, []))
        dues.append((due, indicator.current_name))  # type: ignore[attr-defined]
        per_pilot[indicator.pilot_id] = (pilot, dues)
    items = []
    for pilot, dues in per_pilot.values():
        if not can(user, Action.RECORD_MEASUREMENT, pilot):
            continue
        first = min(d for d, _name in dues)
        names = sorted({name for d, name in dues if d == first})
        items.append(
            HomeItem(
                title=_("Registrar mediciones del piloto «%(pilot)s»") % {"pilot": pilot.title},
                url=reverse("pilots:measurement_create", kwargs={"pk": pilot.pk}),
                detail=_("Próxima medición: %(indicators)s.") % {"indicators": "; ".join(names)},
                due=first,
                urgency=HomeUrgency.of(first),
            )
        )
    return items


def collect_ratings(user: Any) -> list[HomeItem]:
    own = organization_id(user)
    if own is None or not has_role(user, "municipal"):
        return []
    return [
        HomeItem(
            title=_("Calificar al proveedor del piloto «%(pilot)s»") % {"pilot": pilot.title},
            url=reverse("pilots:rating_create", kwargs={"pk": pilot.pk}),
            detail=_("El piloto finalizó: su calificación de %(startup)s orienta a otros municipios.")
            % {"startup": pilot.agreement.startup.name},
            urgency=HomeUrgency.SOON,
        )
        for pilot in selectors.home_pilots_to_rate(municipality_id=own)
        if can(user, Action.RATE_PROVIDER, pilot)
    ]


def collect_agreements(user: Any) -> list[HomeItem]:
    own = organization_id(user)
    if own is None or not has_role(user, "municipal"):
        return []
    return [
        HomeItem(
            title=_("Registrar el convenio con %(startup)s") % {"startup": proposal.organization.name},
            url=reverse("pilots:agreement_create", kwargs={"proposal_pk": proposal.pk}),
            detail=_("Su propuesta al desafío «%(challenge)s» fue preseleccionada y aún no tiene convenio.")
            % {"challenge": proposal.challenge.title},
        )
        for proposal in proposals_selectors.home_shortlisted_without_agreement(municipality_id=own, limit=5)
        if can(user, Action.CREATE_AGREEMENT, proposal)
    ]


def register() -> None:
    register_home_section("pilots.measurements", 50, gettext_lazy("Pilotos en curso"), collect_measurements)
    register_home_section("pilots.ratings", 51, gettext_lazy("Pilotos por calificar"), collect_ratings)
    register_home_section("pilots.agreements", 52, gettext_lazy("Convenios por registrar"), collect_agreements)
