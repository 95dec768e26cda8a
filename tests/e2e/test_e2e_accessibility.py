"""axe-core on every page (WCAG 2.2 A/AA and best practices), at desktop and phone width,
anonymous and signed in, in Spanish and English, including error states. Every visit also
leaves a full-page screenshot in tests/e2e/screenshots/ for a person to look at."""

from __future__ import annotations

import json
import re
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page

from .support import DEMO_PASSWORD, Traffic, axe_violations, describe, screenshot

pytestmark = pytest.mark.e2e


def _login_wrong_password(page: Page) -> None:
    page.get_by_label("Nombre de usuario").fill("santiago")
    page.get_by_label("Contraseña").fill(DEMO_PASSWORD + "-no")
    page.locator("main").get_by_role("button", name="Ingresar").click()


def _org_bad_website_and_rut(page: Page) -> None:
    page.get_by_role("textbox", name="RUT").fill("12.345.678-0")
    page.get_by_label("Sitio web").fill("municipalidad santiago")
    page.get_by_label("Correo de contacto").fill("no-es-correo")
    page.get_by_role("button", name="Guardar").click()


def _submit_empty(button: str) -> Callable[[Page], None]:
    def act(page: Page) -> None:
        page.locator("main").get_by_role("button", name=button).click()

    return act


@dataclass(frozen=True)
class Visit:
    name: str
    path: str
    user: str | None = None
    status: int = 200
    act: Callable[[Page], None] | None = None  # brings the page to the state to check
    after_status: int | None = None  # status of the page `act` leads to


