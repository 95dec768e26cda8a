"""The open-innovation journey across roles, in a real browser against the served app.

Santiago's official turns a diagnosis gap into a challenge and sends it to review; the hub's
staff open a short call and publish the challenge in it; two startups find it among their
recommendations and apply (one with a PDF), never seeing each other's proposal; once the call
closes the committee scores, the hub shortlists and writes feedback; a working session is
recorded; an agreement opens a pilot whose indicator locks at the start; measurements are
entered; the pilot finishes and Santiago rates the provider, which shows on its public record.

Scoring starts only when a call closes and a published close can only be moved later (startups
plan on it), so the test does what the interface allows: staff create a call, through its form,
whose close is a few minutes away; once the applications are in, the test moves the served hub's
clock past the close (tests/e2e/clock.py) instead of waiting for it."""

from __future__ import annotations

import math
import re
import time
from datetime import datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from . import clock
from .conftest import VAR_DIRS
from .support import DEMO_PASSWORD, axe_violations, describe, screenshot

pytestmark = pytest.mark.e2e

SANTIAGO = ZoneInfo("America/Santiago")  # the hub's time zone: form dates are read in it
# Time the startups get between the call's publication and its close (rounded up to the minute,
# since the form takes minutes): far more than both applications and every privacy check take
# (25–40 s), since nobody waits for it: the hub's clock is moved past the close.
APPLY_WINDOW = timedelta(minutes=2)
CHALLENGE_TITLE = "Patentes comerciales y trámites municipales que obligan a hacer filas"
NOT_FOUND = "Página no encontrada"


def _pdf(text: str) -> bytes:
    """A small valid one-page PDF (with a correct cross-reference table)."""
    stream = f"BT /F1 18 Tf 40 780 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _local(moment: datetime) -> str:
    """A moment as a person types it in a date-and-time field, in Santiago's time."""
    return moment.astimezone(SANTIAGO).strftime("%Y-%m-%dT%H:%M")


def _click_and_wait(page: Page, locator) -> None:
    with page.expect_navigation():
        locator.click()


def _button(page: Page, name: str | re.Pattern, *, exact: bool = True):
    return page.locator("main").get_by_role("button", name=name, exact=exact)


def _check_axe(page: Page, where: str) -> None:
    violations = axe_violations(page)
    assert not violations, f"{where}:\n{describe(violations)}"


def _status(page: Page):
    return page.get_by_role("status")


def _no_proposal_counts(page: Page) -> None:
    """Startups never learn how many competitors applied."""
    text = page.locator("main").inner_text()
    assert not re.search(r"\d+\s+(propuestas?|postulaciones?|postulantes?)\b", text, re.IGNORECASE), text
    expect(page.get_by_role("link", name="Propuestas recibidas")).to_have_count(0)


# --- The steps, one role at a time -------------------------------------------------------------


