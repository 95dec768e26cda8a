"""Demo network for `make run`: clearly labelled (is_demo) organisations, people and accounts.

Idempotent: running it again creates nothing new and resets demo passwords to DEMO_PASSWORD.
Registered as a seeder in DirectoryConfig.ready(); `manage.py seed_demo` runs every app's."""

from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import transaction

from hublocal.accounts import selectors as account_selectors
from hublocal.accounts import services as account_services
from hublocal.directory import selectors, services
from hublocal.territory import selectors as territory_selectors
from hublocal.territory import services as territory_services

# (slug, kind, name, rut, commune code, description)
ORGANIZATIONS = [
    (
        "hub-nacional-de-gobierno-local",
        "hub",
        "Hub Nacional de Gobierno Local",
        "",
        "13101",
        "Plataforma de innovación, transferencia de capacidades y articulación institucional de AMUCH.",
    ),
    (
        "datamuni-spa",
        "startup",
        "DataMuni SpA (demo)",
        "76.543.210-3",
        "13101",
        "Tableros de gestión y datos abiertos para municipios: permisos, patentes y atención OIRS en línea.",
    ),
    (
        "tramite-facil-spa",
        "startup",
        "Trámite Fácil SpA (demo)",
        "77.123.456-9",
        "05101",
        "Digitalización de trámites municipales: patentes comerciales, permisos de circulación y certificados DOM.",
    ),
    (
        "cesfam-conecta",
        "startup",
        "CESFAM Conecta (demo)",
        "",
        "08101",
        "Agenda y lista de espera para la atención primaria de salud con recordatorios por SMS y WhatsApp.",
    ),
    (
        "reciclapp",
        "startup",
        "ReciclApp (demo)",
        "",
        "09101",
        "Gestión de residuos y puntos limpios con rutas de recolección optimizadas.",
    ),
    (
        "barrio-seguro-tech",
        "startup",
        "Barrio Seguro Tech (demo)",
        "",
        "13110",
        "Observatorio territorial de seguridad: denuncias georreferenciadas y coordinación con Carabineros.",
    ),
    (
        "universidad-de-los-andes-del-sur",
        "university",
        "Universidad Austral de Innovación Pública (demo)",
        "",
        "14101",
        "Centro de estudios de gobierno local y evaluación de programas municipales.",
    ),
    (
        "centro-estudios-municipales",
        "university",
        "Centro de Estudios Municipales (demo)",
        "",
        "13101",
        "Investigación aplicada en gestión municipal, capital humano y finanzas locales.",
    ),
    (
        "subdere-demo",
        "central_state",
        "Subsecretaría de Desarrollo Regional y Administrativo (demo)",
        "",
        "13101",
        "Contraparte del Estado central para fortalecimiento municipal.",
    ),
    (
        "cooperacion-bid-demo",
        "cooperation",
        "Banco Interamericano de Desarrollo · oficina Chile (demo)",
        "",
        "13101",
        "Cooperación técnica y financiera para transformación digital municipal.",
    ),
    (
        "fundacion-ciudad-abierta",
        "civil_society",
        "Fundación Ciudad Abierta (demo)",
        "",
        "05101",
        "Participación ciudadana y datos abiertos a escala local.",
    ),
]

# (username, role, organization slug or municipality code, full name, position, designation)
ACCOUNTS = [
    ("staff", "hub_admin", None, "Camila Rojas (demo)", None, None),
    ("analista", "hub_analyst", None, "Tomás Fuentes (demo)", None, None),
    ("santiago", "municipal", "13101", "Daniela Soto (demo)", "secpla", "focal_point"),
    ("valparaiso", "municipal", "05101", "Jorge Alarcón (demo)", "ti", "focal_point"),
    ("startup-a", "startup", "datamuni-spa", "Valentina Muñoz (demo)", "fundador", None),
    ("startup-b", "startup", "tramite-facil-spa", "Ignacio Pérez (demo)", "fundador", None),
    ("partner", "partner", "universidad-de-los-andes-del-sur", "Francisca Núñez (demo)", "investigador", None),
]

