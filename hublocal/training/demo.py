"""Training demo (registered in TrainingConfig.ready(), order 75: after the network, the library
and the accounts).

- Seed 003's programme "Innovación como herramienta para el buen gobierno": four virtual modules
  and one in person in Santiago, with its finished cohort of 60 officials of 15 rural
  municipalities of Uruguay, Brazil, Paraguay and Chile, their attendance, completion computed
  from it, certificates issued through the certificates app, and one revoked by staff.
- "Ciberseguridad municipal", a second programme with an open cohort whose 12 seats are taken,
  a waitlist and applications still to decide: the way `valparaiso` lands on the waitlist.
- The instructor account `docente` (role partner, a university), teaching both.

The officials' accounts have no usable password (they never sign in to the demo). Foreign
municipalities are registered in the territory and each gets its own municipality organisation
in the directory (its commune and country), to which its officials belong, so applications, the
roster and the municipality's record name the real municipality. Idempotent: nothing is done when
the programme exists."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from hublocal.accounts import selectors as account_selectors
from hublocal.accounts import services as account_services
from hublocal.certificates import selectors as certificate_selectors
from hublocal.certificates import services as certificate_services
from hublocal.directory import selectors as directory_selectors
from hublocal.directory import services as directory_services
from hublocal.territory import selectors as territory_selectors
from hublocal.territory import services as territory_services

from . import services
from .models import ApplicationStatus, CohortStatus, ProgrammeStatus

SLUG = "innovacion-como-herramienta-para-el-buen-gobierno"
INSTRUCTOR = "docente"
INSTRUCTOR_ORG = "universidad-de-los-andes-del-sur"

FOREIGN = [
    ("UY", "Uruguay", "Río Branco", "Cerro Largo"),
    ("UY", "Uruguay", "Fraile Muerto", "Cerro Largo"),
    ("UY", "Uruguay", "Tupambaé", "Cerro Largo"),
    ("UY", "Uruguay", "Isidoro Noblía", "Cerro Largo"),
    ("BR", "Brasil", "Herval", "Rio Grande do Sul"),
    ("BR", "Brasil", "Arroio Grande", "Rio Grande do Sul"),
    ("BR", "Brasil", "Pedras Altas", "Rio Grande do Sul"),
    ("BR", "Brasil", "Aceguá", "Rio Grande do Sul"),
    ("PY", "Paraguay", "Loreto", "Concepción"),
    ("PY", "Paraguay", "Horqueta", "Concepción"),
    ("PY", "Paraguay", "Belén", "Concepción"),
    ("PY", "Paraguay", "Yby Yaú", "Concepción"),
]
FIRST = [
    "Ana",
    "Bruno",
    "Carla",
    "Diego",
    "Elena",
    "Fabián",
    "Gabriela",
    "Hugo",
    "Inés",
    "Julián",
    "Karina",
    "Lucas",
    "Mariana",
    "Nicolás",
    "Olga",
    "Pablo",
    "Raquel",
    "Sergio",
    "Teresa",
    "Valeria",
]
LAST = [
    "Acosta",
    "Benítez",
    "Cabrera",
    "Duarte",
    "Espinoza",
    "Ferreira",
    "González",
    "Herrera",
    "Ibarra",
    "Jara",
    "López",
    "Martínez",
    "Núñez",
    "Ortiz",
    "Pereira",
    "Quiroga",
    "Rodríguez",
    "Silva",
    "Torres",
    "Vera",
]
ZONES = {"CL": "America/Santiago", "UY": "America/Montevideo", "BR": "America/Sao_Paulo", "PY": "America/Asuncion"}
SIGNATORIES = [
    {"name": "Mariana Ibáñez (demo)", "position": "Directora ejecutiva, Hub Nacional de Gobierno Local"},
    {"name": "Jorge Villalobos (demo)", "position": "Coordinador académico"},
]


def _user(username: str):
    return account_selectors.user_list(q=username).filter(username=username).first()


def _official(username: str, name: str, organization, role: str = "partner"):
    user = _user(username)
    if user is None:
        first, _s, last = name.partition(" ")
        user = account_services.user_create(
            actor=None,
            username=username,
            email=f"{username}@demo.hublocal.cl",
            password=None,  # never signs in: no password to hash (keeps the seeder fast)
            role=role,
            organization=organization,
            first_name=first,
            last_name=last,
        )
    return user


def _instructor():
    user = _user(INSTRUCTOR)
    org = directory_selectors.organization_get(slug=INSTRUCTOR_ORG)
    if user is None:
        user = account_services.user_create(
            actor=None,
            username=INSTRUCTOR,
            email=f"{INSTRUCTOR}@demo.hublocal.cl",
            password=settings.DEMO_PASSWORD,
            check_password_rules=False,  # published demo password
            role="partner",
            organization=org,
            first_name="Rosa",
            last_name="Manríquez (demo)",
        )
        directory_services.person_create(
            actor=None,
            full_name="Rosa Manríquez (demo)",
            email=user.email,
            organization=org,
            position="investigador",
            user=user,
            is_demo=True,
        )
    else:
        user.set_password(settings.DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def _foreign_communes():
    existing = {c.name: c for c in territory_selectors.foreign_commune_list()}
    communes = []
    for i, (code, country, name, area) in enumerate(FOREIGN, start=1):
        commune = existing.get(name)
        if commune is None:
            commune = territory_services.foreign_municipality_register(
                actor=None,
                country_code=code,
                country_name=country,
                name=name,
                national_code=f"D{i:04d}",
                admin_area=area,
            )
        communes.append(commune)
    return communes


def _foreign_municipality(commune):
    """The participants' own municipality in the directory (kind municipality, its commune and
    country), so applications, the roster and the municipality's record name the real place."""
    return directory_services.foreign_municipality_organization_ensure(actor=None, commune=commune, is_demo=True)