def _santiago_writes_the_challenge(page: Page) -> str:
    """From the diagnosis results to a challenge in review; returns its URL."""
    page.goto("/diagnostico/")
    _click_and_wait(page, page.get_by_role("link", name=re.compile("madurez digital 2026")).first)
    _click_and_wait(page, page.get_by_role("link", name="Ver resultados y reporte"))
    gaps = page.locator("#desafios")
    convert = gaps.get_by_role("button", name=re.compile(r"^Convertir en desafío"))
    assert convert.count() >= 1, "Santiago's results offer no gap to turn into a challenge"
    dimension = convert.first.inner_text().split(":", 1)[1].strip()
    _click_and_wait(page, convert.first)
    expect(_status(page)).to_contain_text("Se creó el borrador de desafío")

    # The draft is written on the open-innovation pages.
    _click_and_wait(
        page, page.get_by_role("navigation", name="Principal").get_by_role("link", name="Innovación abierta")
    )
    _click_and_wait(page, page.get_by_role("link", name=re.compile(r"^Convertir \d+ brechas? del diagnóstico")))
    expect(page.get_by_role("heading", level=1)).to_have_text("Desafíos desde el diagnóstico")
    _check_axe(page, "challenge from a diagnosis gap")
    _click_and_wait(page, _button(page, re.compile(rf"^Convertir en desafío\s*: {re.escape(dimension)}"), exact=False))
    expect(_status(page)).to_contain_text("Brecha convertida en desafío")
    expect(page.get_by_role("heading", level=1)).to_have_text("Editar desafío")

    # A required field left empty: a clear message beside it, nothing saved.
    page.get_by_label("¿Cuál es el problema?").fill("")
    _click_and_wait(page, _button(page, "Guardar borrador"))
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator("#id_problem")).to_have_attribute("aria-invalid", "true")

    page.get_by_label("Título").fill(CHALLENGE_TITLE)
    page.get_by_label("Área prioritaria").select_option("digital")
    page.get_by_label("¿Cuál es el problema?").fill(
        "Quien abre un negocio en Santiago debe pedir su patente comercial en persona: filas en la "
        "Dirección de Rentas, formularios en papel y varias visitas para un solo trámite municipal. "
        "Los pagos de patentes y los permisos se revisan a mano y el contribuyente no sabe en qué "
        "estado está su solicitud."
    )
    page.get_by_label("¿Quiénes lo sufren?").fill(
        "Unos 4.000 emprendedores al año y los 12 funcionarios de Rentas que atienden en ventanilla."
    )
    page.get_by_label("¿Cómo se hace hoy?").fill(
        "Ventanilla presencial, formulario impreso, revisión manual de antecedentes y pago en caja: 3 a 6 semanas."
    )
    page.get_by_label("¿Cómo se ve el éxito?").fill(
        "El 60 % de las patentes comerciales y sus trámites se solicitan y pagan en línea en 6 meses."
    )
    page.get_by_label("Presupuesto máximo (CLP)").fill("18000000")
    _click_and_wait(page, _button(page, "Guardar borrador"))
    expect(_status(page)).to_contain_text("Desafío actualizado")
    expect(page.get_by_role("heading", level=1)).to_have_text(CHALLENGE_TITLE)
    expect(page.get_by_text("Desde un diagnóstico")).to_be_visible()
    _click_and_wait(page, _button(page, "Enviar a revisión"))
    expect(_status(page)).to_contain_text("En revisión")
    screenshot(page, "innovation-challenge-in-review-desktop")
    return page.url


def _staff_opens_a_short_call(page: Page) -> tuple[str, datetime]:
    """A call whose close is a couple of minutes away; returns its URL and close."""
    closes = datetime.now(SANTIAGO) + APPLY_WINDOW
    closes = closes.replace(second=0, microsecond=0) + timedelta(minutes=1)
    page.goto("/innovacion/")
    _click_and_wait(page, page.get_by_role("link", name="Nueva convocatoria"))
    page.get_by_label("Título").fill("Municipia Express · prueba de punta a punta")
    page.get_by_label("Descripción").fill("Convocatoria breve para probar el recorrido completo de innovación abierta.")
    page.get_by_label("Requisitos de postulación").fill("Startups GovTech constituidas en Chile.")
    page.get_by_label("Abre").fill(_local(datetime.now(SANTIAGO) - timedelta(hours=1)))
    page.get_by_label("Cierra").fill(_local(closes))
    _click_and_wait(page, _button(page, "Guardar"))
    expect(_status(page)).to_contain_text("Convocatoria creada como borrador")

    # Weights that do not add up to 100 are refused with the reason.
    criteria = page.get_by_label("Criterios de evaluación")
    criteria.fill("Pertinencia para el problema | 60 | Resuelve el problema descrito\nViabilidad | 30 | Es realizable")
    _click_and_wait(page, _button(page, "Guardar criterios"))
    expect(page.locator(".error-summary, .errorlist").first).to_contain_text("100")
    criteria = page.get_by_label("Criterios de evaluación")
    criteria.fill(
        "Pertinencia para el problema | 60 | Resuelve el problema descrito\n"
        "Viabilidad técnica y operativa | 40 | Es realizable con los equipos municipales"
    )
    _click_and_wait(page, _button(page, "Guardar criterios"))
    expect(_status(page)).to_contain_text("Criterios guardados")
    _click_and_wait(page, _button(page, "Publicar convocatoria"))
    expect(_status(page)).to_contain_text("Convocatoria publicada")
    call_url = page.url

    # The committee: the hub's administrator and its analyst.
    _click_and_wait(page, page.get_by_role("link", name="Evaluación de propuestas"))
    _click_and_wait(page, page.get_by_role("link", name="Gestionar el comité"))
    for username, name in (("staff", "Camila Rojas (demo)"), ("analista", "Tomás Fuentes (demo)")):
        person = page.get_by_label("Persona")
        person.select_option(person.locator("option", has_text=name).first.get_attribute("value"))
        _click_and_wait(page, _button(page, "Agregar al comité"))
        expect(_status(page)).to_contain_text(f"{username} se integró al comité")
    return call_url, closes


