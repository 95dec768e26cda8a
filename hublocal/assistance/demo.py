"""Demo technical assistance (seeder "assistance", after the library): three engagements at
different stages — Valparaíso's closed, rated and published to the library; Santiago's in
progress with a deliverable returned once with comments; Valparaíso's second, just agreed —
and one request from Valparaíso waiting for the hub's triage."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from hublocal.library import demo_files

from . import services
from .models import AssistanceRequest


def _users() -> dict[str, Any]:
    names = ["staff", "analista", "santiago", "valparaiso", "partner"]
    return {u.username: u for u in get_user_model().objects.filter(username__in=names)}


def _engagement(
    users: dict[str, Any],
    muni: str,
    *,
    title: str,
    problem: str,
    area: str,
    dimension: str,
    plan: list,
    today: Any,
    **kw: Any,
) -> Any:
    req = services.request_create(
        actor=users[muni], title=title, problem=problem, area=area, urgency="medium", dimension=dimension
    )
    AssistanceRequest.objects.filter(pk=req.pk).update(is_demo=True)
    services.request_decide(actor=users["staff"], request=req, decision="accept")
    return services.engagement_create(
        actor=users["staff"],
        request=req,
        title=title,
        objective=problem,
        team=[users["analista"], users["partner"]],
        plan=plan,
        today=today - timedelta(days=120),
        is_demo=True,
        **kw,
    )


def _pdf(title: str, text: str) -> tuple[str, bytes]:
    return f"{title.lower().replace(' ', '-')[:60]}.pdf", demo_files.build_file("pdf", title, text)


def seed(write: Callable[[str], None]) -> None:
    if AssistanceRequest.objects.filter(is_demo=True).exists():
        return
    users = _users()
    if len(users) < 5:
        write("Faltan las cuentas demo; se omite la asistencia técnica demo.")
        return
    today = timezone.localdate()
    partner, valpo, stgo = users["partner"], users["valparaiso"], users["santiago"]

    # 1. Valparaíso: closed, rated and published to the library.
    closed = _engagement(
        users,
        "valparaiso",
        title="Protocolo de continuidad operativa ante ciberincidentes",
        problem=(
            "El municipio sufrió un ransomware en 2025 y no tiene un protocolo para seguir atendiendo trámites "
            "críticos mientras se recuperan los sistemas."
        ),
        area="digital",
        dimension="",
        plan=[
            {"title": "Diagnóstico de procesos críticos", "due_on": today - timedelta(days=60)},
            {"title": "Protocolo de continuidad y ejercicio de mesa", "due_on": today - timedelta(days=20)},
        ],
        today=today,
        hours=80,
        fee_clp=0,
    )
    for d in closed.deliverables.order_by("order"):
        name, data = _pdf(d.title, f"{d.title}. Documento elaborado con la Municipalidad de Valparaíso.")
        services.deliverable_submit(
            actor=partner, deliverable=d, text=f"Se adjunta {d.title.lower()}.", file_name=name, data=data
        )
        services.deliverable_review(actor=valpo, deliverable=d, decision="accepted", comment="Conforme.")
    closed.refresh_from_db()
    services.engagement_transition(actor=users["staff"], engagement=closed, action="close")
    services.rating_submit(
        actor=valpo,
        engagement=closed,
        scores={"quality": 5, "relevance": 5, "timeliness": 4, "communication": 5},
        comment="El ejercicio de mesa fue muy útil para el equipo de informática y de atención.",
    )
    closed.refresh_from_db()
    services.publish_to_library(actor=users["staff"], engagement=closed)

    # 2. Santiago: in progress, first deliverable returned once with comments.
    running = _engagement(
        users,
        "santiago",
        title="Tablero de gestión de la atención primaria",
        problem=(
            "Los CESFAM registran la demanda en planillas distintas y la dirección de salud no puede ver listas de "
            "espera ni rechazos a tiempo para reasignar horas."
        ),
        area="aps",
        dimension="",
        plan=[
            {"title": "Modelo de datos común de los CESFAM", "due_on": today + timedelta(days=10)},
            {"title": "Tablero y manual de uso", "due_on": today + timedelta(days=45)},
        ],
        today=today,
        hours=120,
        fee_clp=2_400_000,
    )
    first = running.deliverables.order_by("order").first()
    name, data = _pdf(first.title, "Propuesta de modelo de datos para la demanda de atención de los CESFAM.")
    services.deliverable_submit(
        actor=partner, deliverable=first, text="Primera versión del modelo de datos.", file_name=name, data=data
    )
    services.deliverable_review(
        actor=stgo,
        deliverable=first,
        decision="returned",
        comment="Falta incluir los rechazos por falta de horas y el campo de prioridad del sector.",
    )

    # 3. Valparaíso: just agreed.
    _engagement(
        users,
        "valparaiso",
        title="Plan de reducción de residuos en ferias libres",
        problem=(
            "Las ferias libres generan residuos orgánicos que terminan en el relleno sanitario; el municipio quiere "
            "un plan de compostaje con los feriantes."
        ),
        area="ambiente",
        dimension="",
        plan=[{"title": "Plan de compostaje con los feriantes", "due_on": today + timedelta(days=150)}],
        today=today,
        hours=40,
        fee_clp=0,
    )

    # A request waiting for the hub.
    req = services.request_create(
        actor=valpo,
        title="Capacitación en ciberseguridad para funcionarios",
        problem="Después del incidente de 2025 queremos formar a los funcionarios en higiene digital básica.",
        area="digital",
        urgency="high",
    )
    AssistanceRequest.objects.filter(pk=req.pk).update(is_demo=True)
    write("Asistencia técnica demo: una cerrada y publicada, una en curso en Santiago, una acordada y una solicitud.")
