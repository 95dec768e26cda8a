"""Demo collaborative project for `make run` (is_demo): "Red de observatorios comunales de
seguridad", at 40% (weighted milestones), with partners, funding in USD and CLP, results and
library links. Idempotent: runs once, then finds its project and stops."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from hublocal.directory import selectors as directory_selectors
from hublocal.library import selectors as library_selectors

from . import services
from .models import Project

SLUG = "red-observatorios-comunales-seguridad"


def seed(write: Callable[[str], None]) -> None:
    if Project.objects.filter(slug=SLUG).exists():
        return
    staff = get_user_model().objects.filter(username="staff").first()
    orgs = {
        slug: directory_selectors.organization_get(slug=slug)
        for slug in (
            "hub-nacional-de-gobierno-local",
            "universidad-de-los-andes-del-sur",
            "subdere-demo",
            "cooperacion-bid-demo",
            "municipalidad-santiago",
            "municipalidad-valparaiso",
        )
    }
    if staff is None or any(o is None for o in orgs.values()):
        write("Faltan organizaciones o cuentas demo; se omite el proyecto colaborativo demo.")
        return
    today = timezone.localdate()
    start = today - timedelta(days=180)
    project = services.project_create(
        actor=staff,
        slug=SLUG,
        title="Red de observatorios comunales de seguridad",
        summary=(
            "Proyecto colaborativo para que municipios compartan datos de seguridad comparables, con un "
            "tablero común y protocolos de análisis elaborados junto a la academia."
        ),
        objectives="\n".join(
            [
                "Definir un conjunto mínimo de indicadores comunales de seguridad comparables.",
                "Poner en marcha un tablero compartido en dos municipios piloto.",
                "Formar a los equipos municipales en el análisis de los datos.",
            ]
        ),
        starts_on=start,
        ends_on=start + timedelta(days=540),
        partners=[
            (orgs["hub-nacional-de-gobierno-local"], "lead"),
            (orgs["universidad-de-los-andes-del-sur"], "partner"),
            (orgs["subdere-demo"], "advisor"),
            (orgs["cooperacion-bid-demo"], "funder"),
            (orgs["municipalidad-santiago"], "beneficiary"),
            (orgs["municipalidad-valparaiso"], "beneficiary"),
        ],
        funding=[
            {
                "funder": orgs["cooperacion-bid-demo"],
                "amount": "150000",
                "currency": "USD",
                "note": "Cooperación técnica no reembolsable",
            },
            {
                "funder": orgs["hub-nacional-de-gobierno-local"],
                "amount": "30000000",
                "currency": "CLP",
                "note": "Aporte valorado en equipo",
            },
        ],
        contact_name="Equipo de articulación del Hub (demo)",
        contact_email="articulacion@hublocal.example",
        is_demo=True,
    )
    # Weights 2, 3, 3, 2 at 100, 60, 0 and 10 %: (200 + 180 + 0 + 20) / 10 = 40 %.
    plan: list[tuple[str, int, int, int, int]] = [
        ("Indicadores comunes acordados", 0, 60, 2, 100),
        ("Tablero compartido en municipios piloto", 60, 240, 3, 60),
        ("Formación de equipos municipales", 200, 400, 3, 0),
        ("Evaluación y propuesta de escalamiento", 380, 540, 2, 10),
    ]
    for title, a, b, weight, progress in plan:
        services.milestone_add(
            actor=staff,
            project=project,
            title=title,
            starts_on=start + timedelta(days=a),
            due_on=start + timedelta(days=b),
            weight=weight,
            progress=progress,
        )
    services.result_add(
        actor=staff,
        project=project,
        title="Catálogo de 12 indicadores comunales de seguridad",
        evidence=(
            "Acordado en mesa técnica con ambos municipios y la universidad; aprobado por los equipos de seguridad."
        ),
        link="https://hublocal.example/biblioteca/",
        recorded_on=start + timedelta(days=58),
    )
    resources = library_selectors.feed_items(limit=2)
    if resources:
        services.resources_link(actor=staff, project=project, resources=resources)
    write("Proyecto colaborativo demo creado.")


def seed_agreement_links(write: Callable[[str], None]) -> None:
    """Issue 14: the international cooperation's funding agreement funds the demo project
    (a link the agreements app shows both ways). Idempotent (link_record)."""
    from hublocal.agreements import selectors as agreement_selectors
    from hublocal.agreements import services as agreement_services

    from . import selectors

    agreement = agreement_selectors.demo_agreement(
        "Financiamiento de la cooperación internacional para pilotos GovTech (demo)"
    )
    project = Project.objects.filter(slug=SLUG).first()
    if agreement is None or project is None:
        write("projects: demo agreement or project missing, link skipped")
        return
    agreement_services.link_record(agreement=agreement, kind=selectors.LINK_KIND, object_id=project.pk)
    write("projects: funding agreement linked to the demo project")