PERSON = "{person}"  # replaced by the id of a demo person, looked up on the running server
# Replaced by ids of demo objects, looked up in the public API of the running server.
CALL_2025 = "{call-2025}"
CHALLENGE = "{challenge-patentes}"
CHALLENGE_CESFAM = "{challenge-cesfam}"
PILOT_RUNNING = "{pilot-running}"
PILOT_FINISHED = "{pilot-finished}"
EVENT = "{event}"
VISITS = [
    # Anonymous, Spanish.
    Visit("home", "/"),
    Visit("about", "/acerca/"),
    Visit("accessibility", "/accesibilidad/"),
    Visit("municipalities", "/municipios/"),
    Visit("municipalities-filtered", "/municipios/?region=13&typology=metropolitana&q=san"),
    Visit("municipalities-none", "/municipios/?q=zzzz"),
    Visit("municipality-santiago", "/municipios/13101/"),
    Visit("organizations", "/organizaciones/"),
    Visit("organization-datamuni", "/organizaciones/datamuni-spa/"),
    Visit("people", "/personas/"),
    Visit("person", f"/personas/{PERSON}/"),
    Visit("login", "/cuenta/ingresar/"),
    Visit("login-error", "/cuenta/ingresar/", act=_login_wrong_password, after_status=200),
    Visit("api-docs", "/api/v1/docs/"),
    Visit("network", "/territorio/red/"),
    Visit("not-found", "/no-existe/", status=404),
    Visit("diagnosis", "/diagnostico/"),
    Visit("diagnosis-methodology", "/diagnostico/metodologia/"),
    Visit("diagnosis-ranking", "/diagnostico/resultados/"),
    Visit("diagnosis-ranking-map", "/diagnostico/resultados/?mapa=1"),  # the map drawn in place (no JavaScript)
    Visit("open-data", "/datos/"),
    Visit("open-data-dataset", "/datos/comunas/"),
    # Open innovation, anonymous: catalogue, calls, challenges, events, pilots, suppliers, programme.
    Visit("catalogue", "/soluciones/"),
    Visit("solution", "/soluciones/patentes-en-linea/"),
    Visit("startups", "/soluciones/startups/"),
    Visit("startup", "/soluciones/startups/datamuni-spa/"),
    Visit("innovation", "/innovacion/"),
    Visit("calls", "/innovacion/convocatorias/"),
    Visit("call", "/innovacion/convocatorias/municipia-2026/"),
    Visit("challenges", "/innovacion/desafios/"),
    Visit("challenge", f"/innovacion/desafios/{CHALLENGE}/"),
    Visit("events", "/innovacion/eventos/"),
    Visit("event", f"/innovacion/eventos/{EVENT}/"),
    Visit("pilots", "/pilotos/"),
    Visit("pilot-running", f"/pilotos/{PILOT_RUNNING}/"),
    Visit("pilot-finished", f"/pilotos/{PILOT_FINISHED}/"),
    Visit("suppliers", "/pilotos/proveedores/"),
    Visit("supplier", "/pilotos/proveedores/tramite-facil-spa/"),
    Visit("programme", "/pilotos/programa/"),
    # Hub staff.
    Visit("staff-account", "/cuenta/", user="staff"),
    Visit("staff-backoffice", "/cuenta/gestion/", user="staff"),
    Visit("staff-audit", "/cuenta/gestion/auditoria/", user="staff"),
    Visit("staff-users", "/cuenta/gestion/usuarios/", user="staff"),
    Visit("staff-user-new", "/cuenta/gestion/usuarios/nuevo/", user="staff"),
    Visit(
        "staff-user-new-errors",
        "/cuenta/gestion/usuarios/nuevo/",
        user="staff",
        act=_submit_empty("Crear cuenta"),
        after_status=400,
    ),
    Visit("staff-org-new", "/organizaciones/nueva/", user="staff"),
    Visit(
        "staff-org-new-errors", "/organizaciones/nueva/", user="staff", act=_submit_empty("Guardar"), after_status=400
    ),
    Visit("staff-municipality", "/municipios/13101/", user="staff"),
    Visit("staff-network-new", "/territorio/red/nuevo/", user="staff"),
    Visit(
        "staff-network-new-errors",
        "/territorio/red/nuevo/",
        user="staff",
        act=_submit_empty("Registrar"),
        after_status=400,
    ),
    Visit("staff-person", f"/personas/{PERSON}/", user="staff"),
    Visit("staff-person-edit", f"/personas/{PERSON}/editar/", user="staff"),
    Visit("staff-campaigns", "/diagnostico/campanas/", user="staff"),
    Visit("staff-engagement", "/seguimiento/", user="staff"),
    Visit("staff-evaluation", f"/propuestas/convocatoria/{CALL_2025}/evaluacion/", user="staff"),
    Visit(
        "staff-call-new-errors",
        "/innovacion/convocatorias/nueva/",
        user="staff",
        act=_submit_empty("Guardar"),
        after_status=400,
    ),
    Visit("analyst-backoffice", "/cuenta/gestion/", user="analista"),
    Visit("analyst-users", "/cuenta/gestion/usuarios/", user="analista"),
    # Municipal official and focal point of Santiago.
    Visit("santiago-municipality", "/municipios/13101/", user="santiago"),
    Visit("santiago-org", "/organizaciones/municipalidad-santiago/", user="santiago"),
    Visit("santiago-org-edit", "/organizaciones/municipalidad-santiago/editar/", user="santiago"),
    Visit(
        "santiago-org-edit-errors",
        "/organizaciones/municipalidad-santiago/editar/",
        user="santiago",
        act=_org_bad_website_and_rut,
        after_status=400,
    ),
    Visit("santiago-designations", "/organizaciones/municipalidad-santiago/designaciones/", user="santiago"),
    Visit(
        "santiago-designations-errors",
        "/organizaciones/municipalidad-santiago/designaciones/",
        user="santiago",
        act=_submit_empty("Guardar designación"),
        after_status=400,
    ),
    Visit("santiago-person-new", "/organizaciones/municipalidad-santiago/personas/nueva/", user="santiago"),
    Visit(
        "santiago-person-new-errors",
        "/organizaciones/municipalidad-santiago/personas/nueva/",
        user="santiago",
        act=_submit_empty("Guardar"),
        after_status=400,
    ),
    Visit("santiago-forbidden", "/organizaciones/municipalidad-valparaiso/editar/", user="santiago", status=403),
    Visit(
        "santiago-challenge-new-errors",
        "/innovacion/desafios/nuevo/",
        user="santiago",
        act=_submit_empty("Guardar borrador"),
        after_status=400,
    ),
    Visit("santiago-pilot", f"/pilotos/{PILOT_RUNNING}/", user="santiago"),
    # Other roles.
    Visit("valparaiso-account", "/cuenta/", user="valparaiso"),
    Visit("valparaiso-supplier", "/pilotos/proveedores/tramite-facil-spa/", user="valparaiso"),
    Visit("startup-org-edit", "/organizaciones/datamuni-spa/editar/", user="startup-a"),
    Visit("startup-recommended", "/innovacion/recomendados/", user="startup-a"),
    Visit("startup-proposals", "/propuestas/mias/", user="startup-a"),
    Visit(
        "startup-apply-errors",
        f"/propuestas/desafio/{CHALLENGE_CESFAM}/postular/",
        user="startup-a",
        act=_submit_empty("Enviar propuesta"),
        after_status=400,
    ),
    Visit("startup-forbidden", "/cuenta/gestion/", user="startup-a", status=403),
    Visit("partner-account", "/cuenta/", user="partner"),
    # ICT assets: the public aggregates and the open-source register.
    Visit("ict-assets", "/activos-tic/"),
    Visit("ict-assets-open-source", "/activos-tic/codigo-abierto/"),
    Visit("ict-assets-national", "/activos-tic/gestion/", user="staff"),
    # English.
    Visit("en-home", "/en/"),
    Visit("en-about", "/en/acerca/"),
    Visit("en-municipalities", "/en/municipios/"),
    Visit("en-municipality", "/en/municipios/05101/"),
    Visit("en-organizations", "/en/organizaciones/"),
    Visit("en-people", "/en/personas/"),
    Visit("en-login", "/en/cuenta/ingresar/"),
    Visit("en-not-found", "/en/no-existe/", status=404),
    Visit("en-diagnosis", "/en/diagnostico/"),
    Visit("en-staff-backoffice", "/en/cuenta/gestion/", user="staff"),
    Visit("en-santiago-org-edit", "/en/organizaciones/municipalidad-santiago/editar/", user="santiago"),
    Visit("en-innovation", "/en/innovacion/"),
]


