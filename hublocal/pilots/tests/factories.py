"""Builders for pilot tests: calls, challenges and proposals are created directly with their
apps' models (tests may reach any app), pilots through this app's services."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from hublocal.directory.models import Organization
from hublocal.innovation.models import Call, Challenge, ChallengeMunicipality
from hublocal.pilots import services
from hublocal.pilots.services import IndicatorData
from hublocal.proposals.models import Proposal

_seq = itertools.count(1)


def org(slug: str) -> Organization:
    return Organization.objects.get(slug=slug)


def startup(name: str = "") -> Organization:
    n = next(_seq)
    name = name or f"Startup de prueba {n}"
    return Organization.objects.create(kind="startup", name=name, search_name=name.lower(), slug=f"startup-prueba-{n}")


def call(**extra: Any) -> Call:
    n = next(_seq)
    now = timezone.now()
    fields = {
        "title": f"Convocatoria de prueba {n}",
        "slug": f"convocatoria-prueba-{n}",
        "description": "Convocatoria creada en una prueba.",
        "eligibility": "Startups GovTech.",
        "opens_at": now - timedelta(days=200),
        "closes_at": now - timedelta(days=100),
        "status": "published",
        **extra,
    }
    return Call.objects.create(**fields)


def challenge(owner: Organization, *, co: list[Organization] = (), status: str = "closed", **extra: Any) -> Challenge:  # type: ignore[assignment]
    n = next(_seq)
    c = Challenge.objects.create(
        title=extra.pop("title", f"Desafío de prueba {n}"),
        area=extra.pop("area", "digital"),
        owner=owner,
        problem="Un problema medible.",
        affected="Vecinos.",
        current_process="Presencial.",
        success="Menos días de espera.",
        status=status,
        call=extra.pop("call", None) or call(),
        **extra,
    )
    for other in co:
        ChallengeMunicipality.objects.create(challenge=c, organization=other)
    return c


def proposal(challenge: Challenge, organization: Organization, *, status: str = "shortlisted") -> Proposal:
    return Proposal.objects.create(
        challenge=challenge,
        organization=organization,
        approach="Plataforma en línea.",
        price_min=1_000_000,
        price_max=2_000_000,
        timeline_weeks=12,
        status=status,
    )


def agreement(actor: Any, *, municipality: Organization, startup_org: Organization, **extra: Any) -> Any:
    """A shortlisted proposal of a closed challenge of `municipality`, and its agreement."""
    c = extra.pop("challenge", None) or challenge(municipality)
    p = proposal(c, startup_org)
    today = timezone.localdate()
    fields = {
        "title": "Convenio de prueba",
        "scope": "Alcance de prueba.",
        "starts_on": today - timedelta(days=90),
        "ends_on": today + timedelta(days=90),
        "value_clp": 5_000_000,
        "signed_on": today - timedelta(days=100),
        **extra,
    }
    return services.agreement_create(actor=actor, proposal=p, municipality=municipality, **fields)


def indicator_data(**extra: Any) -> IndicatorData:
    fields = {
        "name": "Tiempo de respuesta",
        "unit": "días",
        "baseline": 10.0,
        "target": 5.0,
        "direction": "decrease",
        "method": "Promedio mensual del sistema.",
        "frequency": "monthly",
        **extra,
    }
    return IndicatorData(**fields)


def running_pilot(
    actor: Any,
    *,
    municipality: Organization,
    startup_org: Organization,
    indicators: list[IndicatorData] | None = None,
    started_days_ago: int = 60,
    **extra: Any,
) -> Any:
    a = agreement(actor, municipality=municipality, startup_org=startup_org, **extra)
    for data in indicators or [indicator_data()]:
        services.indicator_add(actor=actor, pilot=a.pilot, data=data)
    start = timezone.now() - timedelta(days=started_days_ago)
    return services.pilot_start(actor=actor, pilot=a.pilot, at=start)


def days_ago(n: int) -> date:
    return timezone.localdate() - timedelta(days=n)