def _staff_publishes_the_challenge(page: Page, challenge_url: str) -> None:
    page.goto(challenge_url)
    workflow = page.locator("section", has=page.get_by_role("heading", name="Estado del desafío"))
    call = workflow.get_by_label("Convocatoria")
    call.select_option(call.locator("option", has_text="Municipia Express").get_attribute("value"))
    _click_and_wait(page, workflow.get_by_role("button", name="Publicar en una convocatoria"))
    expect(_status(page)).to_contain_text("Publicado")
    expect(page.get_by_role("link", name="Municipia Express · prueba de punta a punta")).to_be_visible()


def _recommended_and_apply(page: Page, solution: str) -> None:
    """From the startup's recommendations to the application form of the new challenge."""
    page.goto("/innovacion/")
    _click_and_wait(page, page.get_by_role("link", name="Desafíos recomendados para mi startup"))
    card = page.locator("article", has=page.get_by_role("link", name=CHALLENGE_TITLE))
    expect(card, "the new challenge is not among the startup's recommendations").to_have_count(1)
    expect(card).to_contain_text("afinidad")
    _no_proposal_counts(page)
    _click_and_wait(page, card.get_by_role("link", name=re.compile(r"^Postular")))
    expect(page.get_by_role("heading", level=1)).to_contain_text(CHALLENGE_TITLE)
    page.get_by_label("Solución del catálogo en que se basa (opcional)").select_option(label=solution)


def _fill_proposal(page: Page, *, approach: str, low: str, high: str, weeks: str) -> None:
    page.get_by_label("Enfoque propuesto").fill(approach)
    page.get_by_label("Precio mínimo (CLP)").fill(low)
    page.get_by_label("Precio máximo (CLP)").fill(high)
    page.get_by_label("Plazo de implementación (semanas)").fill(weeks)
    page.get_by_label("Plan de trabajo").fill("Semanas 1-4: configuración; 5-8: marcha blanca; 9-12: operación.")


def _attach(page: Page, name: str, content: bytes, mime: str) -> None:
    page.get_by_label("Archivo").set_input_files({"name": name, "mimeType": mime, "buffer": content})
    _click_and_wait(page, _button(page, "Adjuntar"))


def _startup_a_applies_with_a_pdf(page: Page) -> tuple[str, str]:
    """DataMuni applies with its patentes solution and a PDF; returns the proposal and attachment URLs."""
    _recommended_and_apply(page, "Patentes en Línea")
    _check_axe(page, "application form")
    _fill_proposal(
        page,
        approach="Patentes en Línea: solicitud, revisión y pago de la patente comercial sin ir al municipio.",
        low="8000000",
        high="15000000",
        weeks="12",
    )
    _click_and_wait(page, _button(page, "Enviar propuesta"))
    expect(_status(page)).to_contain_text("Propuesta enviada")
    proposal_url = page.url

    # Malformed and oversized files are refused with the reason; nothing is attached.
    _attach(page, "presupuesto.pdf", b"esto no es un PDF, es texto plano" * 20, "application/pdf")
    expect(page.locator(".error-summary, .errorlist").first).to_contain_text("no es un archivo PDF válido")
    _attach(page, "anexo-grande.pdf", b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024 + 10), "application/pdf")
    expect(page.locator(".error-summary, .errorlist").first).to_contain_text("el máximo es 5 MB")
    _attach(page, "programa.exe", b"MZ\x90\x00binario", "application/octet-stream")
    expect(page.locator(".error-summary, .errorlist").first).to_contain_text("Tipo de archivo no permitido")
    page.goto(proposal_url)
    expect(page.get_by_text("Sin documentos adjuntos.")).to_be_visible()

    _attach(page, "propuesta-datamuni.pdf", _pdf("Propuesta DataMuni - Patentes en Linea"), "application/pdf")
    expect(_status(page)).to_contain_text("Archivo «propuesta-datamuni.pdf» adjuntado")
    attachment = page.get_by_role("link", name="propuesta-datamuni.pdf")
    attachment_url = attachment.get_attribute("href")
    with page.expect_download() as download:
        attachment.click()
    assert download.value.suggested_filename == "propuesta-datamuni.pdf"
    with open(download.value.path(), "rb") as saved:
        assert saved.read(5) == b"%PDF-"
    screenshot(page, "innovation-proposal-with-attachment-desktop")
    _check_axe(page, "proposal detail (own startup)")
    return proposal_url, attachment_url


