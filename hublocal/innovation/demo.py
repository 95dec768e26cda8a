"""Demo open innovation: a past call whose challenges reached pilots, a current call open for
proposals with challenges from several municipalities, a board of questions and answers, a
presentation event, Santiago's draft adopted from its diagnosis gap and one under review.

Everything goes through the services (so the audit trail and engagement tracks exist) with
clocks set in the past where the story needs it. Idempotent: returns if the current call exists."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from hublocal.diagnosis import selectors as diagnosis_selectors
from hublocal.diagnosis import services as diagnosis_services
from hublocal.directory import selectors as directory_selectors

from . import services
from .models import Call, ChallengeStatus
from .services import CriterionInput

PAST_SLUG = "municipia-2025"
CURRENT_SLUG = "municipia-2026"
CRITERIA = [
    CriterionInput(
        "Pertinencia para el problema",
        35,
        "Qué tan directamente la propuesta resuelve el problema descrito, para quienes lo sufren.",
    ),
    CriterionInput(
        "Viabilidad técnica y operativa",
        25,
        "Si puede funcionar con la conectividad, los equipos y las competencias del municipio.",
    ),
    CriterionInput("Costo y sostenibilidad", 20, "Precio dentro del rango y continuidad después del piloto."),
    CriterionInput("Experiencia y evidencia", 20, "Resultados medidos en otros municipios o servicios públicos."),
]
ELIGIBILITY = (
    "Startups y pymes GovTech constituidas en Chile (RUT vigente), con una solución en funcionamiento "
    "o un prototipo probado con usuarios reales. Pueden postular en consorcio."
)

PAST_CHALLENGES = [
    {
        "owner": "13101",
        "actor": "santiago",
        "title": "Atención ciudadana OIRS sin filas",
        "area": "digital",
        "problem": (
            "Las solicitudes, reclamos y sugerencias (OIRS) llegan por mesón, correo y papel; se pierden "
            "entre departamentos y nadie sabe en qué estado están."
        ),
        "affected": "Vecinos y vecinas que hacen reclamos, en especial personas mayores; funcionarios de la OIRS.",
        "current_process": (
            "Formulario en papel en el mesón de la OIRS y derivación por correo interno a cada dirección; "
            "seguimiento en planillas."
        ),
        "constraints": "Integración con el sistema de gestión documental existente.",
        "success": (
            "90% de las solicitudes respondidas dentro del plazo legal; tiempo de espera en mesón bajo 10 minutos."
        ),
        "budget_min": 8_000_000,
        "budget_max": 25_000_000,
        "status": ChallengeStatus.IN_PILOT,
    },
    {
        "owner": "05101",
        "actor": "valparaiso",
        "title": "Retiro de residuos voluminosos en cerros",
        "area": "ambiente",
        "problem": (
            "Los residuos voluminosos (colchones, muebles, electrodomésticos) se acumulan en quebradas y "
            "escaleras de los cerros porque el retiro programado no llega a tiempo."
        ),
        "affected": "Vecinos de los cerros, en especial donde no entran camiones; cuadrillas de aseo.",
        "current_process": "Solicitud telefónica y un calendario mensual de camiones por sector.",
        "constraints": "Calles angostas y escaleras: el último tramo se hace a pie.",
        "success": "Reducir 40% los microbasurales georreferenciados en seis meses.",
        "budget_min": 10_000_000,
        "budget_max": 40_000_000,
        "status": ChallengeStatus.FINISHED,
    },
]

CURRENT_CHALLENGES = [
    {
        "owner": "13101",
        "co": ["05101"],
        "actor": "santiago",
        "title": "Patentes comerciales sin filas ni papeles",
        "area": "digital",
        "problem": (
            "Obtener o renovar una patente comercial (licencia de funcionamiento) exige ir varias veces al "
            "municipio con papeles que otras reparticiones ya tienen; los emprendedores esperan semanas."
        ),
        "affected": "Emprendedores y pequeños comercios; el departamento de Rentas y la DOM, que revisan a mano.",
        "current_process": (
            "Formulario en papel, revisión presencial de antecedentes por Rentas, visita de la DOM y pago en caja."
        ),
        "constraints": "Debe integrarse con el sistema de rentas municipal y con ClaveÚnica.",
        "connectivity": "Buena en oficinas municipales.",
        "staff_skills": "Equipo de Rentas con uso diario de planillas; sin desarrolladores propios.",
        "success": "80% de las patentes tramitadas en línea y plazo medio de otorgamiento bajo 5 días hábiles.",
        "budget_min": 15_000_000,
        "budget_max": 45_000_000,
    },
    {
        "owner": "09104",
        "co": [],
        "actor": "staff",
        "title": "Agenda de horas en CESFAM rurales con conectividad limitada",
        "area": "aps",
        "problem": (
            "Para pedir una hora en el CESFAM hay que llamar o viajar de madrugada; en las postas rurales la "
            "señal es intermitente y las horas se asignan en cuadernos."
        ),
        "affected": "Pacientes de sectores rurales, personas mayores y cuidadores; el SOME del CESFAM.",
        "current_process": "Filas desde temprano, llamadas telefónicas y cuadernos en cada posta.",
        "constraints": "Debe funcionar sin conexión y sincronizar cuando vuelva la señal.",
        "connectivity": "Intermitente en postas; 4G débil en el CESFAM.",
        "staff_skills": "Técnicos de salud con competencias digitales básicas.",
        "success": "La mitad de las horas agendadas a distancia y reducción de 30% en horas perdidas.",
        "budget_min": 5_000_000,
        "budget_max": 20_000_000,
    },
    {
        "owner": "13112",
        "co": [],
        "actor": "staff",
        "title": "Prevención situacional en barrios con alta victimización",
        "area": "seguridad",
        "problem": (
            "Los delitos se concentran en pocos puntos del barrio, pero las medidas de prevención se deciden "
            "sin datos compartidos entre seguridad municipal, carabineros y vecinos."
        ),
        "affected": "Vecinos de barrios con alta victimización, comercio local, equipo de seguridad municipal.",
        "current_process": "Reportes en papel de patrullajes y reuniones mensuales con juntas de vecinos.",
        "constraints": "Protección de datos personales; sin cámaras nuevas en el primer año.",
        "connectivity": "Buena.",
        "staff_skills": "Analista territorial con manejo de SIG básico.",
        "success": "Reducción de 20% de los delitos de oportunidad en los puntos priorizados en un año.",
        "budget_min": 12_000_000,
        "budget_max": 35_000_000,
    },
]

IN_REVIEW = {
    "owner": "05101",
    "co": [],
    "actor": "valparaiso",
    "title": "Microbasurales denunciados por la comunidad",
    "area": "ambiente",
    "problem": (
        "Los microbasurales se detectan tarde y las denuncias vecinales no llegan a la cuadrilla que los retira."
    ),
    "affected": "Vecinos de quebradas y cerros; cuadrillas de aseo y ornato.",
    "current_process": "Llamados al municipio y mensajes a concejales, sin registro común.",
    "constraints": "Sin presupuesto para sensores; la comunidad usa teléfonos básicos.",
    "success": "Tiempo medio entre denuncia y retiro bajo 72 horas.",
    "budget_min": 3_000_000,
    "budget_max": 12_000_000,
}


def seed(write: Callable[[str], None]) -> None:
    if Call.objects.filter(slug=CURRENT_SLUG).exists():
        return
    User = get_user_model()
    users = {u.username: u for u in User.objects.filter(username__in=["staff", "santiago", "valparaiso"])}
    staff = users.get("staff")
    if staff is None:
        write("Sin la cuenta staff no se crea la demo de innovación.")
        return
    munis = {o.commune.code: o for o in directory_selectors.municipalities(codes=["13101", "05101", "09104", "13112"])}
    if len(munis) < 4:
        write("Faltan municipalidades del territorio; se omite la demo de innovación.")
        return
    now = timezone.now()
    _past_call(now, staff, users, munis)
    current = _current_call(now, staff, users, munis)
    _santiago_gap(users.get("santiago"))
    _questions_and_event(now, staff, current)
    write("Innovación demo: convocatorias municipia-2025 y municipia-2026, desafíos, preguntas y un evento.")


def _write(spec: dict[str, Any], users: dict[str, Any], staff: Any, munis: dict[str, Any]) -> Any:
    fields = {k: v for k, v in spec.items() if k not in ("owner", "co", "actor", "status")}
    actor = users.get(spec["actor"], staff)
    challenge = services.challenge_create(
        actor=actor,
        owner=munis[spec["owner"]],
        co_municipalities=[munis[c] for c in spec.get("co", [])],
        is_demo=True,
        **fields,
    )
    return challenge, actor


def _past_call(now: Any, staff: Any, users: dict[str, Any], munis: dict[str, Any]) -> None:
    opened, closed = now - timedelta(days=400), now - timedelta(days=300)
    call = services.call_create(
        actor=staff,
        title="Municipia 2025",
        slug=PAST_SLUG,
        description=(
            "Primera convocatoria de innovación abierta del Hub: problemas municipales de atención ciudadana "
            "y gestión de residuos, abiertos a startups GovTech."
        ),
        eligibility=ELIGIBILITY,
        opens_at=opened,
        closes_at=closed,
        is_demo=True,
    )
    services.call_criteria_set(actor=staff, call=call, criteria=CRITERIA)
    services.call_publish(actor=staff, call=call, now=opened - timedelta(days=1))
    for spec in PAST_CHALLENGES:
        challenge, actor = _write(spec, users, staff, munis)
        services.challenge_transition(
            actor=actor, challenge=challenge, to=ChallengeStatus.IN_REVIEW, now=opened - timedelta(days=5)
        )
        services.challenge_transition(
            actor=staff, challenge=challenge, to=ChallengeStatus.PUBLISHED, call=call, now=opened + timedelta(days=1)
        )
        services.challenge_transition(actor=staff, challenge=challenge, to=ChallengeStatus.CLOSED, now=closed)
        services.challenge_set_status(
            actor=staff, challenge=challenge, status=ChallengeStatus.IN_PILOT, now=closed + timedelta(days=45)
        )
        if spec["status"] == ChallengeStatus.FINISHED:
            services.challenge_set_status(
                actor=staff, challenge=challenge, status=ChallengeStatus.FINISHED, now=now - timedelta(days=30)
            )


def _current_call(now: Any, staff: Any, users: dict[str, Any], munis: dict[str, Any]) -> Any:
    opened = now - timedelta(days=10)
    call = services.call_create(
        actor=staff,
        title="Municipia 2026",
        slug=CURRENT_SLUG,
        description=(
            "Convocatoria abierta a startups GovTech para resolver problemas reales de municipios de distintas "
            "regiones y tipologías: trámites digitales, salud primaria rural y prevención del delito. Cada "
            "desafío puede derivar en un piloto con indicadores medibles."
        ),
        eligibility=ELIGIBILITY,
        opens_at=opened,
        closes_at=now + timedelta(days=30),
        is_demo=True,
    )
    services.call_criteria_set(actor=staff, call=call, criteria=CRITERIA)
    call = services.call_publish(actor=staff, call=call, now=opened - timedelta(days=3))
    for spec in CURRENT_CHALLENGES:
        challenge, actor = _write(spec, users, staff, munis)
        services.challenge_transition(
            actor=actor, challenge=challenge, to=ChallengeStatus.IN_REVIEW, now=opened - timedelta(days=2)
        )
        services.challenge_transition(
            actor=staff, challenge=challenge, to=ChallengeStatus.PUBLISHED, call=call, now=opened
        )
    challenge, actor = _write(IN_REVIEW, users, staff, munis)
    services.challenge_transition(actor=actor, challenge=challenge, to=ChallengeStatus.IN_REVIEW)
    return call


def _santiago_gap(santiago: Any) -> None:
    """Santiago's submitted diagnosis has gaps: the weakest becomes a draft challenge (origin
    diagnosis), unless the diagnosis demo already adopted one."""
    org = directory_selectors.organization_get(slug="municipalidad-santiago")
    if org is None or santiago is None:
        return
    if diagnosis_selectors.proposed_challenges_for_organization(organization_id=org.pk, status="adopted"):
        return
    drafts = diagnosis_selectors.proposed_challenges_for_organization(organization_id=org.pk, status="draft")
    proposed = drafts[0] if drafts else None
    if proposed is None:
        participation = next(
            (
                p
                for p in diagnosis_selectors.participations_for_organization(organization_id=org.pk)
                if p.status == "submitted"
            ),
            None,
        )
        result = diagnosis_selectors.result_of(participation=participation) if participation else None
        scores = {k: v for k, v in (result.dimensions if result else {}).items() if v is not None}
        # The instrument's first dimension stays free: the walkthrough (and the permission
        # matrix) has santiago propose that gap himself from the results page.
        first = next(iter(diagnosis_selectors.instrument_of(participation.campaign.instrument_version).dimensions))
        scores.pop(first.id, None)
        if not scores:
            return
        weakest = min(scores, key=lambda k: (scores[k], k))
        proposed = diagnosis_services.proposed_challenge_create(
            actor=santiago, participation=participation, dimension=weakest
        )
    services.challenge_create_from_gap(actor=santiago, proposed=proposed, is_demo=True)


def _questions_and_event(now: Any, staff: Any, call: Any) -> None:
    User = get_user_model()
    askers = {u.username: u for u in User.objects.filter(username__in=["startup-a", "startup-b", "partner"])}
    patentes = call.challenges.filter(title__startswith="Patentes").first()
    board = [
        (
            "startup-a",
            True,
            patentes,
            "¿El municipio cuenta con una API del sistema de rentas o la integración debe hacerse por archivos?",
            "Hoy el sistema de rentas exporta archivos planos diarios; una API está en licitación. Se aceptan "
            "propuestas que usen cualquiera de los dos caminos.",
        ),
        (
            "startup-b",
            False,
            None,
            "¿Pueden postular consorcios de dos startups a un mismo desafío?",
            "Sí. Postula una de ellas como responsable e indica a la otra en la propuesta.",
        ),
        ("partner", True, None, "¿Habrá una sesión informativa en línea antes del cierre?", ""),
    ]
    for username, anonymous, challenge, text, answer in board:
        asker = askers.get(username)
        if asker is None:
            continue
        question = services.question_ask(actor=asker, call=call, text=text, anonymous=anonymous, challenge=challenge)
        if answer:
            services.question_answer(actor=staff, question=question, answer=answer)
    # 09:30 in Santiago, not in UTC: the event is held in Chile.
    starts = timezone.localtime(now + timedelta(days=20)).replace(hour=9, minute=30, second=0, microsecond=0)
    event = services.event_create(
        actor=staff,
        title="Muestra de soluciones Municipia 2026",
        description=(
            "Startups del catálogo presentan sus soluciones a equipos municipales de todo el país. Presencial y "
            "transmitido en línea; la primera versión reunió a 800 personas."
        ),
        starts_at=starts,
        ends_at=starts + timedelta(hours=8),
        capacity=800,
        place="Centro de Eventos, Santiago",
        online_url="https://example.cl/municipia-2026/transmision",
        call=call,
        is_demo=True,
    )
    registrants = [
        ("Carolina Díaz (demo)", "carolina.diaz@demo.hublocal.cl", "Municipalidad de Santiago"),
        ("Jorge Catrileo (demo)", "jorge.catrileo@demo.hublocal.cl", "Municipalidad de Curarrehue"),
        ("Valentina Muñoz (demo)", "startup-a@demo.hublocal.cl", "DataMuni SpA"),
        ("Ignacio Soto (demo)", "ignacio.soto@demo.hublocal.cl", ""),
    ]
    startup_a = askers.get("startup-a")
    for name, email, org in registrants:
        actor = startup_a if startup_a is not None and email == startup_a.email else None
        services.event_register(actor=actor, event=event, full_name=name, email=email, organization_name=org)