# Demo accounts whose person consented to a public directory profile (name, position and
# organisation; never e-mail or phone). Everyone else's profile is private.
PUBLIC_PROFILES = {"startup-a"}

# People without accounts: the escalation chain of the two demo municipalities.
CONTACTS = [
    ("13101", "Rodrigo Herrera (demo)", "administrador", "administrator", "administracion.santiago@demo.hublocal.cl"),
    ("13101", "María José Contreras (demo)", "alcalde", "mayor", "alcaldia.santiago@demo.hublocal.cl"),
    ("05101", "Patricia Vega (demo)", "administrador", "administrator", "administracion.valparaiso@demo.hublocal.cl"),
    ("05101", "Andrés Salinas (demo)", "alcalde", "mayor", "alcaldia.valparaiso@demo.hublocal.cl"),
    ("08101", "Claudia Riquelme (demo)", "dideco", None, "dideco.concepcion@demo.hublocal.cl"),
    ("09101", "Felipe Cayul (demo)", "ti", None, "ti.temuco@demo.hublocal.cl"),
]

TYPOLOGY_FILE = Path(territory_selectors.DATA_DIR) / "tipologia_provisional.csv"


@transaction.atomic
def seed(write: Callable[[str], None]) -> None:
    password = settings.DEMO_PASSWORD
    if TYPOLOGY_FILE.exists() and territory_selectors.typology_counts().get("sin_clasificar", 0) == 345:
        report = territory_services.typology_import(actor=None, text=TYPOLOGY_FILE.read_text(encoding="utf-8"))
        write(f"Tipología provisional: {report.changed} comunas clasificadas.")
    orgs = {}
    for slug, kind, name, rut, code, description in ORGANIZATIONS:
        org = selectors.organization_get(slug=slug)
        if org is None:
            org = services.organization_create(
                actor=None,
                name=name,
                kind=kind,
                rut=rut,
                description=description,
                commune=territory_selectors.commune_get(code=code),
                is_demo=True,
                email=f"contacto@{slug}.demo.hublocal.cl",
            )
            if org.slug != slug:
                org.slug = slug
                org.save(update_fields=["slug"])
        orgs[slug] = org

    def municipality(code):
        commune = territory_selectors.commune_get(code=code)
        return selectors.municipality_for_commune(commune_id=commune.pk)

    created = 0
    for username, role, org_ref, full_name, position, designation in ACCOUNTS:
        org = None
        if org_ref:
            org = municipality(org_ref) if org_ref.isdigit() else orgs[org_ref]
        user = account_selectors.user_list(q=username).filter(username=username).first()
        first, _sep, last = full_name.partition(" ")
        if user is None:
            user = account_services.user_create(
                actor=None,
                username=username,
                email=f"{username}@demo.hublocal.cl",
                password=password,
                # The demo password is published; the password rules protect real people.
                check_password_rules=False,
                role=role,
                organization=org,
                first_name=first,
                last_name=last,
            )
            created += 1
            person = services.person_create(
                actor=None,
                full_name=full_name,
                email=user.email,
                organization=org or orgs["hub-nacional-de-gobierno-local"],
                position=position or "profesional",
                user=user,
                is_demo=True,
            )
            if designation and org is not None:
                services.designation_set(actor=None, organization=org, role=designation, person=person)
        else:
            user.set_password(password)
            user.save(update_fields=["password"])
        if username in PUBLIC_PROFILES:
            # Her own choice, made with her own account (the privacy app records the consent).
            services.person_set_public(actor=user, person=user.person, is_public=True)
    for code, full_name, position, designation, email in CONTACTS:
        org = municipality(code)
        if selectors.person_named_in(organization=org, full_name=full_name):
            continue
        person = services.person_create(
            actor=None,
            full_name=full_name,
            email=email,
            organization=org,
            position=position,
            is_demo=True,
        )
        if designation:
            services.designation_set(actor=None, organization=org, role=designation, person=person)
    write(f"Red demo lista: {len(orgs)} organizaciones, {created} cuentas nuevas (contraseña: DEMO_PASSWORD).")
