"""Agreement factories: a three-party agreement between the hub, Santiago and a university."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from hublocal.agreements import services
from hublocal.directory.models import Organization


def orgs() -> dict[str, Organization]:
    slugs = {
        "hub": "hub-nacional-de-gobierno-local",
        "stgo": "municipalidad-santiago",
        "valpo": "municipalidad-valparaiso",
        "uni": "universidad-de-los-andes-del-sur",
        "datamuni": "datamuni-spa",
    }
    found = {o.slug: o for o in Organization.objects.filter(slug__in=slugs.values())}
    return {k: found[s] for k, s in slugs.items()}


def agreement_kwargs(**over: Any) -> dict[str, Any]:
    o = orgs()
    today = timezone.localdate()
    kw: dict[str, Any] = {
        "kind": "specific",
        "title": "Convenio de prueba",
        "object": "Colaborar en la formación de funcionarios municipales.",
        "starts_on": today,
        "ends_on": today + timedelta(days=365),
        "amount": "1500000",
        "currency": "CLP",
        "parties": [
            {
                "organization_id": o["hub"].pk,
                "role": "principal",
                "signatory_name": "Ana Pérez",
                "signatory_position": "Directora",
            },
            {
                "organization_id": o["stgo"].pk,
                "role": "counterpart",
                "signatory_name": "Luis Díaz",
                "signatory_position": "Alcalde",
            },
            {
                "organization_id": o["uni"].pk,
                "role": "executor",
                "signatory_name": "Rosa Mena",
                "signatory_position": "Rectora",
            },
        ],
        "obligations": [
            {"party": 1, "description": "Designar contraparte técnica.", "due_on": today + timedelta(days=30)},
            {"party": 2, "description": "Dictar el curso.", "due_on": today + timedelta(days=200)},
        ],
        "milestones": [{"title": "Inicio del curso", "due_on": today + timedelta(days=60)}],
    }
    kw.update(over)
    return kw


def agreement(actor: Any, **over: Any) -> Any:
    return services.agreement_create(actor=actor, **agreement_kwargs(**over))
