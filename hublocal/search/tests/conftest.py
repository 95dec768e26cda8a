"""Fixtures for the site-wide search: indexed objects created through each app's services,
their on-commit re-indexing run as a committed transaction would run it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from hublocal.directory import selectors as directory_selectors
from hublocal.innovation import services as innovation_services
from hublocal.search.models import SearchEntry
from hublocal.solutions import services as solution_services


def org(slug: str) -> Any:
    found = directory_selectors.organization_get(slug=slug)
    assert found is not None, slug
    return found


def entry(key: str, object_id: int) -> SearchEntry | None:
    return SearchEntry.objects.filter(type=key, object_id=object_id).first()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Use as `with committed():` around writes: their on-commit callbacks (the re-indexing) run."""

    def run() -> Any:
        return django_capture_on_commit_callbacks(execute=True)

    return run


@pytest.fixture
def make_solution(users, committed):
    def make(**overrides: Any) -> Any:
        data = {
            "name": "Ventanilla de Patentes",
            "summary": "Tramitación en línea de licencias de funcionamiento para el comercio local.",
            "problem": "Los comerciantes hacen fila en el municipio para renovar su patente.",
            "area": "digital",
            "deployment": "cloud",
            "pricing_model": "subscription",
        }
        data.update(overrides)
        with committed():
            return solution_services.solution_create(actor=users["staff"], organization=org("datamuni-spa"), **data)

    return make


@pytest.fixture
def draft_challenge(users, committed):
    """A challenge still in draft, with a word that appears nowhere else (private)."""
    with committed():
        return innovation_services.challenge_create(
            actor=users["santiago"],
            owner=org("municipalidad-santiago"),
            title="Xilófonos extraviados en bodegas municipales",
            area="ambiente",
            problem="Los xilófonos de la banda comunal se pierden en bodegas sin inventario.",
            affected="La banda comunal.",
            current_process="Planilla en papel.",
            success="Inventario completo en tres meses.",
        )


@pytest.fixture
def open_call(users, committed):
    with committed():
        return _open_call(users)


def _open_call(users: dict[str, Any]) -> Any:
    now = timezone.now()
    call = innovation_services.call_create(
        actor=users["staff"],
        title="Convocatoria de prueba de búsqueda",
        description="Para las pruebas de búsqueda.",
        eligibility="Startups con RUT chileno.",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=30),
    )
    innovation_services.call_criteria_set(
        actor=users["staff"],
        call=call,
        criteria=[innovation_services.CriterionInput("Pertinencia", 100, "Qué tan bien resuelve el problema")],
    )
    return innovation_services.call_publish(actor=users["staff"], call=call)
