"""Demo events (seeder "events", order 87, after the solutions, pilots and library demos):

- an upcoming congress, published, with three seats taken and two people on its waitlist;
- an upcoming demo day with the pitches of the demo startups (DataMuni's selected, with
  Santiago's interest; Trámite Fácil's still applied);
- this year's municipal-innovation award in judging: two categories, five nominations (two of
  Santiago, two of Valparaíso, one of Concepción), a jury of three (the hub's analyst, the
  partner university's researcher and Valparaíso's focal point, who may not score Valparaíso),
  with some scores in;
- last year's edition, with its ceremony held and its winners published.

Idempotent: nothing is created when a demo event exists."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from hublocal.directory import selectors as directory_selectors
from hublocal.solutions import selectors as solution_selectors

from . import services
from .models import AwardStatus, Event, EventKind, EventStatus, PitchStatus

ZONE = ZoneInfo("America/Santiago")
USERNAMES = ["staff", "analista", "santiago", "valparaiso", "startup-a", "startup-b", "partner"]


def _at(day: Any, hour: int) -> datetime:
    return datetime.combine(day, time(hour)).replace(tzinfo=ZONE)


def _event(staff: Any, **data: Any) -> Event:
    return services.event_create(actor=staff, data=data, is_demo=True)


@transaction.atomic
def seed(write: Callable[[str], None]) -> None:
    if Event.objects.filter(is_demo=True).exists():
        return
    users = {
        u.username: u for u in get_user_model().objects.filter(username__in=USERNAMES).select_related("organization")
    }
    if len(users) < len(USERNAMES):
        write("Faltan las cuentas demo; se omiten los eventos demo.")
        return
    staff = users["staff"]
    hub = directory_selectors.organization_get(slug="hub-nacional-de-gobierno-local")
    concepcion = directory_selectors.municipalities(codes=["08101"]).first()
    today = timezone.localdate()
    now = timezone.now()
    organisers = [hub.pk] if hub else []

    # 1. The congress: three seats, three taken, two waiting.
    congress = _event(
        staff,
        kind=EventKind.CONGRESS,
        title="Congreso Nacional de Innovación Municipal (demo)",
        description=(
            "Dos días de paneles, talleres y casos de municipios que transformaron su gestión.\n\n"
            "**Ejes:** transformación digital, seguridad municipal y atención primaria de salud."
        ),
        timezone="America/Santiago",
        starts_at=_at(today + timedelta(days=40), 9),
        ends_at=_at(today + timedelta(days=41), 18),
        registration_opens_at=now - timedelta(days=10),
        registration_closes_at=_at(today + timedelta(days=38), 23),
        place="Centro de Convenciones, Santiago",
        online_url="https://streaming.demo.hublocal.cl/congreso",
        capacity=3,
        fee_municipal=0,
        fee_startup=45000,
        fee_partner=30000,
        fee_public=60000,
        organisers=organisers,
    )
    congress = services.event_set_status(actor=staff, event=congress, status=EventStatus.PUBLISHED)
    for username in ("valparaiso", "partner", "startup-a", "startup-b", "analista"):
        services.registration_create(actor=users[username], event=congress)
    seat = congress.registrations.get(user=users["startup-a"])
    services.registration_set_payment(actor=staff, registration=seat, payment_status="paid")

    # 2. The demo day with the startups' pitches.
    demo_day = _event(
        staff,
        kind=EventKind.DEMO_DAY,
        title="Demo Day GovTech: soluciones para municipios (demo)",
        description="Startups GovTech presentan en cinco minutos soluciones probadas a equipos municipales.",
        timezone="America/Santiago",
        starts_at=_at(today + timedelta(days=20), 15),
        ends_at=_at(today + timedelta(days=20), 18),
        registration_opens_at=now - timedelta(days=5),
        registration_closes_at=_at(today + timedelta(days=19), 23),
        place="",
        online_url="https://reunion.demo.hublocal.cl/demo-day",
        capacity=100,
        organisers=organisers,
    )
    demo_day = services.event_set_status(actor=staff, event=demo_day, status=EventStatus.PUBLISHED)
    services.registration_create(actor=users["santiago"], event=demo_day)
    pitches = []
    for username in ("startup-a", "startup-b"):
        solution = solution_selectors.solutions_of(organization_id=users[username].organization_id).first()
        if solution is None:
            continue
        pitches.append(
            services.pitch_apply(
                actor=users[username],
                event=demo_day,
                solution_id=solution.pk,
                summary=f"Mostraremos {solution.name} en un caso real de un municipio, con sus resultados.",
            )
        )
    if pitches:
        first = services.pitch_decide(actor=staff, pitch=pitches[0], status=PitchStatus.SELECTED, agenda_order=1)
        services.pitch_interest(actor=users["santiago"], pitch=first)

    # 3. Last year's award: ceremony held, winners published.
    ceremony = _event(
        staff,
        kind=EventKind.AWARD_CEREMONY,
        title="Ceremonia Premio Innovación Municipal %s (demo)" % (today.year - 1),
        description="Entrega de los premios a la innovación municipal.",
        timezone="America/Santiago",
        starts_at=_at(today - timedelta(days=300), 18),
        ends_at=_at(today - timedelta(days=300), 21),
        registration_opens_at=_at(today - timedelta(days=340), 9),
        registration_closes_at=_at(today - timedelta(days=301), 23),
        place="Teatro Municipal de Valparaíso",
        capacity=200,
        organisers=organisers,
    )
    ceremony = services.event_set_status(actor=staff, event=ceremony, status=EventStatus.PUBLISHED)
    ceremony = services.event_set_status(actor=staff, event=ceremony, status=EventStatus.HELD)
    past = services.edition_create(
        actor=staff, title="Premio Innovación Municipal (demo)", year=today.year - 1, event=ceremony, is_demo=True
    )
    p_digital = services.category_add(actor=staff, edition=past, name="Gestión y servicios digitales")
    p_green = services.category_add(actor=staff, edition=past, name="Sostenibilidad y territorio")
    for username in ("analista", "partner"):
        services.juror_appoint(actor=staff, edition=past, username=username)
    stgo_id, valpo_id = users["santiago"].organization_id, users["valparaiso"].organization_id
    past_noms = [
        services.nomination_create(
            actor=staff,
            category=p_digital,
            organization_id=stgo_id,
            title="Permisos de edificación en línea",
            description="Trámite 100% digital de permisos de obra menor, de 45 a 6 días.",
            evidence_url="https://www.munistgo.cl",
        ),
        services.nomination_create(
            actor=staff,
            category=p_digital,
            organization_id=valpo_id,
            title="Mesa de ayuda municipal por WhatsApp",
            description="Atención vecinal por mensajería con derivación a las direcciones.",
        ),
        services.nomination_create(
            actor=staff,
            category=p_green,
            organization_id=valpo_id,
            title="Reciclaje en cerros con puntos limpios móviles",
            description="Rutas de retiro de reciclables en cerros de difícil acceso.",
        ),
    ]
    past = services.edition_set_status(actor=staff, edition=past, status=AwardStatus.JUDGING)
    for username, marks in (("analista", (5, 4, 4)), ("partner", (4, 3, 5))):
        for nomination, m in zip(past_noms, marks, strict=True):
            services.score_submit(
                actor=users[username],
                nomination=nomination,
                values={"impacto": m, "novedad": m, "replicabilidad": m, "sostenibilidad": m},
                no_conflict=True,
            )
    services.winners_publish(actor=staff, edition=past, winner_ids=[past_noms[0].pk, past_noms[2].pk])

    # 4. This year's award, in judging.
    current = services.edition_create(
        actor=staff, title="Premio Innovación Municipal (demo)", year=today.year, is_demo=True
    )
    digital = services.category_add(actor=staff, edition=current, name="Gestión y servicios digitales")
    green = services.category_add(actor=staff, edition=current, name="Sostenibilidad y territorio")
    for username in ("analista", "partner", "valparaiso"):
        services.juror_appoint(actor=staff, edition=current, username=username)
    rows = [
        (
            digital,
            users["santiago"],
            stgo_id,
            "Ventanilla única de patentes comerciales",
            "Patentes en línea con pago y seguimiento.",
        ),
        (green, users["santiago"], stgo_id, "Arbolado urbano con sensores de riego", "Riego por telemetría en plazas."),
        (
            digital,
            users["valparaiso"],
            valpo_id,
            "Agenda de salud primaria en línea",
            "Horas de CESFAM reservadas por web y teléfono.",
        ),
        (
            green,
            users["valparaiso"],
            valpo_id,
            "Plan de quebradas libres de basura",
            "Limpieza preventiva de quebradas con vecinos.",
        ),
    ]
    if concepcion is not None:
        rows.append(
            (digital, staff, concepcion.pk, "Datos abiertos de permisos de circulación", "Portal de datos municipales.")
        )
    current_noms = [
        services.nomination_create(actor=actor, category=cat, organization_id=org, title=title, description=text)
        for cat, actor, org, title, text in rows
    ]
    current = services.edition_set_status(actor=staff, edition=current, status=AwardStatus.JUDGING)
    for nomination in current_noms[:3]:
        services.score_submit(
            actor=users["analista"],
            nomination=nomination,
            values={"impacto": 4, "novedad": 3, "replicabilidad": 5, "sostenibilidad": 3},
            no_conflict=True,
        )
    # Valparaíso's juror scored Santiago's first nomination; the rest is left to the jury.
    services.score_submit(
        actor=users["valparaiso"],
        nomination=current_noms[0],
        values={"impacto": 5, "novedad": 4, "replicabilidad": 4, "sostenibilidad": 4},
        no_conflict=True,
    )
    write("Eventos demo: congreso con lista de espera, demo day con pitches y dos ediciones del premio.")
