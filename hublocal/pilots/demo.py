"""Demo pilots of the past call (municipia-2025): a running pilot in Santiago (DataMuni, OIRS
challenge) with locked indicators, monthly measurements and one indicator revised after the
start, and a finished pilot in Valparaíso (Trámite Fácil, bulky-waste challenge) with three
indicators, two met, rated by the `valparaiso` account. Idempotent.

Built on the innovation demo (the challenges, order 40) and the proposals demo (the
shortlisted proposals, order 50); without them it says so and does nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from hublocal.directory import selectors as directory_selectors
from hublocal.innovation import selectors as innovation_selectors
from hublocal.proposals import selectors as proposals_selectors

from . import services
from .models import IndicatorVersion, Measurement, Pilot, PilotAgreement, Rating
from .services import IndicatorData

PAST_CALL = "municipia-2025"
OIRS = "Atención ciudadana OIRS sin filas"
RESIDUOS = "Retiro de residuos voluminosos en cerros"

# A one-page PDF, so the demo's signed agreement can be downloaded like a real one.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R"
    b"/Resources<</Font<</F1 5 0 R>>>>>>endobj\n"
    b"4 0 obj<</Length 58>>stream\nBT /F1 14 Tf 72 770 Td (Convenio - documento demo) Tj ET\n"
    b"endstream endobj\n5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def _shortlisted(challenge: Any, startup_slug: str) -> Any:
    return next(
        (
            p
            for p in proposals_selectors.shortlisted_proposals(challenge_id=challenge.pk)
            if p.organization.slug == startup_slug
        ),
        None,
    )


def seed(write: Callable[[str], None]) -> None:
    if PilotAgreement.objects.filter(is_demo=True).exists():
        return
    users = {
        u.username: u
        for u in get_user_model().objects.filter(username__in=["santiago", "valparaiso", "startup-a", "startup-b"])
    }
    call = innovation_selectors.call_get_by_slug(slug=PAST_CALL)
    challenges = {c.title: c for c in innovation_selectors.challenges_of_call(call=call)} if call else {}
    oirs, residuos = challenges.get(OIRS), challenges.get(RESIDUOS)
    datamuni = _shortlisted(oirs, "datamuni-spa") if oirs else None
    tramite = _shortlisted(residuos, "tramite-facil-spa") if residuos else None
    santiago = directory_selectors.organization_get(slug="municipalidad-santiago")
    valparaiso = directory_selectors.organization_get(slug="municipalidad-valparaiso")
    if None in (datamuni, tramite, santiago, valparaiso) or len(users) < 4:
        write(
            "Faltan la convocatoria municipia-2025, sus propuestas preseleccionadas o las cuentas demo; "
            "se omiten los pilotos demo."
        )
        return
    today = timezone.localdate()
    _santiago(users, datamuni, santiago, today)
    _valparaiso(users, tramite, valparaiso, today)
    write("Pilotos demo: uno en curso en Santiago y uno finalizado y calificado en Valparaíso.")


def _backdate(pilot: Pilot, created: date) -> None:
    """Demo history: the rows were written now, but the story happened months ago, so their
    creation times move back to when the events would have taken place."""
    PilotAgreement.objects.filter(pk=pilot.agreement_id).update(created_at=_at(created))
    Pilot.objects.filter(pk=pilot.pk).update(created_at=_at(created))
    IndicatorVersion.objects.filter(indicator__pilot=pilot, version=1).update(created_at=_at(created))
    for m in Measurement.objects.filter(indicator__pilot=pilot):
        Measurement.objects.filter(pk=m.pk).update(created_at=_at(m.measured_on))


def _santiago(users: dict[str, Any], proposal: Any, municipality: Any, today: date) -> None:
    official = users["santiago"]
    agreement = services.agreement_create(
        actor=official,
        proposal=proposal,
        municipality=municipality,
        title="Convenio de colaboración: OIRS digital sin filas (Santiago – DataMuni)",
        scope=(
            "Implementación piloto de la plataforma de atención ciudadana de DataMuni para la Oficina de "
            "Informaciones, Reclamos y Sugerencias (OIRS): ingreso de solicitudes en línea, derivación "
            "automática a la unidad responsable, seguimiento por el vecino y tablero de tiempos de respuesta. "
            "Incluye capacitación de 25 funcionarios y soporte durante seis meses."
        ),
        starts_on=today - timedelta(days=150),
        ends_on=today + timedelta(days=60),
        value_clp=18_000_000,
        signed_on=today - timedelta(days=160),
        pilot_title="OIRS digital sin filas en Santiago",
        is_demo=True,
    )
    pilot = agreement.pilot
    specs = [
        IndicatorData(
            name="Tiempo promedio de respuesta a solicitudes OIRS",
            unit="días hábiles",
            baseline=12,
            target=5,
            direction="decrease",
            method="Promedio mensual de días hábiles entre ingreso y respuesta, según el registro de la plataforma.",
            frequency="monthly",
        ),
        IndicatorData(
            name="Solicitudes OIRS ingresadas en línea",
            unit="%",
            baseline=15,
            target=60,
            direction="increase",
            method="Porcentaje de solicitudes del mes ingresadas por el canal en línea sobre el total de canales.",
            frequency="monthly",
        ),
        IndicatorData(
            name="Vecinos satisfechos con la respuesta",
            unit="% satisfechos",
            baseline=48,
            target=70,
            direction="increase",
            method="Encuesta breve al cerrar cada solicitud (escala 1 a 5; satisfechos: 4 y 5).",
            frequency="quarterly",
        ),
    ]
    indicators = [services.indicator_add(actor=official, pilot=pilot, data=spec) for spec in specs]
    started = today - timedelta(days=120)
    services.pilot_start(actor=official, pilot=pilot, at=_at(started))
    series = {0: [11, 9, 7.5, 6.8], 1: [22, 31, 38, 44], 2: [None, 57, None, 63]}
    recorders = [official, users["startup-a"]]
    for month in range(4):
        day = started + timedelta(days=30 * (month + 1) - 2)
        for i, values in series.items():
            value = values[month]
            if value is not None and day <= today:
                services.measurement_record(
                    actor=recorders[(month + i) % 2], indicator=indicators[i], measured_on=day, value=value
                )
    services.indicator_revise(
        actor=official,
        indicator=indicators[1],
        expected_version=None,  # the seeder is the only writer
        data=IndicatorData(**{**specs[1].as_dict(), "target": 50}),
        justification=(
            "El pago de derechos en línea se postergó por la licitación del medio de pago municipal; sin él, "
            "parte de las solicitudes sigue siendo presencial. La meta se ajusta al alcance real del piloto."
        ),
    )
    _backdate(pilot, today - timedelta(days=160))
    IndicatorVersion.objects.filter(indicator=indicators[1], version=2).update(
        created_at=_at(today - timedelta(days=45))
    )


def _valparaiso(users: dict[str, Any], proposal: Any, municipality: Any, today: date) -> None:
    official = users["valparaiso"]
    document = ContentFile(DEMO_PDF, name="convenio-valparaiso-tramite-facil.pdf")
    agreement = services.agreement_create(
        actor=official,
        proposal=proposal,
        municipality=municipality,
        title="Convenio de colaboración: retiro de voluminosos agendado en línea (Valparaíso – Trámite Fácil)",
        scope=(
            "Piloto en cinco cerros de Valparaíso: agenda en línea y por teléfono del retiro de residuos "
            "voluminosos, rutas de camiones optimizadas por sector y aviso al vecino el día anterior. "
            "Incluye integración con el registro de denuncias de microbasurales y capacitación del equipo de aseo."
        ),
        starts_on=today - timedelta(days=260),
        ends_on=today - timedelta(days=40),
        value_clp=9_500_000,
        signed_on=today - timedelta(days=270),
        document=document,
        pilot_title="Retiro de voluminosos agendado en cerros de Valparaíso",
        is_demo=True,
    )
    pilot = agreement.pilot
    specs = [
        IndicatorData(
            name="Días entre la solicitud y el retiro",
            unit="días",
            baseline=21,
            target=7,
            direction="decrease",
            method="Mediana mensual de días corridos entre la solicitud y el retiro efectivo, según el sistema.",
            frequency="monthly",
        ),
        IndicatorData(
            name="Retiros agendados en línea",
            unit="%",
            baseline=0,
            target=50,
            direction="increase",
            method="Porcentaje de retiros del mes agendados por la web sobre el total agendado.",
            frequency="monthly",
        ),
        IndicatorData(
            name="Microbasurales reportados en los cerros del piloto",
            unit="puntos",
            baseline=40,
            target=20,
            direction="decrease",
            method="Puntos activos en el catastro mensual de la Dirección de Aseo en los cinco cerros del piloto.",
            frequency="monthly",
        ),
    ]
    indicators = [services.indicator_add(actor=official, pilot=pilot, data=spec) for spec in specs]
    started = today - timedelta(days=250)
    services.pilot_start(actor=official, pilot=pilot, at=_at(started))
    series = [
        [16, 12, 10, 8, 7, 6, 6],
        [12, 21, 30, 38, 45, 52, 58],
        [39, 36, 34, 31, 30, 28, 27],
    ]
    for month in range(7):
        day = started + timedelta(days=30 * (month + 1))
        for i, values in enumerate(series):
            services.measurement_record(
                actor=official if i != 1 else users["startup-b"],
                indicator=indicators[i],
                measured_on=day,
                value=values[month],
            )
    finished = today - timedelta(days=40)
    services.pilot_finish(
        actor=official,
        pilot=pilot,
        summary=(
            "El retiro pasó de tres semanas a seis días y más de la mitad de los vecinos agenda en línea. "
            "Los microbasurales bajaron, pero no alcanzaron la meta: se requiere fiscalización además del retiro."
        ),
        at=_at(finished),
    )
    services.rating_submit(
        actor=official,
        pilot=pilot,
        scores={
            "calidad_solucion": 4,
            "cumplimiento_plazos": 5,
            "soporte_capacitacion": 4,
            "comunicacion": 5,
            "costo_beneficio": 4,
        },
        comment=(
            "Equipo muy disponible y plazos cumplidos. La capacitación a los conductores fue breve; "
            "recomendamos reforzarla en una siguiente etapa."
        ),
    )
    _backdate(pilot, today - timedelta(days=270))
    Rating.objects.filter(pilot=pilot).update(rated_at=_at(finished + timedelta(days=5)))
