"""Demo agreements (seeder "agreements", after the directory): a framework agreement with
SUBDERE, a specific one with a university, a funding agreement with an international
cooperation agency in USD, and a commercial SaaS licence with three municipalities whose amount
is withheld as a commercial secret. Idempotent: an agreement already seeded (by title) is left
alone."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from hublocal.directory import selectors as directory_selectors

from . import services
from .models import Agreement

HUB = "hub-nacional-de-gobierno-local"


def _org(slug: str = "", code: str = "") -> Any:
    if code:
        return directory_selectors.municipalities(codes=[code]).first()
    return directory_selectors.organization_get(slug=slug)


def seed(write: Callable[[str], None]) -> None:
    staff = get_user_model().objects.filter(username="staff").first()
    if staff is None:
        write("agreements: no staff account, skipped")
        return
    today = timezone.localdate()
    y = today.year
    hub, subdere, uni, bid = (
        _org(HUB),
        _org("subdere-demo"),
        _org("universidad-de-los-andes-del-sur"),
        _org("cooperacion-bid-demo"),
    )
    stgo, valpo, conce, datamuni = _org(code="13101"), _org(code="05101"), _org(code="08101"), _org("datamuni-spa")
    if not all((hub, subdere, uni, bid, stgo, valpo, conce, datamuni)):
        write("agreements: demo organisations missing, skipped")
        return
    specs: list[dict[str, Any]] = [
        {
            "kind": "framework",
            "title": "Convenio marco Hub–SUBDERE para el fortalecimiento municipal (demo)",
            "object": (
                "Colaborar en diagnóstico, formación y asistencia técnica a municipios, y compartir datos de "
                "gestión municipal."
            ),
            "starts_on": date(y - 1, 3, 1),
            "ends_on": date(y + 3, 2, 28),
            "status": "in_force",
            "parties": [
                {
                    "organization_id": hub.pk,
                    "role": "principal",
                    "signatory_name": "Camila Rojas (demo)",
                    "signatory_position": "Directora ejecutiva",
                },
                {
                    "organization_id": subdere.pk,
                    "role": "counterpart",
                    "signatory_name": "Subsecretario/a (demo)",
                    "signatory_position": "Subsecretario/a de Desarrollo Regional",
                },
            ],
            "obligations": [
                {
                    "party": 0,
                    "description": "Informe anual de resultados del diagnóstico municipal.",
                    "due_on": date(y, 12, 15),
                },
                {
                    "party": 1,
                    "description": "Entregar datos del SINIM actualizados cada semestre.",
                    "due_on": today - timedelta(days=10),
                },
            ],
            "milestones": [{"title": "Primera mesa de seguimiento", "due_on": date(y - 1, 6, 30)}],
        },
        {
            "kind": "specific",
            "title": "Convenio específico de formación con la Universidad Austral de Innovación Pública (demo)",
            "object": "Diseñar y dictar el diplomado de gestión de datos municipales para 60 funcionarios.",
            "starts_on": today - timedelta(days=300),
            "ends_on": today + timedelta(days=60),
            "status": "in_force",
            "amount": "18000000",
            "currency": "CLP",
            "parties": [
                {
                    "organization_id": hub.pk,
                    "role": "principal",
                    "signatory_name": "Camila Rojas (demo)",
                    "signatory_position": "Directora ejecutiva",
                },
                {
                    "organization_id": uni.pk,
                    "role": "executor",
                    "signatory_name": "Rector/a (demo)",
                    "signatory_position": "Rector/a",
                },
            ],
            "obligations": [
                {
                    "party": 1,
                    "description": "Entregar las notas y la asistencia del diplomado.",
                    "due_on": today + timedelta(days=30),
                }
            ],
        },
        {
            "kind": "funding",
            "title": "Financiamiento de la cooperación internacional para pilotos GovTech (demo)",
            "object": "Financiar cinco pilotos de innovación abierta en municipios de menos de 50.000 habitantes.",
            "starts_on": date(y, 4, 1),
            "ends_on": date(y + 2, 3, 31),
            "status": "in_force",
            "amount": "250000",
            "currency": "USD",
            "parties": [
                {
                    "organization_id": bid.pk,
                    "role": "funder",
                    "signatory_name": "Representante (demo)",
                    "signatory_position": "Representante en Chile",
                },
                {
                    "organization_id": hub.pk,
                    "role": "executor",
                    "signatory_name": "Camila Rojas (demo)",
                    "signatory_position": "Directora ejecutiva",
                },
            ],
            "milestones": [{"title": "Primer desembolso", "due_on": date(y, 6, 30)}],
        },
        {
            "kind": "commercial",
            "title": "Licencia SaaS de tableros de gestión para tres municipios (demo)",
            "object": (
                "Licencia anual del tablero de permisos y patentes de DataMuni para Santiago, Valparaíso y Concepción."
            ),
            "starts_on": date(y, 2, 1),
            "ends_on": date(y + 1, 1, 31),
            "status": "in_force",
            "amount": "1200",
            "currency": "UF",
            "parties": [
                {
                    "organization_id": datamuni.pk,
                    "role": "provider",
                    "signatory_name": "Valentina Muñoz (demo)",
                    "signatory_position": "Gerenta general",
                },
                {
                    "organization_id": stgo.pk,
                    "role": "principal",
                    "signatory_name": "María José Contreras (demo)",
                    "signatory_position": "Alcaldesa",
                },
                {
                    "organization_id": valpo.pk,
                    "role": "principal",
                    "signatory_name": "Andrés Salinas (demo)",
                    "signatory_position": "Alcalde",
                },
                {
                    "organization_id": conce.pk,
                    "role": "principal",
                    "signatory_name": "Alcalde/sa (demo)",
                    "signatory_position": "Alcalde/sa",
                },
            ],
            "obligations": [
                {
                    "party": 0,
                    "description": "Disponibilidad mensual del servicio sobre 99,5 %.",
                    "due_on": date(y, 12, 31),
                }
            ],
            "withholdings": [{"field": "amount", "reason": "commercial_secret"}],
        },
    ]
    created = 0
    for spec in specs:
        if Agreement.objects.filter(title=spec["title"]).exists():
            continue
        services.agreement_create(actor=staff, is_demo=True, **spec)
        created += 1
    write(f"agreements: {created} demo agreements")
