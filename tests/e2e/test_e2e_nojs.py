"""The core flows with JavaScript turned off (issue 17): signing in and out, answering and
submitting a diagnosis, reading results, printing the blank questionnaire, submitting a
proposal and the data-subject requests of "Mis datos". Each runs in a browser context with
`java_script_enabled=False` on a 390-px phone, as on an old phone or a locked-down municipal
computer: every step must be a real link or a real form.

Setup that is not the flow under test (staff creating a campaign or an account) runs with
JavaScript, as the staff would. The objects each test writes are its own (a campaign of the
environmental instrument for Valparaíso only, with unpublished scores; a proposal of
Trámite Fácil to the crime-prevention challenge; a fresh account), so the other browser tests'
demo data stay as they expect."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from .support import VIEWPORTS, answer_visible_questions, axe_violations, create_account, describe, screenshot, sign_in

pytestmark = pytest.mark.e2e

CAMPAIGN = "Ambiente 2026 · sin JavaScript"
PREVENTION = "Prevención situacional en barrios con alta victimización"
PASSWORD = "una-clave-sin-javascript-2026"


@pytest.fixture
def nojs(browser: Browser, hub_url: str, signed_in_state) -> Iterator[Callable[..., BrowserContext]]:
    """Factory of phone-sized contexts with JavaScript disabled: nojs(user=None)."""
    contexts: list[BrowserContext] = []

    def make(user: str | None = None) -> BrowserContext:
        context = browser.new_context(
            base_url=hub_url,
            viewport=VIEWPORTS["phone"],
            locale="es-CL",
            java_script_enabled=False,
            storage_state=signed_in_state(user) if user else None,
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


def _click_and_wait(page: Page, locator) -> None:
    with page.expect_navigation():
        locator.click()


def _status(page: Page):
    return page.get_by_role("status")


def _no_js(page: Page) -> None:
    """Guard: the page really runs without scripts (a test passing with JS on proves nothing)."""
    assert page.evaluate("1 + 1") == 2  # evaluation through DevTools still works...
    assert page.evaluate("typeof window.htmx") == "undefined"  # ...but the page's scripts never ran


def _check_axe(new_context, user: str | None, url: str, where: str) -> None:
    """axe-core on the same page in a context with scripts: axe.run is asynchronous and never
    settles where the page may not run JavaScript. The HTML is the same either way."""
    page = new_context(user=user, viewport="phone").new_page()
    page.goto(url)
    violations = axe_violations(page)
    assert not violations, f"{where}:\n{describe(violations)}"


def test_sign_in_and_out_without_javascript(nojs, hub_url: str) -> None:
    page = nojs().new_page()
    sign_in(page, hub_url, "valparaiso")
    _no_js(page)
    assert "/cuenta/ingresar/" not in page.url
    header = page.locator("header.site-header")
    expect(header.locator("a[href='/cuenta/']")).to_be_visible()  # the account link: signed in
    screenshot(page, "nojs-signed-in-phone")
    # A wrong password is refused with a message, on the server's page.
    other = nojs().new_page()
    sign_in(other, hub_url, "valparaiso", "no-es-la-clave")
    expect(other).to_have_url(re.compile(r"/cuenta/ingresar/"))
    expect(other.locator("main")).to_contain_text("Usuario o contraseña incorrectos")
    # Signing out is a form too (this context's own session, not the shared one).
    _click_and_wait(page, header.get_by_role("button", name="Salir"))
    expect(page.locator("header.site-header").get_by_role("link", name="Ingresar")).to_be_visible()


def _staff_creates_campaign(staff: Page) -> None:
    staff.goto("/diagnostico/campanas/nueva/")
    staff.get_by_label("Nombre de la campaña").fill(CAMPAIGN)
    instrument = staff.get_by_label("Instrumento (versión publicada)")
    instrument.select_option(instrument.locator("option", has_text="Gestión ambiental").get_attribute("value"))
    now = datetime.now()
    staff.get_by_label("Abre").fill((now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    staff.get_by_label("Cierra").fill((now + timedelta(days=14)).strftime("%Y-%m-%dT%H:%M"))
    staff.get_by_label("O bien, códigos de comuna").fill("05101")
    staff.get_by_label("Publicar los puntajes como datos abiertos").uncheck()
    _click_and_wait(staff, staff.get_by_role("button", name="Crear campaña e invitar"))
    expect(staff.locator(".messages")).to_contain_text("Campaña creada con 1 municipios")


def test_diagnosis_answered_submitted_and_read_without_javascript(new_context, nojs) -> None:
    _staff_creates_campaign(new_context(user="staff").new_page())

    official = nojs(user="valparaiso").new_page()
    official.goto("/diagnostico/")
    _no_js(official)
    _click_and_wait(official, official.get_by_role("link", name=CAMPAIGN))
    participation_url = official.url

    # The blank questionnaire is a plain link, and its PDF a plain download.
    _click_and_wait(official, official.get_by_role("link", name="Imprimir cuestionario en blanco"))
    expect(official.get_by_role("heading", level=1)).to_contain_text("Cuestionario en blanco")
    expect(official.locator(".paper-code").first).to_be_visible()
    _check_axe(new_context, None, official.url, "cuestionario en blanco")
    screenshot(official, "nojs-paper-questionnaire-phone")
    with official.expect_download() as download:
        official.get_by_role("link", name=re.compile("Descargar PDF")).click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF-")

    # Section by section with "Guardar y continuar": saving can reveal conditional questions.
    official.goto(participation_url)
    official.goto(official.locator("ol.list-plain a").first.get_attribute("href"))
    for _ in range(40):
        if answer_visible_questions(official):
            _click_and_wait(official, official.get_by_role("button", name="Guardar", exact=True))
            expect(official.locator(".messages")).to_contain_text("Respuestas guardadas.")
            continue
        onward = official.get_by_role("button", name=re.compile("^Guardar y (continuar|revisar)$"))
        last = onward.inner_text().strip() == "Guardar y revisar"
        _click_and_wait(official, onward)
        if last:
            break
    else:
        pytest.fail("the questionnaire never reached the review page")
    screenshot(official, "nojs-diagnosis-review-phone")
    expect(official.get_by_text("Todas las preguntas obligatorias están respondidas.")).to_be_visible()
    _click_and_wait(official, official.get_by_role("button", name="Enviar diagnóstico"))
    expect(official).to_have_url(re.compile(r"/resultados/$"))
    expect(_status(official)).to_contain_text("Diagnóstico enviado")
    expect(official.locator("main")).to_contain_text("Índice general")
    # The chart's numbers are also a table, readable without scripts.
    expect(official.locator("main table").first).to_be_visible()
    screenshot(official, "nojs-diagnosis-results-phone")
    _check_axe(new_context, "valparaiso", official.url, "resultados")
    with official.expect_download() as download:
        official.get_by_role("link", name=re.compile("PDF")).first.click()
    assert download.value.suggested_filename.endswith(".pdf")


def test_public_results_without_javascript(nojs) -> None:
    public = nojs().new_page()
    public.goto("/diagnostico/resultados/")
    _no_js(public)
    expect(public.get_by_role("heading", level=1)).to_be_visible()
    # The filters are a GET form: choosing a typology and pressing the button narrows the ranking.
    filters = public.get_by_role("search", name="Filtrar resultados")
    filters.get_by_label("Tipología").select_option(index=1)
    _click_and_wait(public, filters.get_by_role("button", name="Filtrar"))
    assert "tipologia=" in public.url
    public.goto("/diagnostico/resultados/")
    results = public.locator("main a[href*='/p/'][href$='/resultados/']")
    _click_and_wait(public, results.first)
    expect(public).to_have_url(re.compile(r"/diagnostico/p/\d+/resultados/$"))
    expect(public.locator("main")).to_contain_text("Índice general")
    screenshot(public, "nojs-public-results-phone")


def test_proposal_submitted_without_javascript(nojs) -> None:
    page = nojs(user="startup-b").new_page()
    page.goto("/innovacion/desafios/?q=prevención")
    _no_js(page)
    _click_and_wait(page, page.get_by_role("link", name=PREVENTION))
    _click_and_wait(page, page.locator("main").get_by_role("link", name="Postular"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(PREVENTION)
    page.get_by_label("Enfoque propuesto").fill(
        "Trámite Fácil Municipal: denuncias de luminarias y sitios eriazos con seguimiento del estado."
    )
    page.get_by_label("Precio mínimo (CLP)").fill("9000000")
    page.get_by_label("Precio máximo (CLP)").fill("1000000")
    page.get_by_label("Plazo de implementación (semanas)").fill("10")
    page.get_by_label("Plan de trabajo").fill(
        "Semanas 1-4: levantamiento; 5-10: marcha blanca con dos juntas de vecinos."
    )
    # A bad value comes back from the server with the message beside it and nothing lost.
    _click_and_wait(page, page.locator("main").get_by_role("button", name="Enviar propuesta"))
    expect(page.locator(".error-summary, .errorlist").first).to_contain_text("no puede ser menor que el mínimo")
    expect(page.get_by_label("Plan de trabajo")).to_have_value(re.compile("marcha blanca"))
    page.get_by_label("Precio mínimo (CLP)").fill("6000000")
    page.get_by_label("Precio máximo (CLP)").fill("9000000")
    _click_and_wait(page, page.locator("main").get_by_role("button", name="Enviar propuesta"))
    expect(_status(page)).to_contain_text("Propuesta enviada")
    screenshot(page, "nojs-proposal-sent-phone")
    page.goto("/propuestas/mias/")
    expect(page.locator("tbody tr", has_text=PREVENTION)).to_have_count(1)


def test_data_subject_requests_without_javascript(new_context, nojs, hub_url: str) -> None:
    username = "persona-e2e-sin-js"
    create_account(new_context(user="staff").new_page(), username, PASSWORD)

    person = nojs().new_page()
    sign_in(person, hub_url, username, PASSWORD)
    _no_js(person)
    person.goto("/cuenta/mis-datos/")
    expect(person.get_by_role("heading", level=1)).to_have_text("Mis datos")
    with person.expect_download() as download:
        person.get_by_role("link", name="Descargar JSON").click()
    groups = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert any(g["key"] == "accounts.user" for g in groups)

    _click_and_wait(person, person.get_by_role("button", name=re.compile(r"Dar consentimiento\W+Noticias")))
    expect(_status(person)).to_contain_text("Consentimiento otorgado")
    _click_and_wait(person, person.get_by_role("button", name=re.compile(r"Retirar consentimiento\W+Noticias")))
    expect(_status(person)).to_contain_text("Consentimiento retirado")

    # Portability is answered at once: the ZIP is on "Mis datos".
    _click_and_wait(person, person.get_by_role("link", name="Portabilidad"))
    expect(person.get_by_label("Derecho que ejerce")).to_have_value("portability")
    _click_and_wait(person, person.locator("main").get_by_role("button", name="Enviar solicitud"))
    expect(_status(person)).to_contain_text("Solicitud registrada y respondida")
    with person.expect_download() as download:
        person.get_by_role("link", name=re.compile("Descargar ZIP")).click()
    assert Path(download.value.path()).read_bytes().startswith(b"PK")

    # An objection waits for the hub's answer, with its deadline.
    _click_and_wait(person, person.get_by_role("link", name="Oponerme a un uso de mis datos"))
    expect(person.get_by_label("Derecho que ejerce")).to_have_value("objection")
    person.get_by_label("Detalle").fill("No quiero recibir encuestas de satisfacción por correo.")
    _click_and_wait(person, person.locator("main").get_by_role("button", name="Enviar solicitud"))
    expect(_status(person)).to_contain_text("Le responderemos a más tardar")
    screenshot(person, "nojs-privacy-request-phone")
    request_link = person.locator("main table tr", has_text="Oposición").get_by_role("link").first
    _click_and_wait(person, request_link)
    expect(person.get_by_role("heading", level=1)).to_contain_text("Oposición")