def _at(day, hour: int, tz: str) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=ZoneInfo(tz))


@transaction.atomic
def seed(write: Callable[[str], None]) -> None:
    from . import selectors

    if selectors.programme_get(slug=SLUG) is not None:
        write("Formación demo ya existe.")
        return
    staff = _user("staff")
    docente = _instructor()
    penalolen = directory_selectors.municipality_for_commune(
        commune_id=territory_selectors.commune_get(code="13122").pk
    )
    partners = [o for o in (penalolen, directory_selectors.organization_get(slug=INSTRUCTOR_ORG)) if o]
    programme = services.programme_create(
        actor=staff,
        title="Innovación como herramienta para el buen gobierno",
        summary="Capacidades de innovación pública para funcionarios de municipios rurales de Uruguay, Brasil, "
        "Paraguay y Chile: cuatro módulos virtuales y uno presencial en Santiago, con proyectos grupales.",
        objectives="Fortalecer las capacidades de innovación de funcionarios de municipios rurales de América "
        "Latina.\nModernizar los servicios municipales con proyectos de innovación pública.\nFomentar la "
        "colaboración regional para compartir experiencias y soluciones replicables.",
        areas=["digital", "capital_humano"],
        audience="Funcionarias y funcionarios de municipios rurales de la región.",
        languages=["es", "pt"],
        coverage="scholarship",
        dimensions=[["capital_humano", "gestion_personas"], ["digital", "estrategia"]],
        completion_rules={"min_attendance_pct": 75, "assignments": False, "project_presented": False},
        signatories=SIGNATORIES,
        partners=partners,
        instructors=[docente],
        hours=40,
        status=ProgrammeStatus.PUBLISHED,
        is_demo=True,
    )
    modules = [
        services.module_add(actor=staff, programme=programme, title=t, mode=m, hours=8)
        for t, m in [
            ("Principios de la innovación pública", "virtual"),
            ("Diseño centrado en las personas", "virtual"),
            ("Prototipado de servicios municipales", "virtual"),
            ("Del prototipo a la implementación", "virtual"),
            ("Encuentro presencial: municipios y ciudades de América Latina (Santiago)", "in_person"),
        ]
    ]
    today = timezone.localdate()
    start = today - timedelta(days=400)
    cohort = services.cohort_create(
        actor=staff,
        programme=programme,
        name="Cohorte regional 2025 · municipios rurales",
        starts_on=start,
        ends_on=start + timedelta(days=70),
        capacity=60,
        applications_open_at=_at(start - timedelta(days=60), 9, "America/Santiago"),
        applications_close_at=_at(start - timedelta(days=20), 18, "America/Santiago"),
        eligible_countries=["UY", "BR", "PY", "CL"],
        eligible_typologies=[],
        eligible_roles=[],
        quota_per_municipality=4,
        status=CohortStatus.OPEN,
        is_demo=True,
    )
    sessions = []
    for i, module in enumerate(modules):
        for j in range(2):
            day = start + timedelta(days=14 * i + 3 * j)
            in_person = module.mode == "in_person"
            tz = "America/Santiago" if in_person else "America/Montevideo"
            sessions.append(
                services.session_create(
                    actor=staff,
                    cohort=cohort,
                    module=module,
                    title=f"{module.title} · sesión {j + 1}",
                    starts_at=_at(day, 10, tz),
                    ends_at=_at(day, 13, tz),
                    tz=tz,
                    place="Municipalidad de Peñalolén, Santiago" if in_person else "",
                    video_url="" if in_person else "https://videollamada.example/innovacion",
                )
            )
    # 15 municipalities: three rural Chilean communes and twelve of UY, BR and PY, each its own organisation.
    chile = list(territory_selectors.commune_list(country="CL", typology="rural_semiurbana")[:3])
    places = [(c, directory_selectors.municipality_for_commune(commune_id=c.pk)) for c in chile]
    for commune in _foreign_communes():
        places.append((commune, _foreign_municipality(commune)))
    applications = []
    n = 0
    for commune, org in places:
        for _k in range(4):
            name = f"{FIRST[n % 20]} {LAST[(n * 7) % 20]}"
            role = "municipal" if org.kind == "municipality" else "partner"
            user = _official(f"formacion-{n + 1:02d}", name, org, role)
            applications.append(
                services.application_enrol(
                    actor=staff,
                    cohort=cohort,
                    user=user,
                    full_name=f"{name} (demo)",
                    commune=commune,
                    motivation="Participante de la cohorte regional (inscripción del convenio).",
                )
            )
            n += 1
    # Attendance: most attended every session; every tenth person missed four (below 75 %).
    for s_index, session in enumerate(sessions):
        marks = {}
        for a_index, a in enumerate(applications):
            missed = a_index % 10 == 9 and s_index in (1, 3, 5, 7)
            marks[a.pk] = "absent" if missed else ("excused" if (a_index + s_index) % 17 == 0 else "present")
        services.attendance_mark(actor=docente, session=session, marks=marks)
    services.cohort_set_status(actor=staff, cohort=cohort, status=CohortStatus.FINISHED)
    issued = services.certificates_issue_for_cohort(actor=staff, cohort=cohort)
    first = certificate_selectors.certificates_for_source("training.cohort", cohort.pk).order_by("pk").first()
    if first is not None:
        certificate_services.certificate_revoke(
            actor=staff,
            certificate=first,
            reason="Emitido por error: la asistencia del módulo presencial se registró a otra persona.",
        )

    # --- the open cohort of a second programme
    cyber = services.programme_create(
        actor=staff,
        title="Ciberseguridad municipal",
        summary="Proteger los servicios y datos del municipio: gestión de riesgos, respuesta a incidentes y "
        "cultura de seguridad para equipos municipales.",
        objectives="Identificar los activos críticos del municipio.\nPreparar un plan de respuesta a incidentes.\n"
        "Formar una cultura de seguridad en el equipo.",
        areas=["digital", "seguridad"],
        audience="Equipos de informática, SECPLA y administración municipal.",
        languages=["es"],
        coverage="agreement",
        dimensions=[["digital", "ciberseguridad"], ["digital", "infraestructura"]],
        completion_rules={"min_attendance_pct": 75},
        signatories=SIGNATORIES[:1],
        partners=partners[1:],
        instructors=[docente],
        hours=24,
        status=ProgrammeStatus.PUBLISHED,
        is_demo=True,
    )
    cyber_modules = [
        services.module_add(actor=staff, programme=cyber, title=t, mode=m, hours=h)
        for t, m, h in [
            ("Riesgos y activos críticos del municipio", "virtual", 8),
            ("Respuesta a incidentes", "hybrid", 8),
            ("Cultura de seguridad y continuidad", "virtual", 8),
        ]
    ]
    opens = today + timedelta(days=21)
    open_cohort = services.cohort_create(
        actor=staff,
        programme=cyber,
        name="Ciberseguridad municipal · cohorte 1",
        starts_on=opens,
        ends_on=opens + timedelta(days=35),
        capacity=12,
        applications_open_at=timezone.now() - timedelta(days=10),
        applications_close_at=timezone.now() + timedelta(days=14),
        eligible_countries=["CL"],
        eligible_roles=["municipal"],
        quota_per_municipality=2,
        status=CohortStatus.OPEN,
        is_demo=True,
    )
    for i, module in enumerate(cyber_modules):
        day = opens + timedelta(days=7 * i)
        services.session_create(
            actor=staff,
            cohort=open_cohort,
            module=module,
            title=module.title,
            starts_at=_at(day, 10, "America/Santiago"),
            ends_at=_at(day, 12, "America/Santiago"),
            tz="America/Santiago",
            video_url="https://videollamada.example/ciberseguridad",
        )
    codes = [c.code for c in territory_selectors.commune_list(country="CL", typology="urbana_mediana")[:17]]
    motivation = "Nuestro municipio sufrió un incidente y necesitamos un plan de respuesta."
    pending = []
    for i, code in enumerate(codes):
        org = directory_selectors.municipality_for_commune(commune_id=territory_selectors.commune_get(code=code).pk)
        user = _official(f"ciber-{i + 1:02d}", f"{FIRST[(i * 3) % 20]} {LAST[(i * 11) % 20]} (demo)", org, "municipal")
        pending.append((user, services.application_apply(actor=user, cohort=open_cohort, motivation=motivation)))
    seated = 0
    for i, (user, application) in enumerate(pending[:14]):
        # The last two acceptances find the seats taken and wait for a withdrawal; three stay to decide.
        application = services.application_decide(actor=staff, application=application, accept=True)
        if application.status == ApplicationStatus.ACCEPTED:
            seated += 1
            if i % 3 != 0:
                services.application_confirm(actor=user, application=application)
    waiting = open_cohort.applications.filter(status=ApplicationStatus.WAITLISTED).count()
    write(
        f"Formación: 2 programas, {len(applications)} participantes en la cohorte finalizada, "
        f"{issued} certificados (1 revocado); cohorte abierta con {seated} cupos ocupados y {waiting} en espera; "
        f"docente «{INSTRUCTOR}» (contraseña: DEMO_PASSWORD)."
    )