def _startup_b_applies_twice(context: BrowserContext) -> str:
    """Trámite Fácil opens the form in two tabs, sends one, then the other: the second is refused."""
    first = context.new_page()
    _recommended_and_apply(first, "Trámite Fácil Municipal")
    second = context.new_page()
    second.goto(first.url)
    second.get_by_label("Solución del catálogo en que se basa (opcional)").select_option(
        label="Trámite Fácil Municipal"
    )

    # Malformed: a minimum price above the maximum is refused beside the field.
    _fill_proposal(
        first, approach="Trámite Fácil Municipal para patentes y trámites.", low="9000000", high="1000000", weeks="10"
    )
    _click_and_wait(first, _button(first, "Enviar propuesta"))
    expect(first.locator(".error-summary, .errorlist").first).to_contain_text("no puede ser menor que el mínimo")
    _fill_proposal(
        first,
        approach="Trámite Fácil Municipal: formularios en línea para patentes y trámites, con seguimiento del estado.",
        low="6000000",
        high="9000000",
        weeks="10",
    )
    _click_and_wait(first, _button(first, "Enviar propuesta"))
    expect(_status(first)).to_contain_text("Propuesta enviada")

    _fill_proposal(second, approach="Una segunda propuesta al mismo desafío.", low="1", high="2", weeks="1")
    with second.expect_navigation() as refused:
        _button(second, "Enviar propuesta").click()
    assert refused.value is not None and refused.value.status == 400
    expect(second.get_by_role("alert")).to_contain_text("Su startup ya postuló a este desafío")
    expect(second.get_by_role("heading", name="Su startup ya postuló a este desafío")).to_be_visible()
    expect(second.locator("main")).to_contain_text("Cada startup envía una sola propuesta por desafío")
    screenshot(second, "innovation-duplicate-application-desktop")
    second.close()
    return first.url


def _cannot_see(
    page: Page, *, own_proposal: str, other_proposal: str, other_org: str, other_files: tuple[str, ...]
) -> None:
    """A startup finds no trace of its competitor's proposal, in the pages or the API."""
    page.goto("/propuestas/mias/")
    rows = page.locator("tbody tr", has_text=CHALLENGE_TITLE)
    expect(rows).to_have_count(1)
    expect(rows.get_by_role("link")).to_have_attribute("href", urlsplit(own_proposal).path)
    expect(page.locator("main")).not_to_contain_text(other_org)

    for url in (other_proposal, other_proposal + "editar/", *other_files):
        response = page.goto(url)
        assert response is not None and response.status == 404, (url, response and response.status)
        expect(page.get_by_role("heading", level=1)).to_have_text(NOT_FOUND)

    page.goto(own_proposal)
    challenge_link = page.locator("main").get_by_role("link", name=CHALLENGE_TITLE)
    if challenge_link.count():
        _click_and_wait(page, challenge_link.first)
    else:
        page.goto("/innovacion/desafios/?q=" + "patentes")
        _click_and_wait(page, page.get_by_role("link", name=CHALLENGE_TITLE))
    _no_proposal_counts(page)
    response = page.goto(page.url.replace("/innovacion/desafios/", "/propuestas/desafio/"))
    assert response is not None and response.status in (403, 404)

    other_id = int(other_proposal.rstrip("/").rsplit("/", 1)[-1])
    own_id = int(own_proposal.rstrip("/").rsplit("/", 1)[-1])
    listed = page.request.get("/api/v1/proposals/?page_size=100")
    assert listed.ok, listed.status
    ids = {item["id"] for item in listed.json()["results"]}
    assert own_id in ids and other_id not in ids, ids
    assert page.request.get(f"/api/v1/proposals/{other_id}/").status == 404


