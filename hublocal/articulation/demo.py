"""Demo articulation (seeder "articulation", after the apps it draws evidence from): a round
table on municipal security (Santiago is a member; one commitment Santiago owns fell overdue, was
reminded and escalated) and one on primary health care (APS), with meetings and commitments;
and three policy items — a bill on municipal security with its boletín number, an APS
regulation and the municipal application of the digital-transformation law."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from hublocal.directory import selectors as directory_selectors
from hublocal.library import demo_files
from hublocal.library import selectors as library_selectors

from . import services
from .models import PolicyItem, RoundTable


def _orgs(users: dict[str, Any]) -> dict[str, Any]:
    found = {
        slug: directory_selectors.organization_get(slug=slug)
        for slug in ("subdere-demo", "centro-estudios-municipales", "barrio-seguro-tech", "cooperacion-bid-demo")
    }
    found["santiago"] = users["santiago"].organization
    found["valparaiso"] = users["valparaiso"].organization
    found["partner"] = users["partner"].organization
    return found


def _at(day: Any, hour: int) -> datetime:
    return datetime.combine(day, time(hour))


def seed_tables(write: Callable[[str], None]) -> None:
    """The round tables: before the diagnosis seeder (see the end)."""
    if RoundTable.objects.filter(is_demo=True).exists():
        return
    users = {
        u.username: u
        for u in get_user_model().objects.filter(username__in=["staff", "santiago", "valparaiso", "partner"])
    }
    if len(users) < 4:
        write("Faltan las cuentas demo; se omite la articulación demo.")
        return
    orgs = _orgs(users)
    if any(o is None for o in orgs.values()):
        write("Faltan organizaciones demo; se omite la articulación demo.")
        return
    staff = users["staff"]
    today = timezone.localdate()

    # 1. Municipal security: Valparaíso coordinates, Santiago is a member.
    security = services.table_create(
        actor=staff,
        data={
            "theme": "Mesa técnica de seguridad pública municipal",
            "area": "seguridad",
            "description": (
                "Coordina a municipios, Estado central, academia y empresas en los planes comunales de seguridad, "
                "los observatorios locales del delito y el intercambio de datos con las policías."
            ),
        },
        is_demo=True,
    )
    members = {
        key: services.member_add(
            actor=staff,
            table=security,
            organization=orgs[key],
            role=role,
            country=country,
            joined_on=today - timedelta(days=90),
        )
        for key, role, country in (
            ("valparaiso", "coordinator", "CL"),
            ("santiago", "member", "CL"),
            ("subdere-demo", "member", "CL"),
            ("barrio-seguro-tech", "observer", "CL"),
            ("cooperacion-bid-demo", "observer", "US"),
        )
    }
    pdf = demo_files.build_file("pdf", "Propuesta de indicadores comunes", "Borrador de trabajo de la mesa.")
    first = services.meeting_create(
        actor=staff,
        table=security,
        starts_at=_at(today - timedelta(days=45), 10),
        time_zone="America/Santiago",
        place="Sede del Hub, Santiago",
        link="https://meet.example.org/mesa-seguridad",
        agenda="1. Constitución de la mesa.\n2. Indicadores comunes de los observatorios comunales.\n3. Calendario.",
        minutes="Se constituyó la mesa. Santiago presentará su observatorio comunal como modelo de indicadores.",
        minutes_status="approved",
        present=[m.pk for m in members.values()],
        documents=[
            {"title": "Propuesta de indicadores comunes", "name": "indicadores.pdf", "data": pdf, "internal": True}
        ],
    )
    services.meeting_create(
        actor=staff,
        table=security,
        starts_at=_at(today - timedelta(days=10), 15),
        time_zone="America/Santiago",
        place="En línea",
        link="https://meet.example.org/mesa-seguridad",
        agenda="1. Avance de compromisos.\n2. Proyecto de ley de seguridad municipal.",
        minutes="Borrador: se revisó el avance; la ficha de Santiago sigue pendiente.",
        minutes_status="draft",
        present=[members["valparaiso"].pk, members["subdere-demo"].pk],
    )
    services.commitment_create(
        actor=staff,
        table=security,
        meeting=first,
        what="Compartir la ficha de indicadores del observatorio comunal de seguridad",
        owner=members["santiago"],
        due_on=today - timedelta(days=21),
    )
    kept = services.commitment_create(
        actor=staff,
        table=security,
        meeting=first,
        what="Enviar a la mesa la minuta sobre intercambio de datos con las policías",
        owner=members["subdere-demo"],
        due_on=today - timedelta(days=30),
    )
    services.commitment_set_status(actor=staff, commitment=kept, status="kept")
    services.commitment_create(
        actor=staff,
        table=security,
        what="Proponer el formato común de reporte trimestral de los observatorios",
        owner=members["valparaiso"],
        due_on=today + timedelta(days=20),
    )

    # 2. Primary health care (APS).
    aps = services.table_create(
        actor=staff,
        data={
            "theme": "Mesa técnica de atención primaria de salud (APS)",
            "area": "aps",
            "description": (
                "Listas de espera, telemedicina y gestión de la red APS "
                "municipal con el Ministerio de Salud y la academia."
            ),
        },
        is_demo=True,
    )
    aps_members = {
        key: services.member_add(
            actor=staff, table=aps, organization=orgs[key], role=role, joined_on=today - timedelta(days=60)
        )
        for key, role in (
            ("partner", "coordinator"),
            ("valparaiso", "member"),
            ("centro-estudios-municipales", "member"),
        )
    }
    services.meeting_create(
        actor=staff,
        table=aps,
        starts_at=_at(today - timedelta(days=20), 11),
        time_zone="America/Santiago",
        place="Universidad, sala de consejo",
        agenda="1. Diagnóstico de listas de espera en APS.\n2. Piloto de telemedicina.",
        minutes="Se acordó levantar la línea base de listas de espera en tres comunas.",
        minutes_status="approved",
        present=[m.pk for m in aps_members.values()],
    )
    services.commitment_create(
        actor=staff,
        table=aps,
        what="Levantar la línea base de listas de espera de APS de Valparaíso",
        owner=aps_members["valparaiso"],
        due_on=today + timedelta(days=30),
    )

    # The overdue scan, as the task queue would have run it. The diagnosis seeder, which runs
    # next, plays the engagement app's hourly job once: that escalates Santiago's silence.
    services.mark_overdue(now=timezone.now())
    write("Articulación: 2 mesas técnicas; un compromiso de Santiago atrasado y recordado.")


def seed_policy(write: Callable[[str], None]) -> None:
    """The policy items, after the library (their evidence)."""
    if PolicyItem.objects.filter(is_demo=True).exists():
        return
    staff = get_user_model().objects.filter(username="staff").first()
    if staff is None:
        write("Falta la cuenta demo staff; se omite la incidencia demo.")
        return
    today = timezone.localdate()

    # 3. Policy influence.
    bill = services.policy_create(
        actor=staff,
        data={
            "kind": "bill",
            "title": "Proyecto de ley que fortalece la seguridad pública municipal",
            "boletin": "15940-25",
            "area": "seguridad",
            "summary": (
                "Define las atribuciones de los municipios en prevención del delito y crea los "
                "consejos comunales de seguridad con financiamiento estable."
            ),
            "position": (
                "El Hub apoya el proyecto y propone que los recursos se asignen según la "
                "tipología municipal y no por postulación concursable."
            ),
            "published": True,
        },
        is_demo=True,
    )
    services.activity_add(
        actor=staff,
        item=bill,
        kind="hearing",
        happened_on=today - timedelta(days=25),
        description="Audiencia en la Comisión de Seguridad Ciudadana del Senado",
    )
    services.activity_add(
        actor=staff,
        item=bill,
        kind="document",
        happened_on=today - timedelta(days=24),
        description="Minuta con la evidencia de la mesa técnica de seguridad",
    )
    resource = library_selectors.feed_items(limit=1)
    if resource:
        services.evidence_add(actor=staff, item=bill, kind="resource", ref_id=resource[0].pk)
    aps_item = services.policy_create(
        actor=staff,
        data={
            "kind": "regulation",
            "title": "Reglamento de gestión de listas de espera en atención primaria",
            "area": "aps",
            "summary": (
                "Norma técnica del Ministerio de Salud sobre registro y priorización de listas de espera en la red APS."
            ),
            "position": (
                "El Hub pide plazos diferenciados para los municipios rurales y "
                "apoyo para integrar sus sistemas de registro."
            ),
            "published": True,
        },
        is_demo=True,
    )
    services.activity_add(
        actor=staff,
        item=aps_item,
        kind="meeting",
        happened_on=today - timedelta(days=15),
        description="Reunión con la Subsecretaría de Redes Asistenciales",
    )
    digital = services.policy_create(
        actor=staff,
        data={
            "kind": "policy",
            "title": "Aplicación municipal de la Ley de Transformación Digital del Estado",
            "area": "digital",
            "summary": (
                "Gradualidad y estándares de la Ley 21.180 para los municipios: "
                "expediente electrónico, notificaciones y trámites digitales."
            ),
            "position": (
                "El Hub propone una gradualidad según la madurez digital medida por "
                "el diagnóstico y un catálogo común de soluciones."
            ),
            "outcome": "partial",
            "outcome_note": (
                "La gradualidad por tipología fue acogida en la norma técnica; el catálogo común sigue en discusión."
            ),
            "published": True,
        },
        is_demo=True,
    )
    services.activity_add(
        actor=staff,
        item=digital,
        kind="document",
        happened_on=today - timedelta(days=60),
        description="Observaciones a la norma técnica de gradualidad",
    )
    write("Incidencia en política pública: 3 registros.")


def seed_agreement_links(write: Callable[[str], None]) -> None:
    """Issue 14: the framework agreement with SUBDERE backs the security round table (a link
    the table's page shows). Idempotent (link_record)."""
    from hublocal.agreements import selectors as agreement_selectors
    from hublocal.agreements import services as agreement_services

    from . import selectors

    agreement = agreement_selectors.demo_agreement(
        "Convenio marco Hub–SUBDERE para el fortalecimiento municipal (demo)"
    )
    table = RoundTable.objects.filter(is_demo=True, theme="Mesa técnica de seguridad pública municipal").first()
    if agreement is None or table is None:
        write("articulation: demo agreement or table missing, link skipped")
        return
    agreement_services.link_record(agreement=agreement, kind=selectors.TABLE_LINK_KIND, object_id=table.pk)
    write("articulation: framework agreement linked to the security table")
