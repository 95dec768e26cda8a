"""Library test helpers: resources taken through the real services."""

from __future__ import annotations

from typing import Any

from hublocal.library import content, services
from hublocal.library.demo_files import build_file
from hublocal.library.models import Resource

ALL_MET = {c["id"]: True for c in content.criteria()["criteria"]}


def pdf(text: str = "Texto del documento con la palabra zumbidorrara.", title: str = "Documento") -> bytes:
    return build_file("pdf", title, text)


def data(**over: Any) -> dict[str, Any]:
    base = {
        "title": "Protocolo de patrullaje preventivo en sectores rurales",
        "summary": "Cómo organizar rondas preventivas con juntas de vecinos en comunas rurales.",
        "body": "## Contexto\n\nUn protocolo probado en comunas rurales del sur.\n\n- Paso uno\n- Paso dos",
        "areas": ["seguridad"],
        "typologies": ["rural_semiurbana"],
        "countries": ["CL"],
        "authors": ["Ana Pérez"],
        "tags": ["patrullaje"],
        "dimensions": ["seguridad:prevencion"],
    }
    base.update(over)
    return base


def draft(user: Any, *, kind: str = "management_protocol", uploads: Any = None, **over: Any) -> Resource:
    return services.resource_create(
        actor=user, organization=user.organization, kind=kind, data=data(**over), uploads=uploads or []
    )


def published(user: Any, staff: Any, **over: Any) -> Resource:
    resource = draft(user, **over)
    services.resource_submit(actor=user, resource=resource)
    services.review_record(actor=staff, resource=resource, decision="approve", comment="", checklist=ALL_MET)
    resource.refresh_from_db()
    return resource