@pytest.fixture(scope="session")
def person_id(hub_url: str) -> str:
    """A public demo person, found the way a visitor would: on the people list."""
    # Valentina (startup-a) is the demo's public profile, by her own consent (directory/demo.py).
    with urllib.request.urlopen(f"{hub_url}/personas/?q=Valentina") as response:
        html = response.read().decode()
    found = re.search(r'href="/personas/(\d+)/"', html)
    assert found, "no demo person listed on /personas/"
    return found.group(1)


def _api(hub_url: str, path: str) -> list[dict]:
    with urllib.request.urlopen(f"{hub_url}/api/v1/{path}") as response:
        return json.load(response)["results"]


@pytest.fixture(scope="session")
def placeholders(hub_url: str, person_id: str) -> dict[str, str]:
    """The demo objects the visits name by placeholder, looked up as an API client would."""
    calls = {c["slug"]: c["id"] for c in _api(hub_url, "calls/")}
    challenges = {c["title"]: c["id"] for c in _api(hub_url, "challenges/?page_size=100")}
    pilots = {p["status"]: p["id"] for p in _api(hub_url, "pilots/")}
    events = _api(hub_url, "events/")
    return {
        PERSON: person_id,
        CALL_2025: str(calls["municipia-2025"]),
        CHALLENGE: str(challenges["Patentes comerciales sin filas ni papeles"]),
        CHALLENGE_CESFAM: str(challenges["Agenda de horas en CESFAM rurales con conectividad limitada"]),
        PILOT_RUNNING: str(pilots["running"]),
        PILOT_FINISHED: str(pilots["finished"]),
        EVENT: str(events[0]["id"]),
    }


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize("visit", VISITS, ids=[v.name for v in VISITS])
def test_page_is_accessible(visit: Visit, viewport: str, shared_context, placeholders: dict[str, str]) -> None:
    page = shared_context(user=visit.user, viewport=viewport).new_page()
    try:
        _check(page, visit, viewport, placeholders)
    finally:
        page.close()


def _check(page: Page, visit: Visit, viewport: str, placeholders: dict[str, str]) -> None:
    traffic = Traffic().attach(page)
    path = visit.path
    for placeholder, value in placeholders.items():
        path = path.replace(placeholder, value)
    response = page.goto(path)
    assert response is not None and response.status == visit.status, f"{path}: {response and response.status}"
    if visit.act:
        with page.expect_navigation() as navigation:
            visit.act(page)
        assert navigation.value.status == visit.after_status
        assert page.locator(".error-summary, .errorlist").first.is_visible(), "the errors are not shown"
    page.wait_for_load_state("load")
    screenshot(page, f"{visit.name}-{viewport}")

    violations = axe_violations(page)
    assert not violations, f"{path} ({viewport}):\n{describe(violations)}"

    # The strict CSP refuses inline styles and scripts; a refusal shows up here.
    errors = [e for e in traffic.console_errors if "Failed to load resource" not in e]
    assert not errors, errors
    failed = [
        (r.url, r.response().status)
        for r in traffic.requests
        if r.response() and r.response().status >= 400 and r.resource_type != "document"
    ]
    assert not failed, failed
    current = page.locator('nav[aria-label] a[aria-current="page"]')
    assert current.count() <= 1, f"several links claim to be the current page: {current.all_inner_texts()}"
    if viewport == "phone":
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} scrolls sideways on a phone by {overflow}px"
