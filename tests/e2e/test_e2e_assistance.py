"""Technical assistance in a real browser: `santiago` asks for help from a gap of its diagnosis
(the results page's next step), `staff` accepts and scopes it with the partner expert, the expert
delivers, santiago returns it once with comments (an empty return is refused), accepts the second
version and rates the engagement. axe-core at desktop and 390 px on every page; screenshots in
/tmp/shots-assist/ (and tests/e2e/screenshots/)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .support import axe_violations, describe, screenshot

pytestmark = pytest.mark.e2e

SHOTS = Path("/tmp/shots-assist")  # noqa: S108 — where the brief asks for pictures to look at
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _shot(page: Page, name: str) -> None:
    screenshot(page, name, folder=SHOTS)
    screenshot(page, f"assistance-{name}")


def _no_violations(page: Page) -> None:
    violations = axe_violations(page)
    assert not violations, describe(violations)


def _both_sizes(new_context, user: str, url: str, name: str) -> None:
    phone = new_context(user=user, viewport="phone").new_page()
    phone.goto(url)
    expect(phone.get_by_role("heading", level=1)).to_be_visible()
    _no_violations(phone)
    _shot(phone, f"{name}-390")


def test_santiago_gets_assistance_from_a_diagnosis_gap(new_context) -> None:
    # 1. Santiago's results recommend asking for assistance on the weakest dimension.
    santiago = new_context(user="santiago").new_page()
    santiago.goto("/municipios/13101/")
    with santiago.expect_navigation():
        santiago.locator("#diag-title").locator("..").get_by_role("link").first.click()
    step = santiago.get_by_role("link", name="Solicitar asistencia técnica para esta brecha")
    expect(step).to_be_visible()
    with santiago.expect_navigation():
        step.click()
    expect(santiago.get_by_role("heading", level=1)).to_have_text("Solicitar asistencia técnica")
    expect(santiago.get_by_label("Brecha del diagnóstico (opcional)")).not_to_have_value("")
    _no_violations(santiago)
    _shot(santiago, "1-solicitud-desktop")
    _both_sizes(new_context, "santiago", santiago.url, "1-solicitud")
    santiago.get_by_label("Título de la solicitud").fill("Mejorar la brecha de nuestro diagnóstico")
    santiago.get_by_label("Problema").fill(
        "El diagnóstico muestra esta dimensión como la más débil y no sabemos por dónde empezar a corregirla."
    )
    with santiago.expect_navigation():
        santiago.get_by_role("button", name="Enviar solicitud").click()
    expect(santiago.locator(".messages")).to_contain_text("Solicitud enviada")
    expect(santiago.get_by_text("Recibida, por revisar")).to_be_visible()
    request_url = santiago.url

    # 2. The hub accepts and scopes it with the partner expert.
    staff = new_context(user="staff").new_page()
    staff.goto(request_url)
    _no_violations(staff)
    staff.get_by_label("Aceptar y definir la asistencia").check()
    with staff.expect_navigation():
        staff.get_by_role("button", name="Registrar decisión").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("Definir la asistencia")
    staff.get_by_label("Horas comprometidas").fill("24")
    staff.get_by_label(re.compile("Francisca Núñez")).check()
    staff.get_by_label("Entregable 1: título").fill("Hoja de ruta para la dimensión")
    staff.get_by_label("Entregable 1: fecha comprometida").fill((date.today() + timedelta(days=30)).isoformat())
    _no_violations(staff)
    _shot(staff, "2-definir-desktop")
    with staff.expect_navigation():
        staff.get_by_role("button", name="Acordar la asistencia").click()
    expect(staff.locator(".messages")).to_contain_text("Asistencia acordada")
    engagement_url = staff.url
    _no_violations(staff)

    # 3. The expert delivers a first version with a document.
    expert = new_context(user="partner").new_page()
    expert.goto(engagement_url)
    with expert.expect_navigation():
        expert.get_by_role("link", name="Enviar entregable").click()
    _no_violations(expert)
    expert.get_by_label("Presentación del entregable").fill("Primera versión de la hoja de ruta.")
    expert.get_by_label(re.compile("Documento")).set_input_files(
        files=[{"name": "hoja-de-ruta.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    with expert.expect_navigation():
        expert.get_by_role("button", name="Enviar a revisión del municipio").click()
    expect(expert.locator(".messages")).to_contain_text("Entregable enviado")

    # 4. Santiago, on a phone, returns it: first without comments (refused), then with them.
    phone = new_context(user="santiago", viewport="phone").new_page()
    phone.goto(engagement_url)
    expect(phone.get_by_text("En revisión del municipio")).to_be_visible()
    _no_violations(phone)
    _shot(phone, "4-revisar-390")
    phone.get_by_label("Devolver con comentarios").check()
    with phone.expect_navigation():
        phone.get_by_role("button", name="Registrar revisión").click()
    expect(phone.locator(".messages")).to_contain_text("escriba sus comentarios")
    expect(phone.get_by_text("En revisión del municipio")).to_be_visible()
    phone.get_by_label("Devolver con comentarios").check()
    phone.get_by_label("Comentarios (obligatorios al devolver)").fill("Falta priorizar las acciones por costo.")
    with phone.expect_navigation():
        phone.get_by_role("button", name="Registrar revisión").click()
    expect(phone.locator(".messages")).to_contain_text("devuelto")
    expect(phone.locator("blockquote")).to_contain_text("Falta priorizar")

    # 5. The expert sends a second version.
    expert.goto(engagement_url)
    with expert.expect_navigation():
        expert.get_by_role("link", name="Enviar nueva versión").click()
    expert.get_by_label("Presentación del entregable").fill("Segunda versión: acciones priorizadas por costo.")
    with expert.expect_navigation():
        expert.get_by_role("button", name="Enviar a revisión del municipio").click()

    # 6. Santiago accepts it and rates the engagement.
    santiago.goto(engagement_url)
    santiago.get_by_label("Aceptar", exact=True).check()
    with santiago.expect_navigation():
        santiago.get_by_role("button", name="Registrar revisión").click()
    expect(santiago.locator(".messages")).to_contain_text("Entregable aceptado")
    expect(santiago.get_by_text("Entregada", exact=True)).to_be_visible()
    with santiago.expect_navigation():
        santiago.get_by_role("link", name="Calificar la asistencia").click()
    _no_violations(santiago)
    for criterion, score in [
        ("Calidad técnica de los entregables", "5"),
        ("Pertinencia para el problema del municipio", "5"),
        ("Cumplimiento de plazos", "4"),
        ("Comunicación con el equipo", "5"),
    ]:
        santiago.get_by_role("group", name=criterion).get_by_label(score, exact=True).check()
    santiago.get_by_label("Comentario (opcional)").fill("Nos ayudó a ordenar prioridades.")
    with santiago.expect_navigation():
        santiago.get_by_role("button", name="Enviar calificación").click()
    expect(santiago.locator(".messages")).to_contain_text("calificación quedó registrada")
    expect(santiago.get_by_text("Promedio 4,8 de 5")).to_be_visible()
    expect(santiago.get_by_text("Versión 2").first).to_be_visible()
    _no_violations(santiago)
    _shot(santiago, "6-asistencia-desktop")
    _both_sizes(new_context, "santiago", engagement_url, "6-asistencia")
    _both_sizes(new_context, "santiago", "/asistencia/", "7-lista")
    _both_sizes(new_context, "staff", "/asistencia/", "7-lista-staff")
