"""Builders for catalogue tests: everything goes through the services, as in production."""

from __future__ import annotations

from typing import Any

from hublocal.directory import selectors as directory_selectors
from hublocal.solutions import services

SIGNUP = {
    "organization_name": "Municipio Abierto SpA",
    "rut": "76.086.428-5",
    "username": "municipio-abierto",
    "email": "hola@municipioabierto.cl",
    "password": "una-clave-bien-larga-2026",
    "first_name": "Rocío",
    "last_name": "Tapia",
    "stage": "early",
    "team_size": 6,
    "founded_year": 2022,
    "team": "Rocío Tapia (CEO)",
    "references": "Municipalidad de Ejemplo",
    "public_sector_experience": "Dos pilotos municipales.",
}


def org(slug: str) -> Any:
    found = directory_selectors.organization_get(slug=slug)
    assert found is not None, slug
    return found


def solution(actor: Any, organization: Any, **overrides: Any) -> Any:
    data = {
        "name": "Bitácora de Inspección",
        "summary": "Inspecciones municipales registradas en terreno.",
        "problem": "Los inspectores municipales registran las infracciones en talonarios de papel.",
        "area": "seguridad",
        "deployment": "mobile",
        "pricing_model": "per_user",
    }
    data.update(overrides)
    return services.solution_create(actor=actor, organization=organization, **data)
