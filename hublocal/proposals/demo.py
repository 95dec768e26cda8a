"""Demo proposals: DataMuni and Trámite Fácil compete for Santiago's and Valparaíso's patentes
challenge in the open call; the past call was evaluated by its committee, shortlisted, answered
with feedback to every applicant, and each shortlisted startup held a working session with
the municipality. Everything goes through the services with clocks set in the past.
Idempotent: returns if demo proposals exist."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from hublocal.accounts import selectors as accounts_selectors
from hublocal.accounts import services as accounts_services
from hublocal.directory import selectors as directory_selectors
from hublocal.innovation import selectors as innovation_selectors
from hublocal.solutions import selectors as solutions_selectors

from . import services
from .models import Proposal

PAST_SLUG = "municipia-2025"
CURRENT_SLUG = "municipia-2026"
PATENTES = "Patentes comerciales sin filas ni papeles"
OIRS = "Atención ciudadana OIRS sin filas"
RESIDUOS = "Retiro de residuos voluminosos en cerros"
USERNAMES = ["staff", "analista", "santiago", "valparaiso", "startup-a", "startup-b"]
# A third applicant of the past call, so the committee also has someone to turn down.
OTHER_STARTUP, OTHER_USERNAME = "reciclapp", "reciclapp-demo"


def _users() -> dict[str, Any]:
    return {u.username: u for u in accounts_selectors.user_list().filter(username__in=[*USERNAMES, OTHER_USERNAME])}


def _other_applicant(staff: Any, users: dict[str, Any]) -> Any:
    if OTHER_USERNAME in users:
        return users[OTHER_USERNAME]
    org = directory_selectors.organization_get(slug=OTHER_STARTUP)
    if org is None:
        return None
    return accounts_services.user_create(
        actor=staff,
        username=OTHER_USERNAME,
        email="reciclapp@demo.hublocal.cl",
        password=None,  # nobody signs in with it: it only signs ReciclApp's demo proposal
        role="startup",
        organization=org,
        first_name="Equipo ReciclApp",
        last_name="(demo)",
    )


def _solution(user: Any, slug: str) -> Any:
    if user is None or user.organization_id is None:
        return None
    return solutions_selectors.solutions_of(organization_id=user.organization_id).filter(slug=slug).first()


def _challenges(call: Any) -> dict[str, Any]:
    return {c.title: c for c in innovation_selectors.challenges_of_call(call=call)}


@transaction.atomic
def seed(write: Callable[[str], None]) -> None:
    if Proposal.objects.filter(is_demo=True).exists():
        return
    users = _users()
    missing = [u for u in USERNAMES if u not in users]
    if missing:
        write(f"Faltan cuentas demo ({', '.join(missing)}); se omiten las propuestas demo.")
        return
    past = innovation_selectors.call_get_by_slug(slug=PAST_SLUG)
    current = innovation_selectors.call_get_by_slug(slug=CURRENT_SLUG)
    if past is None or current is None:
        write("No están las convocatorias demo de innovación; se omiten las propuestas demo.")
        return
    past_challenges, current_challenges = _challenges(past), _challenges(current)
    patentes = current_challenges.get(PATENTES)
    oirs, residuos = past_challenges.get(OIRS), past_challenges.get(RESIDUOS)
    if patentes is None or oirs is None or residuos is None:
        write("No están los desafíos demo de innovación; se omiten las propuestas demo.")
        return
    staff = users["staff"]
    for call in (past, current):
        for member in ("staff", "analista"):
            services.committee_member_add(actor=staff, call=call, user=users[member])
    now = timezone.now()
    _current_proposals(now, users, patentes)
    _past_call(past, users, oirs, residuos, _other_applicant(staff, users))
    write("Propuestas demo: 2 en Municipia 2026; Municipia 2025 evaluada, con retroalimentación y 2 sesiones.")


def _current_proposals(now: Any, users: dict[str, Any], patentes: Any) -> None:
    a, b = users["startup-a"], users["startup-b"]
    services.proposal_submit(
        actor=a,
        challenge=patentes,
        solution=_solution(a, "patentes-en-linea"),
        approach=(
            "Implementar Patentes en Línea en Santiago y Valparaíso: solicitud, pago y renovación de patentes "
            "comerciales desde el celular, con revisión de requisitos automática (SII, DOM, rol de avalúo) y "
            "una bandeja única para el Departamento de Rentas. Migramos el padrón vigente en la primera semana."
        ),
        price_min=18_000_000,
        price_max=32_000_000,
        timeline_weeks=16,
        timeline=(
            "Semanas 1–3: migración del padrón y configuración de requisitos.\n"
            "Semanas 4–8: piloto con patentes de alcoholes y comerciales de bajo riesgo.\n"
            "Semanas 9–16: todas las patentes, capacitación y traspaso."
        ),
        now=now - timedelta(days=6),
        is_demo=True,
    )
    services.proposal_submit(
        actor=b,
        challenge=patentes,
        solution=_solution(b, "tramite-facil-municipal"),
        approach=(
            "Trámite Fácil Municipal como ventanilla única: la patente comercial se tramita en línea con "
            "clave única, seguimiento del estado por WhatsApp y atención asistida en el mesón para quienes "
            "no usan internet. Integración con el sistema de rentas existente mediante archivos planos."
        ),
        price_min=12_000_000,
        price_max=24_000_000,
        timeline_weeks=20,
        timeline="Diagnóstico de procesos (4 semanas), configuración (8), marcha blanca (8).",
        now=now - timedelta(days=3),
        is_demo=True,
    )


def _past_call(call: Any, users: dict[str, Any], oirs: Any, residuos: Any, other: Any) -> None:
    staff, analista = users["staff"], users["analista"]
    opened, closed = call.opens_at, call.closes_at
    oirs_a = services.proposal_submit(
        actor=users["startup-a"],
        challenge=oirs,
        approach=(
            "Una bandeja OIRS única: cada solicitud, reclamo o sugerencia llega por web, WhatsApp o mesón a "
            "un mismo registro con número de seguimiento, se deriva a la dirección responsable con plazo y "
            "el vecino recibe avisos de cada cambio de estado."
        ),
        price_min=9_000_000,
        price_max=15_000_000,
        timeline_weeks=12,
        timeline="Configuración (3 semanas), piloto en dos direcciones (5), despliegue municipal (4).",
        now=opened + timedelta(days=20),
        is_demo=True,
    )
    residuos_b = services.proposal_submit(
        actor=users["startup-b"],
        challenge=residuos,
        approach=(
            "Solicitud en línea del retiro de voluminosos con fecha asignada por sector, recordatorio por SMS "
            "el día anterior y confirmación con foto del camión; las rutas se arman con las solicitudes del "
            "día, cerro por cerro."
        ),
        price_min=7_000_000,
        price_max=11_000_000,
        timeline_weeks=10,
        now=opened + timedelta(days=30),
        is_demo=True,
    )
    decisions = [(oirs_a, True, [5, 4, 4, 4], [4, 4, 3, 5])]
    decisions.append((residuos_b, True, [4, 4, 5, 3], [5, 3, 4, 3]))
    if other is not None:
        residuos_other = services.proposal_submit(
            actor=other,
            challenge=residuos,
            approach=(
                "Puntos limpios móviles que recorren los cerros una vez al mes y reciben voluminosos y "
                "reciclables; registro de lo recibido en la aplicación ReciclApp."
            ),
            price_min=14_000_000,
            price_max=20_000_000,
            timeline_weeks=24,
            now=opened + timedelta(days=40),
            is_demo=True,
        )
        decisions.append((residuos_other, False, [3, 2, 2, 3], [2, 3, 2, 2]))
    criteria = innovation_selectors.call_criteria(call=call)
    scored = closed + timedelta(days=5)
    feedback = {
        True: (
            "La propuesta responde directamente al problema descrito y su plan es realista para el equipo "
            "municipal. Fue preseleccionada: la municipalidad la invitará a una sesión de trabajo."
        ),
        False: (
            "La propuesta es interesante, pero no resuelve la solicitud y el retiro puerta a puerta que el "
            "desafío pide, y su costo supera el rango de referencia. Le animamos a postular a desafíos de "
            "reciclaje en próximas convocatorias."
        ),
    }
    for proposal, chosen, by_staff, by_analyst in decisions:
        for member, values in ((staff, by_staff), (analista, by_analyst)):
            services.score_set(
                actor=member,
                proposal=proposal,
                scores={c.pk: v for c, v in zip(criteria, values, strict=False)},
                now=scored,
            )
        decide = services.proposal_shortlist if chosen else services.proposal_not_select
        decide(actor=staff, proposal=proposal, now=scored + timedelta(days=2))
        services.feedback_give(
            actor=staff, proposal=proposal, feedback=feedback[chosen], now=scored + timedelta(days=3)
        )
    _session(
        actor=users["santiago"],
        challenge=oirs,
        proposal=oirs_a,
        scheduled=closed + timedelta(days=10),
        held=closed + timedelta(days=17, hours=10),
        place="Municipalidad de Santiago, sala de reuniones de la OIRS",
        agenda="Flujo actual de la OIRS, integración con el sistema de correspondencia, indicadores del piloto.",
        minutes=(
            "Se revisó el flujo actual: 40 % de las solicitudes llegan en papel. DataMuni mostró la bandeja "
            "única y la derivación con plazos. La OIRS valida los tipos de solicitud y los plazos legales."
        ),
        next_steps="Redactar el convenio de piloto y definir indicadores (tiempo de respuesta, solicitudes perdidas).",
    )
    _session(
        actor=users["valparaiso"],
        challenge=residuos,
        proposal=residuos_b,
        scheduled=closed + timedelta(days=12),
        held=closed + timedelta(days=20, hours=15),
        place="Videollamada (enlace enviado por correo)",
        agenda="Sectores de los cerros, frecuencia de retiro, canales para quienes no usan internet.",
        minutes=(
            "Aseo y Ornato explicó la operación por sectores. Trámite Fácil propuso agendar por cerro y avisar "
            "por SMS. Se acordó probar en tres cerros antes de ampliar."
        ),
        next_steps="Convenio de piloto en tres cerros; medir retiros a tiempo y reclamos por microbasurales.",
    )


def _session(
    *,
    actor: Any,
    challenge: Any,
    proposal: Any,
    scheduled: Any,
    held: Any,
    place: str,
    agenda: str,
    minutes: str,
    next_steps: str,
) -> None:
    session = services.session_schedule(
        actor=actor,
        challenge=challenge,
        starts_at=held,
        place=place,
        agenda=agenda,
        proposals=[proposal],
        now=scheduled,
        is_demo=True,
    )
    services.session_record(
        actor=actor,
        session=session,
        expected_version=None,  # the seeder is the only writer
        minutes=minutes,
        next_steps=next_steps,
        attendance={proposal.pk: True},
        now=held + timedelta(hours=2),
    )