def _api_with_token(api, username: str, own_id: int, other_id: int) -> None:
    issued = api.post("/api/v1/auth/token/", data={"username": username, "password": DEMO_PASSWORD})
    assert issued.ok, issued.text()
    headers = {"Authorization": f"Bearer {issued.json()['token']}"}
    listed = api.get("/api/v1/proposals/?page_size=100", headers=headers)
    assert listed.ok, listed.text()
    ids = {item["id"] for item in listed.json()["results"]}
    assert own_id in ids and other_id not in ids, ids
    assert api.get(f"/api/v1/proposals/{other_id}/", headers=headers).status == 404
    assert api.get(f"/api/v1/proposals/{own_id}/", headers=headers).ok


def _score(page: Page, board_url: str, organization: str, scores: tuple[str, str]) -> None:
    page.goto(board_url)
    row = page.locator("tr", has=page.get_by_role("link", name=organization))
    _click_and_wait(page, row.get_by_role("link", name="Evaluar"))
    page.get_by_label("Pertinencia para el problema (60%)").select_option(scores[0])
    page.get_by_label("Viabilidad técnica y operativa (40%)").select_option(scores[1])
    page.get_by_label("Comentario sobre «Pertinencia para el problema»").fill("Responde al problema descrito.")
    _click_and_wait(page, _button(page, "Guardar puntajes"))
    expect(_status(page)).to_contain_text("Puntajes guardados")


def _decide(page: Page, proposal_url: str, decision: str, feedback: str) -> None:
    page.goto(proposal_url)
    page.get_by_label(decision, exact=True).check()
    _click_and_wait(page, _button(page, "Registrar decisión"))
    expect(_status(page)).to_contain_text("Decisión registrada")
    _click_and_wait(page, page.get_by_role("link", name="Escribir la retroalimentación"))
    page.get_by_label("Retroalimentación para la startup").fill(feedback)
    _click_and_wait(page, _button(page, "Guardar"))
    expect(_status(page)).to_contain_text("Retroalimentación guardada")


# --- The journey -------------------------------------------------------------------------------


