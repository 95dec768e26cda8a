"""Building blocks for assistance tests: a request from Santiago, accepted and scoped with the
demo analyst and partner expert on the team."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from hublocal.assistance import services

PROBLEM = "La municipalidad no tiene un registro único de la demanda de atención y pierde horas médicas."
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def request(users: dict[str, Any], **kw: Any) -> Any:
    data = {"title": "Registro de demanda", "problem": PROBLEM, "area": "aps", "urgency": "medium", **kw}
    return services.request_create(actor=users["santiago"], **data)


def engagement(users: dict[str, Any], n_deliverables: int = 1) -> Any:
    req = request(users)
    services.request_decide(actor=users["staff"], request=req, decision="accept")
    today = timezone.localdate()
    return services.engagement_create(
        actor=users["staff"],
        request=req,
        title="Registro único de demanda",
        objective=PROBLEM,
        hours=40,
        fee_clp=0,
        team=[users["analista"], users["partner"]],
        plan=[
            {"title": f"Entregable {i}", "due_on": today + timedelta(days=10 * i)} for i in range(1, n_deliverables + 1)
        ],
    )