# --- Evaluation ---------------------------------------------------------------------------------
# The finished cohort's surveys: satisfaction with every module from most participants and the
# pre/post self-assessment showing a plausible gain, so the cohort report has real figures.
# A seeder of its own (order 76, after the cohort); idempotent: nothing when responses exist.

COMMENTS = [
    "Los ejemplos de otros municipios rurales fueron lo más útil.",
    "Faltó tiempo para discutir los casos en grupo.",
    "Me gustaría recibir los materiales antes de cada sesión.",
    "La conexión a internet en mi municipio dificultó seguir las sesiones virtuales.",
    "Muy buena la dinámica de trabajo entre países.",
    "El prototipado me cambió la forma de plantear proyectos.",
]


def seed_evaluation(write: Callable[[str], None]) -> None:
    import random

    from . import selectors

    programme = selectors.programme_get(slug=SLUG)
    cohorts = selectors.programme_cohorts(programme=programme, public_only=False) if programme else []
    cohort = next((c for c in cohorts if c.status == CohortStatus.FINISHED), None)
    if cohort is None:
        write("Evaluación demo: no hay cohorte finalizada.")
        return
    if selectors.survey_response_count(cohort=cohort):
        write("Evaluación demo ya existe.")
        return
    rng = random.Random(13)  # fixed: the demo report reads the same every time
    windows = selectors.survey_windows(cohort=cohort)
    sessions = selectors.cohort_sessions(cohort=cohort)
    first_start = min(s.starts_at for s in sessions)
    satisfaction = selectors.survey_instrument(kind="satisfaction")
    competencies = selectors.survey_instrument(kind="pre")
    written = 0
    with transaction.atomic():
        for i, progress in enumerate(selectors.cohort_progress(cohort=cohort)):
            application = progress.application
            user = application.user
            base = {q.id: rng.choice((1, 2, 2, 3, 3)) for q in competencies.questions}
            for w in windows:
                if w.kind == "pre":
                    if rng.random() < 0.9:
                        services.survey_submit(
                            actor=user, application=application, kind="pre", raw=base, now=first_start
                        )
                        written += 1
                elif w.kind == "post":
                    if rng.random() < 0.8:
                        after = {k: min(5, v + rng.choice((0, 1, 1, 2))) for k, v in base.items()}
                        services.survey_submit(
                            actor=user, application=application, kind="post", raw=after, now=w.opens + timedelta(days=1)
                        )
                        written += 1
                elif rng.random() < 0.85:
                    raw = {q.id: rng.choice((3, 4, 4, 5, 5)) for q in satisfaction.questions if q.type == "scale"}
                    if i % 7 == 0:
                        raw["comentario"] = COMMENTS[(i // 7) % len(COMMENTS)]
                    services.survey_submit(
                        actor=user,
                        application=application,
                        kind="satisfaction",
                        module=w.module,
                        raw=raw,
                        now=w.opens + timedelta(hours=2),
                    )
                    written += 1
    write(f"Evaluación demo: {written} respuestas de encuestas en «{cohort.name}».")


# --------------------------------------------------------------------------- Group projects
# Issue 13, item 4: the finished regional cohort worked in 15 groups of four, each mixing
# municipalities and countries, mentored by the `docente` account. Every group presented, so
# completion results (and the certificates issued above) are the same whether or not the
# programme asks for "project_presented". A separate seeder, after the one above, so it can be
# added to a database that already has the training demo.

PROJECT_TOPICS = [
    ("Agenda rural de horas médicas", "Las personas viajan horas a la posta para pedir una hora médica."),
    ("Ventanilla móvil de trámites", "Los trámites exigen ir al centro de la comuna en horario de oficina."),
    ("Mapa comunitario de caminos", "Los caminos rurales se cortan en invierno y nadie sabe cuáles sirven."),
    ("Alerta temprana de incendios", "Los focos de incendio se detectan tarde en los sectores rurales alejados."),
    ("Reciclaje en ferias", "Las ferias rurales generan residuos que terminan en quebradas y caminos."),
    ("Becas sin papeleo", "Las familias abandonan la postulación a becas por la cantidad de documentos."),
    ("Turismo rural en línea", "Los emprendimientos turísticos rurales no aparecen donde buscan los visitantes."),
    ("Agua potable rural medida", "Los comités de agua potable rural no saben cuánta agua pierden sus redes."),
    ("Transporte a demanda", "No hay locomoción colectiva regular entre los sectores rurales y el centro."),
    ("Atención a personas mayores", "Personas mayores que viven solas no reciben visitas ni seguimiento."),
    ("Compras públicas locales", "Los proveedores locales no logran venderle al municipio."),
    ("Presupuesto participativo digital", "Pocas personas participan en el presupuesto participativo."),
    ("Capacitación de funcionarios", "Los equipos municipales pequeños no tienen tiempo de capacitarse."),
    ("Oficina de empleo itinerante", "Las personas de sectores rurales no acceden a la oficina de empleo."),
    ("Datos abiertos municipales", "La información del municipio está dispersa en planillas que nadie comparte."),
]


@transaction.atomic
def seed_projects(write: Callable[[str], None]) -> None:
    from .models import Cohort, ProjectGroup

    cohort = Cohort.objects.filter(programme__slug=SLUG, is_demo=True).order_by("pk").first()
    if cohort is None:
        write("Proyectos grupales demo: falta la formación demo.")
        return
    if ProjectGroup.objects.filter(cohort=cohort).exists():
        write("Proyectos grupales demo ya existen.")
        return
    staff = _user("staff")
    docente = _instructor()
    applications = list(cohort.applications.order_by("pk"))
    count = len(PROJECT_TOPICS)
    day = cohort.starts_on
    presented = 0
    for g, (title, problem) in enumerate(PROJECT_TOPICS):
        # Members g, g+15, g+30, g+45: four different municipalities, usually different countries.
        members = [applications[i] for i in range(g, len(applications), count)][:4]
        if not members:
            break
        group = services.group_create(
            actor=staff, cohort=cohort, name=f"Grupo {g + 1}", applications=members, mentor=docente, title=title
        )
        project = services.project_update(
            actor=members[0].user,
            project=group.project,
            data={
                "problem": problem,
                "local_context": "Municipios rurales con baja conectividad, población dispersa y equipos pequeños.",
                "concept": f"{title}: un servicio simple, por mensaje de texto y en papel, probado con vecinos.",
            },
        )
        services.project_advance(
            actor=members[0].user, project=project, stage="concept", now=_at(day + timedelta(days=20), 11, "UTC")
        )
        services.prototype_submit(
            actor=members[1].user,
            project=project,
            text=f"Prototipo de «{title}»: guion del servicio, formulario de una página y ruta de atención.",
            now=_at(day + timedelta(days=35), 11, "UTC"),
        )
        project.refresh_from_db()
        services.feedback_add(
            actor=docente,
            project=project,
            body="Buen prototipo. Pruébenlo con cinco vecinos antes de la presentación y midan el tiempo ahorrado.",
            version=project.versions.order_by("-number").first(),
        )
        if g % 2 == 0:
            project = services.project_update(
                actor=members[2].user,
                project=project,
                data={"test_findings": "Probado con vecinos: la mayoría lo usó sin ayuda; se simplificó el texto."},
            )
            project = services.project_advance(
                actor=members[2].user, project=project, stage="tested", now=_at(day + timedelta(days=55), 11, "UTC")
            )
        services.presentation_record(
            actor=staff,
            project=project,
            presented_on=cohort.ends_on,
            url=f"https://videos.example.org/innovacion/grupo-{g + 1}",
        )
        presented += 1
        if g < 2:
            services.project_set_public(actor=staff, project=project, public=True)
        if g == 0:
            services.project_convert(actor=staff, project=project, target="resource")
    # A running cohort where the demo account `valparaiso` is in a group (its project at stage
    # concept, mentored by docente): what a participant does while a cohort is under way.
    lab = services.programme_create(
        actor=staff,
        title="Laboratorio de proyectos municipales",
        summary="Un proyecto de innovación por grupo, de la idea al prototipo probado, con mentoría.",
        hours=12,
        completion_rules={"project_presented": True},
        instructors=[docente],
        status=ProgrammeStatus.PUBLISHED,
        is_demo=True,
    )
    today = timezone.localdate()
    running = services.cohort_create(
        actor=staff,
        programme=lab,
        name="Laboratorio 2026 · en curso",
        starts_on=today - timedelta(days=14),
        ends_on=today + timedelta(days=30),
        capacity=20,
        applications_open_at=timezone.now() - timedelta(days=40),
        applications_close_at=timezone.now() - timedelta(days=20),
        status=CohortStatus.RUNNING,
        is_demo=True,
    )
    valparaiso = _user("valparaiso")
    lab_members = [services.application_enrol(actor=staff, cohort=running, user=valparaiso)] if valparaiso else []
    lab_members += [
        services.application_enrol(actor=staff, cohort=running, user=a.user) for a in applications[:2] if a.user
    ]
    lab_group = services.group_create(
        actor=staff,
        cohort=running,
        name="Grupo Pacífico",
        applications=lab_members,
        mentor=docente,
        title="Permisos de edificación en línea",
    )
    lab_project = services.project_update(
        actor=staff,
        project=lab_group.project,
        data={
            "problem": "Un permiso de edificación toma meses y exige ir varias veces a la Dirección de Obras.",
            "local_context": "Comunas costeras con mucha autoconstrucción y poca conexión a internet.",
            "concept": "Una lista de verificación previa y seguimiento del permiso por mensaje de texto.",
        },
    )
    services.project_advance(actor=staff, project=lab_project, stage="concept")
    write(
        f"Proyectos grupales: {presented} grupos de la cohorte finalizada con su presentación, 2 públicos, "
        "1 convertido en recurso de la biblioteca (borrador); mentoría de «docente»; "
        "«valparaiso» en el Grupo Pacífico de la cohorte en curso del Laboratorio de proyectos municipales."
    )


# --- Issue 14: Santiago's official took the pilot edition of the cybersecurity programme, so the
# 360° page of Santiago shows programmes. A separate, earlier cohort (finished), so the open
# cohort's seats and applications (tests, journeys) are untouched. Idempotent.
SANTIAGO_COHORT = "Ciberseguridad municipal · edición piloto (Región Metropolitana)"


def seed_santiago(write: Callable[[str], None]) -> None:
    from . import selectors
    from .models import Cohort

    santiago = _user("santiago")
    cyber = selectors.programme_get(slug="ciberseguridad-municipal")
    if santiago is None or cyber is None:
        write("Cohorte piloto de Santiago: falta la formación demo o la cuenta santiago.")
        return
    if Cohort.objects.filter(programme=cyber, name=SANTIAGO_COHORT).exists():
        write("Cohorte piloto de Santiago ya existe.")
        return
    staff = _user("staff")
    start = timezone.localdate() - timedelta(days=120)
    cohort = services.cohort_create(
        actor=staff,
        programme=cyber,
        name=SANTIAGO_COHORT,
        starts_on=start,
        ends_on=start + timedelta(days=28),
        capacity=8,
        applications_open_at=_at(start - timedelta(days=40), 9, "America/Santiago"),
        applications_close_at=_at(start - timedelta(days=10), 18, "America/Santiago"),
        eligible_countries=["CL"],
        status=CohortStatus.FINISHED,
        is_demo=True,
    )
    services.application_enrol(
        actor=staff,
        cohort=cohort,
        user=santiago,
        motivation="Edición piloto con municipios de la Región Metropolitana (inscripción del equipo del Hub).",
    )
    write("Cohorte piloto de Santiago: la cuenta santiago inscrita.")