def test_open_innovation_from_diagnosis_gap_to_rated_pilot(new_context, hub_url: str) -> None:
    started = time.monotonic()
    santiago = new_context(user="santiago").new_page()
    staff = new_context(user="staff").new_page()
    startup_a = new_context(user="startup-a").new_page()
    startup_b_context = new_context(user="startup-b")

    challenge_url = _santiago_writes_the_challenge(santiago)
    # A challenge in review does not exist for a startup.
    response = startup_a.goto(challenge_url)
    assert response is not None and response.status == 404

    call_url, closes = _staff_opens_a_short_call(staff)
    _staff_publishes_the_challenge(staff, challenge_url)

    proposal_a, attachment_a = _startup_a_applies_with_a_pdf(startup_a)
    proposal_b = _startup_b_applies_twice(startup_b_context)
    startup_b = startup_b_context.new_page()

    # Neither startup sees the other's proposal: lists, pages, attachment, counts, API.
    _cannot_see(
        startup_b, own_proposal=proposal_b, other_proposal=proposal_a, other_org="DataMuni", other_files=(attachment_a,)
    )
    _cannot_see(
        startup_a, own_proposal=proposal_a, other_proposal=proposal_b, other_org="Trámite Fácil", other_files=()
    )
    a_id = int(proposal_a.rstrip("/").rsplit("/", 1)[-1])
    b_id = int(proposal_b.rstrip("/").rsplit("/", 1)[-1])
    token_client = new_context().request
    _api_with_token(token_client, "startup-b", b_id, a_id)
    _api_with_token(token_client, "startup-a", a_id, b_id)
    # The buyer's side does see both (the municipality that owns the challenge).
    santiago.goto(challenge_url)
    _click_and_wait(santiago, santiago.get_by_role("link", name="Propuestas recibidas"))
    expect(santiago.locator("tbody tr")).to_have_count(2)

    # Before the close the committee cannot score yet, and says so.
    staff.goto(call_url)
    _click_and_wait(staff, staff.get_by_role("link", name="Evaluación de propuestas"))
    board_url = staff.url
    expect(staff.locator("main")).to_contain_text("la evaluación comienza entonces")
    expect(staff.get_by_role("link", name="Evaluar")).to_have_count(0)

    # A late change: the page was opened before the close and sent after it.
    startup_a.goto(proposal_a)
    startup_a.get_by_label("Archivo").set_input_files(
        {"name": "anexo-tardio.pdf", "mimeType": "application/pdf", "buffer": _pdf("Anexo tardio")}
    )
    remaining = (closes - datetime.now(SANTIAGO)).total_seconds()
    assert remaining > 0, f"the applications took longer than the call's window ({APPLY_WINDOW}); widen it"
    print(f"applications done {time.monotonic() - started:.0f}s in; moving the clock {remaining:.0f}s to the close")
    clock.advance(VAR_DIRS[hub_url], math.ceil(remaining) + 1)
    _click_and_wait(startup_a, _button(startup_a, "Adjuntar"))
    refusal = startup_a.locator(".error-summary, .errorlist").first
    expect(refusal).to_contain_text("ya no se reciben ni modifican propuestas")
    startup_a.goto(proposal_a)
    expect(startup_a.get_by_text("La convocatoria cerró: la propuesta ya no se puede modificar.")).to_be_visible()
    expect(startup_a.get_by_role("link", name="Editar")).to_have_count(0)
    expect(startup_a.get_by_role("link", name="anexo-tardio.pdf")).to_have_count(0)

    # The committee scores after the close: staff and the analyst, each on their own.
    _score(staff, board_url, "DataMuni SpA (demo)", ("5", "4"))
    _score(staff, board_url, "Trámite Fácil SpA (demo)", ("3", "3"))
    analyst = new_context(user="analista").new_page()
    analyst.goto(call_url)
    _click_and_wait(analyst, analyst.get_by_role("link", name="Evaluación de propuestas"))
    _score(analyst, analyst.url, "DataMuni SpA (demo)", ("4", "4"))
    _score(analyst, analyst.url, "Trámite Fácil SpA (demo)", ("3", "2"))
    staff.goto(board_url)
    row_a = staff.locator("tr", has=staff.get_by_role("link", name="DataMuni SpA (demo)"))
    expect(row_a).to_contain_text("2 / 2")
    expect(row_a.locator("strong")).to_have_text("86,0")  # 60×4.5/5 + 40×4/5
    _check_axe(staff, "evaluation board")
    screenshot(staff, "innovation-evaluation-board-desktop")

    _decide(staff, proposal_a, "Preseleccionar", "Propuesta sólida y pertinente; afinar el plan de marcha blanca.")
    _decide(staff, proposal_b, "No seleccionar", "Buena solución de trámites, pero menos centrada en patentes.")
    staff.goto(board_url)
    expect(staff.get_by_role("heading", name="Postulantes sin retroalimentación")).to_have_count(0)

    # Each startup reads its own feedback and score, never the other's.
    startup_b.goto("/propuestas/mias/")
    row_b = startup_b.locator("tbody tr", has_text=CHALLENGE_TITLE)
    expect(row_b).to_contain_text("No seleccionada")
    expect(row_b).to_contain_text("menos centrada en patentes")
    expect(startup_b.locator("main")).not_to_contain_text("afinar el plan de marcha blanca")
    startup_a.goto(proposal_a)
    expect(startup_a.locator("main")).to_contain_text("afinar el plan de marcha blanca")
    expect(startup_a.locator("main")).to_contain_text("86,0 / 100")
    expect(startup_a.locator("main")).not_to_contain_text("Trámite Fácil")

    # A working session with the shortlisted startup, held this morning and recorded.
    staff.goto(challenge_url)
    _click_and_wait(staff, staff.get_by_role("link", name="Propuestas recibidas"))
    _click_and_wait(staff, staff.get_by_role("link", name="Agendar sesión con startups preseleccionadas"))
    staff.get_by_label("Fecha y hora").fill(_local(datetime.now(SANTIAGO) - timedelta(hours=1)))
    staff.get_by_label("Lugar o enlace").fill("Dirección de Rentas, Municipalidad de Santiago")
    staff.get_by_label("Temario").fill("Revisar el flujo actual de patentes y los datos disponibles.")
    staff.get_by_label("DataMuni SpA (demo)").check()
    _click_and_wait(staff, _button(staff, "Agendar"))
    expect(_status(staff)).to_contain_text("Sesión agendada")
    session_url = staff.url
    _click_and_wait(staff, staff.get_by_role("link", name="Registrar acta y asistencia"))
    staff.get_by_label("Acta").fill("Se revisó el proceso de patentes con Rentas; DataMuni mostró su flujo en línea.")
    staff.get_by_label("Próximos pasos acordados").fill("Firmar un convenio de piloto por 3 meses.")
    staff.get_by_label("Asistencia de DataMuni SpA (demo)").select_option(index=1)
    _click_and_wait(staff, _button(staff, "Guardar acta"))
    expect(_status(staff)).to_contain_text("Acta registrada")
    expect(staff.locator("main")).to_contain_text("Firmar un convenio de piloto")
    response = startup_b.goto(session_url)
    assert response is not None and response.status == 404

    # Santiago signs the agreement, which opens a planned pilot.
    santiago.goto(proposal_a)
    _click_and_wait(santiago, santiago.get_by_role("link", name="Registrar convenio y abrir piloto"))
    today = datetime.now(SANTIAGO).date()
    santiago.get_by_label("Título del convenio").fill("Convenio de piloto Patentes en Línea")
    santiago.get_by_label("Alcance").fill(
        "Piloto de solicitud y pago en línea de patentes comerciales durante 3 meses."
    )
    santiago.get_by_label("Inicio").fill(today.isoformat())
    santiago.get_by_label("Término").fill((today + timedelta(days=90)).isoformat())
    santiago.get_by_label("Fecha de firma").fill(today.isoformat())
    santiago.get_by_label("Valor (CLP)").fill("12000000")
    santiago.get_by_label("Convenio firmado (PDF, máx. 10 MB)").set_input_files(
        {"name": "convenio-firmado.pdf", "mimeType": "application/pdf", "buffer": _pdf("Convenio firmado")}
    )
    _click_and_wait(santiago, _button(santiago, "Registrar convenio y abrir piloto"))
    expect(_status(santiago)).to_contain_text("Convenio registrado")
    pilot_url = santiago.url

    # An indicator, editable while the pilot is planned.
    santiago.get_by_label("Nombre del indicador").fill("Patentes solicitadas en línea")
    santiago.get_by_label("Unidad").fill("%")
    santiago.get_by_label("Línea base").fill("5")
    santiago.get_by_label("Meta").fill("60")
    santiago.get_by_label("Sentido").select_option(index=0)
    santiago.get_by_label("Método de medición").fill(
        "Solicitudes en línea ÷ solicitudes totales del mes, según Rentas."
    )
    santiago.get_by_label("Frecuencia").select_option(index=0)
    _click_and_wait(santiago, _button(santiago, "Agregar indicador"))
    expect(_status(santiago)).to_contain_text("Indicador agregado")
    edit_link = santiago.get_by_role("link", name="Editar Patentes solicitadas en línea")
    expect(edit_link).to_be_visible()
    edit_url = edit_link.get_attribute("href")

    # Starting locks it: the edit control disappears and an edit attempt is refused.
    _click_and_wait(santiago, _button(santiago, "Iniciar piloto"))
    expect(_status(santiago)).to_contain_text("sus indicadores quedaron bloqueados")
    expect(santiago.get_by_role("link", name="Editar Patentes solicitadas en línea")).to_have_count(0)
    expect(santiago.locator("main")).to_contain_text("Indicadores bloqueados desde")
    santiago.goto(edit_url)
    expect(santiago.locator("main")).to_contain_text("Este indicador está bloqueado")
    santiago.get_by_label("Meta").fill("20")
    _click_and_wait(santiago, _button(santiago, "Guardar"))
    expect(santiago.locator(".error-summary, .errorlist").first).to_be_visible()
    santiago.goto(pilot_url)
    expect(santiago.locator("main")).to_contain_text("60 (")
    screenshot(santiago, "innovation-pilot-running-desktop")

    # Measurements: a future date is refused and nothing saved; today's is recorded.
    _click_and_wait(santiago, santiago.get_by_role("link", name="Registrar medición"))
    santiago.get_by_label("Fecha de medición").fill((today + timedelta(days=3)).isoformat())
    santiago.get_by_label(re.compile(r"^Valor:?$")).fill("45")
    _click_and_wait(santiago, _button(santiago, "Registrar"))
    expect(santiago.locator(".error-summary, .errorlist").first).to_contain_text("no puede estar en el futuro")
    santiago.goto(pilot_url)
    expect(santiago.get_by_role("cell", name="Aún no hay mediciones.")).to_be_visible()
    _click_and_wait(santiago, santiago.get_by_role("link", name="Registrar medición"))
    santiago.get_by_label("Fecha de medición").fill(today.isoformat())
    santiago.get_by_label(re.compile(r"^Valor:?$")).fill("64")
    santiago.get_by_label("Nota (opcional)").fill("Primer mes de operación.")
    _click_and_wait(santiago, _button(santiago, "Registrar"))
    expect(_status(santiago)).to_contain_text("Medición registrada")
    _check_axe(santiago, "running pilot")

    # The pilot finishes with its indicator judged, and Santiago rates the provider.
    _click_and_wait(santiago, santiago.get_by_role("link", name="Finalizar y evaluar indicadores"))
    expect(santiago.locator("main")).to_contain_text("Juicio calculado: cumplido")
    santiago.get_by_label("Resumen de resultados").fill("El 64 % de las patentes se pidió en línea: meta cumplida.")
    _click_and_wait(santiago, _button(santiago, "Finalizar piloto"))
    expect(_status(santiago)).to_contain_text("Piloto finalizado")
    expect(santiago.locator("main")).to_contain_text("1 de 1 indicadores cumplidos")
    _click_and_wait(santiago, santiago.get_by_role("link", name="Calificar al proveedor"))
    _click_and_wait(santiago, _button(santiago, "Enviar calificación"))  # nothing chosen: refused
    expect(santiago.locator(".error-summary")).to_be_visible()
    for criterion, value in (
        ("Calidad de la solución", "5 · Excelente"),
        ("Cumplimiento de plazos", "4 · Bueno"),
        ("Soporte y capacitación", "4 · Bueno"),
        ("Comunicación", "5 · Excelente"),
        ("Relación costo-beneficio", "4 · Bueno"),
    ):
        santiago.get_by_role("group", name=criterion).get_by_label(value).check()
    santiago.get_by_label("Comentarios").fill("Equipo cercano; resolvió las incidencias en el día.")
    _click_and_wait(santiago, _button(santiago, "Enviar calificación"))
    expect(_status(santiago)).to_contain_text("Calificación registrada")

    # The rating shows on DataMuni's supplier record: the summary to everyone, details to the buyer.
    public = new_context().new_page()
    public.goto("/pilotos/proveedores/datamuni-spa/")
    expect(public.get_by_role("link", name=re.compile("Patentes en Línea"))).to_be_visible()
    expect(public.locator("main")).not_to_contain_text("resolvió las incidencias en el día")
    santiago.goto("/pilotos/proveedores/datamuni-spa/")
    expect(santiago.locator("main")).to_contain_text("resolvió las incidencias en el día")
    expect(santiago.locator("li", has_text="resolvió las incidencias")).to_contain_text("4,4 de 5")
    _check_axe(santiago, "supplier record")
    screenshot(santiago, "innovation-supplier-record-desktop")
    print(f"journey done in {time.monotonic() - started:.0f}s")


def test_journey_pages_on_a_phone(new_context) -> None:
    """The pages a startup and an official use most, at phone width: readable, no sideways scroll."""
    startup = new_context(user="startup-a", viewport="phone").new_page()
    official = new_context(user="santiago", viewport="phone").new_page()
    for page, path, name in (
        (startup, "/innovacion/recomendados/", "recommended"),
        (startup, "/propuestas/mias/", "my-proposals"),
        (official, "/pilotos/", "pilots"),
        (official, "/pilotos/proveedores/tramite-facil-spa/", "supplier"),
    ):
        response = page.goto(path)
        assert response is not None and response.ok, path
        screenshot(page, f"innovation-{name}-phone")
        _check_axe(page, f"{path} (phone)")
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} scrolls sideways on a phone by {overflow}px"
