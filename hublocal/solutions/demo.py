"""Demo catalogue: startup profiles and about fifty realistic GovTech solutions, read from
content/demo/solutions.yaml (see its header). Every row is created through the services (terms,
audit and catalogue version included) and marked is_demo. Idempotent: each startup, profile and
solution is created only if missing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from hublocal.core import demo_content
from hublocal.directory import selectors as directory_selectors
from hublocal.directory import services as directory_services

from . import selectors, services
from .models import Solution

_TEXT = {"type": "string"}
_PROFILE = {
    "type": "object",
    "additionalProperties": False,
    "required": ["stage", "team_size", "founded_year"],
    "properties": {
        "stage": _TEXT,
        "team_size": {"type": "integer", "minimum": 1},
        "founded_year": {"type": "integer", "minimum": 1950},
        "team": _TEXT,
        "references": _TEXT,
        "public_sector_experience": _TEXT,
    },
}
_SOLUTION_FIELDS = ("summary", "problem", "area", "deployment", "pricing_model")
# The file's shape (content/demo/solutions.yaml); values are checked again by the services.
SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["startups", "profiles", "solutions"],
    "properties": {
        "startups": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["name", "rut", "description", "website"],
                "properties": dict.fromkeys(("name", "rut", "description", "website"), _TEXT),
            },
        },
        "profiles": {"type": "object", "additionalProperties": _PROFILE},
        "solutions": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["owner", "name", *_SOLUTION_FIELDS],
                "properties": {
                    **dict.fromkeys(("owner", "name", *_SOLUTION_FIELDS), _TEXT),
                    **dict.fromkeys(("description", "price_range", "evidence", "keywords"), _TEXT),
                    "typologies": {"type": "array", "items": _TEXT},
                    "pilots_done": {"type": "integer", "minimum": 0},
                },
            },
        },
    },
}
# The demo startups the directory's own demo creates (the file's other owners are its startups).
EXISTING_STARTUPS = ("datamuni-spa", "tramite-facil-spa", "cesfam-conecta", "reciclapp", "barrio-seguro-tech")


def content() -> dict[str, Any]:
    return demo_content.load("solutions", SCHEMA)


_SOLUTION_DEFAULTS: dict[str, Any] = {
    "description": "",
    "price_range": "",
    "typologies": [],  # serves every kind of municipality
    "pilots_done": 0,
    "evidence": "",
    "keywords": "",
}


def _user(username: str) -> Any:
    return get_user_model().objects.filter(username=username).first()


@transaction.atomic
def seed(write: Callable[[str], None]) -> None:
    staff = _user("staff")
    actors = {"datamuni-spa": _user("startup-a"), "tramite-facil-spa": _user("startup-b")}
    orgs: dict[str, Any] = {}
    data = content()
    for slug in EXISTING_STARTUPS:
        org = directory_selectors.organization_get(slug=slug)
        if org is not None:
            orgs[slug] = org
    new_orgs = 0
    for startup in data["startups"]:
        org = directory_selectors.organization_list(kind="startup", q=startup["rut"]).first()
        if org is None:
            org = directory_services.organization_create(actor=staff, kind="startup", is_demo=True, **startup)
            new_orgs += 1
        orgs[startup["rut"]] = org
    profiles = 0
    for key, profile in data["profiles"].items():
        org = orgs.get(key)
        if org is None or selectors.startup_profile_of(organization_id=org.pk) is not None:
            continue
        profile = {"team": "", "references": "", "public_sector_experience": "", **profile}
        services.startup_profile_update(
            actor=actors.get(key, staff), organization=org, data=profile, expected_version=None
        )
        profiles += 1
    created = 0
    existing = set(Solution.objects.values_list("name", "organization_id"))
    for item in data["solutions"]:
        fields = {**_SOLUTION_DEFAULTS, **item}
        org = orgs.get(fields.pop("owner"))
        if org is None or (fields["name"], org.pk) in existing:
            continue
        services.solution_create(
            actor=actors.get(org.slug, staff), organization=org, is_published=True, is_demo=True, **fields
        )
        created += 1
    write(f"Catálogo demo: {new_orgs} startups nuevas, {profiles} perfiles, {created} soluciones.")
