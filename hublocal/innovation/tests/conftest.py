"""Fixtures: the demo municipalities, a fresh challenge in any status and a call of one's own."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from hublocal.directory import selectors as directory_selectors
from hublocal.innovation import services
from hublocal.innovation.models import Call, Challenge

STATEMENT = {
    "title": "Reclamos de alumbrado sin seguimiento",
    "area": "digital",
    "problem": "Los reclamos por luminarias apagadas se pierden entre la OIRS y la dirección de operaciones.",
    "affected": "Vecinos de barrios con poca iluminación; la cuadrilla de alumbrado.",
    "current_process": "Llamado telefónico, registro en papel y derivación por correo.",
    "success": "90% de las luminarias reparadas en menos de 5 días hábiles.",
}
CRITERIA = [
    services.CriterionInput("Pertinencia", 50, "Qué tan bien resuelve el problema"),
    services.CriterionInput("Costo", 30),
    services.CriterionInput("Evidencia", 20),
]


def org(slug: str):
    found = directory_selectors.organization_get(slug=slug)
    assert found is not None, slug
    return found


@pytest.fixture
def santiago_org(network):
    return org("municipalidad-santiago")


@pytest.fixture
def valparaiso_org(network):
    return org("municipalidad-valparaiso")


@pytest.fixture
def draft(users, santiago_org):
    """A complete draft written by Santiago."""
    return services.challenge_create(actor=users["santiago"], owner=santiago_org, **STATEMENT)


@pytest.fixture
def call(users):
    """A published call of our own, open for thirty days."""
    now = timezone.now()
    c = services.call_create(
        actor=users["staff"],
        title="Convocatoria de prueba",
        description="Para las pruebas.",
        eligibility="Startups con RUT chileno.",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=30),
    )
    services.call_criteria_set(actor=users["staff"], call=c, criteria=CRITERIA)
    return services.call_publish(actor=users["staff"], call=c)


@pytest.fixture
def draft_call(users):
    now = timezone.now()
    return services.call_create(
        actor=users["staff"],
        title="Borrador de convocatoria",
        description="Aún en preparación.",
        eligibility="Startups.",
        opens_at=now + timedelta(days=5),
        closes_at=now + timedelta(days=40),
    )


def with_status(challenge: Challenge, status: str, call: Call | None = None) -> Challenge:
    """Put a challenge in a status directly (test setup, not a workflow move)."""
    Challenge.objects.filter(pk=challenge.pk).update(status=status, call=call or challenge.call)
    challenge.refresh_from_db()
    return challenge


@pytest.fixture
def published(users, draft, call):
    services.challenge_transition(actor=users["santiago"], challenge=draft, to="in_review")
    return services.challenge_transition(actor=users["staff"], challenge=draft, to="published", call=call)
