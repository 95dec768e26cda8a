"""The diagnosis journey across roles, in a real browser against the served app:
staff launch a campaign, Santiago's official fills it in over a reload and submits, sees the
scores, peers and the PDF; Valparaíso cannot see Santiago's answers; the public sees only the
published scores."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from playwright.sync_api import Page, expect

from .support import answer_visible_questions, axe_violations, describe, screenshot

# Also on PostgreSQL (.ci/run): a campaign's scores are aggregated by the database.
pytestmark = [pytest.mark.e2e, pytest.mark.both_databases, pytest.mark.service_worker]


def _fill_section(page: Page) -> None:
    # Saving can reveal conditional questions: answer, save, and repeat until nothing new shows.
    for _ in range(5):
        if not answer_visible_questions(page):
            return
        with page.expect_navigation():
            page.get_by_role("button", name="Guardar", exact=True).click()
        expect(page.locator(".messages")).to_contain_text("Respuestas guardadas.")


def test_campaign_from_launch_to_published_scores(new_context) -> None:
    staff = new_context(user="staff").new_page()
    staff.goto("/diagnostico/campanas/nueva/")
    staff.get_by_label("Nombre de la campaña").fill("Seguridad 2026 · prueba de punta a punta")
    instrument = staff.get_by_label("Instrumento (versión publicada)")
    instrument.select_option(instrument.locator("option", has_text="Seguridad").get_attribute("value"))
    now = datetime.now()
    staff.get_by_label("Abre").fill((now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    staff.get_by_label("Cierra").fill((now + timedelta(days=14)).strftime("%Y-%m-%dT%H:%M"))
    staff.get_by_label("O bien, códigos de comuna").fill("13101 05101 13110 13114")
    with staff.expect_navigation():
        staff.get_by_role("button", name="Crear campaña e invitar").click()
    expect(staff.locator(".messages")).to_contain_text("Campaña creada con 4 municipios")
    expect(staff.get_by_role("link", name="Santiago", exact=True)).to_be_visible()
    campaign_url = staff.url

    # Santiago's official (the focal point) answers the first section, then reloads.
    official = new_context(user="santiago").new_page()
    official.route("**/htmx.min.js", lambda route: route.abort())  # the no-JavaScript path
    official.goto("/diagnostico/")
    with official.expect_navigation():
        official.get_by_role("link", name="Seguridad 2026 · prueba de punta a punta").click()
    participation_url = official.url
    sections = official.locator("ol.list-plain a")
    first_section = sections.first.get_attribute("href")
    section_count = sections.count()
    official.goto(first_section)
    _fill_section(official)
    official.reload()
    assert official.locator("input[type=radio]:checked").count() >= 1, "answers were lost on reload"
    screenshot(official, "diagnosis-section-after-reload-desktop")

    # A bad value gets a clear message and saves nothing (bypassing the browser's own checks).
    number_inputs = official.locator("input[type=number]")
    if number_inputs.count():
        number_inputs.first.evaluate("el => { el.removeAttribute('max'); el.removeAttribute('min'); }")
        number_inputs.first.fill("999999999")
        with official.expect_navigation():
            official.get_by_role("button", name="Guardar", exact=True).click()
        expect(official.locator(".error-summary")).to_contain_text("Revise las respuestas marcadas")
        official.goto(official.url)  # a fresh GET (a reload would post the form again)
        assert official.locator("input[type=number]").first.input_value() != "999999999"

    for i in range(section_count):
        official.goto(participation_url)
        official.goto(official.locator("ol.list-plain a").nth(i).get_attribute("href"))
        _fill_section(official)
    official.goto(participation_url + "enviar/")
    expect(official.get_by_text("Todas las preguntas obligatorias están respondidas.")).to_be_visible()
    with official.expect_navigation():
        official.get_by_role("button", name="Enviar diagnóstico").click()
    expect(official).to_have_url(re.compile(r"/resultados/$"))
    results_url = official.url
    expect(official.get_by_role("heading", level=1)).to_be_visible()
    expect(official.locator("main")).to_contain_text("Índice general")
    violations = axe_violations(official)
    assert not violations, describe(violations)
    screenshot(official, "diagnosis-results-official-desktop")
    with official.expect_download() as download:
        official.get_by_role("link", name=re.compile("PDF")).click()
    assert download.value.suggested_filename.endswith(".pdf")

    # Valparaíso's official cannot read Santiago's questionnaire.
    neighbour = new_context(user="valparaiso").new_page()
    response = neighbour.goto(participation_url)
    assert response.status == 404
    response = neighbour.goto(first_section)
    assert response.status == 404

    # The public sees the published scores, never the answers or the questionnaire.
    public = new_context().new_page()
    response = public.goto(results_url)
    assert response.status == 200
    expect(public.locator("main")).to_contain_text("Índice general")
    expect(public.locator("details", has_text="respuestas")).to_have_count(0)
    public.goto(first_section)
    expect(public).to_have_url(re.compile(r"/cuenta/ingresar/"))

    # Staff see the municipality as submitted on the campaign dashboard.
    staff.goto(campaign_url)
    row = staff.locator("tr", has=staff.get_by_role("link", name="Santiago", exact=True))
    expect(row).to_contain_text("Enviado")


def test_autosave_keeps_work_without_a_button(new_context) -> None:
    """With JavaScript, a change is saved on its own a moment later (htmx), no click needed."""
    official = new_context(user="valparaiso").new_page()
    official.goto("/diagnostico/")
    with official.expect_navigation():
        official.get_by_role("link", name=re.compile("madurez digital 2026")).first.click()
    official.goto(official.locator("ol.list-plain a").first.get_attribute("href"))
    radios = official.locator("fieldset.question-block").first.locator("input[type=radio]")
    radios.first.check()
    expect(official.locator("#save-status")).to_contain_text("Guardado a las", timeout=10_000)
    official.reload()
    expect(official.locator("fieldset.question-block").first.locator("input[type=radio]").first).to_be_checked()
