"""Replications in a real browser: `santiago` opens "municipios como el mío", finds a model that a
peer municipality used, records that Santiago replicates it, later moves it to implementation and
adds a measured result; Santiago's diagnosis results recommend what to read and reuse for its
weakest dimensions. axe-core at desktop and 390 px on every new page; screenshots in
/tmp/shots-replications/ (and tests/e2e/screenshots/)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .support import axe_violations, describe, screenshot

pytestmark = pytest.mark.e2e

SHOTS = Path("/tmp/shots-replications")  # noqa: S108 — where the brief asks for pictures to look at


def _shot(page: Page, name: str) -> None:
    screenshot(page, name, folder=SHOTS)
    screenshot(page, f"replications-{name}")


def _no_violations(page: Page) -> None:
    violations = axe_violations(page)
    assert not violations, describe(violations)


def test_santiago_replicates_a_model_from_a_peer_and_reports_results(new_context) -> None:
    page = new_context(user="santiago").new_page()
    page.goto("/biblioteca/como-el-mio/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Lo que funcionó en municipios como Santiago")
    expect(page.get_by_role("columnheader", name="Por qué se parece")).to_be_visible()
    suggestions = page.locator("ol.experience > li")
    expect(suggestions.first).to_be_visible()
    # Every suggestion says why, in words.
    expect(suggestions.first.locator(".muted")).to_contain_text(";")
    _no_violations(page)
    _shot(page, "como-el-mio-desktop")

    # A model a peer replicated: record that Santiago replicates it too.
    model = suggestions.filter(has_text="Modelo").first
    title = model.locator("h3").inner_text()
    with page.expect_navigation():
        model.get_by_role("link", name="Mi municipio lo replica").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(title)
    _no_violations(page)
    page.get_by_label("Adapta (con cambios)").check()
    page.get_by_label("Qué cambió respecto del original").fill("Lo aplicamos primero en el casco histórico.")
    page.get_by_label("Persona de contacto").fill("Coordinación de Innovación")
    with page.expect_navigation():
        page.get_by_role("button", name="Registrar replicación").click()
    expect(page.locator(".messages")).to_contain_text("Replicación registrada")
    expect(page.get_by_text("En planificación").first).to_be_visible()
    detail_url = page.url

    # Later: it is being implemented, and the first result is measured.
    page.goto(detail_url)
    page.get_by_label("Nuevo estado").select_option("implementing")
    with page.expect_navigation():
        page.get_by_role("button", name="Guardar estado").click()
    expect(page.locator(".messages")).to_contain_text("Estado actualizado")
    page.get_by_label("Indicador").fill("Denuncias georreferenciadas en 48 horas")
    page.get_by_label("Unidad").fill("%")
    page.get_by_label("Línea base").fill("30")
    page.get_by_label("Valor medido").fill("64,5")
    page.get_by_label("Fecha de medición").fill(date.today().isoformat())
    with page.expect_navigation():
        page.get_by_role("button", name="Agregar resultado").click()
    expect(page.locator(".messages")).to_contain_text("Resultado registrado")
    expect(page.get_by_role("cell", name="Denuncias georreferenciadas en 48 horas")).to_be_visible()
    _no_violations(page)
    _shot(page, "replicacion-detalle-desktop")

    # A bad result is refused with a message beside the field, and nothing is written.
    page.get_by_label("Indicador").fill("Otro indicador")
    page.get_by_label("Valor medido").fill("mucho")
    page.get_by_label("Fecha de medición").fill(date.today().isoformat())
    with page.expect_navigation():
        page.get_by_role("button", name="Agregar resultado").click()
    expect(page.locator(".error-summary")).to_be_visible()
    page.goto(detail_url)
    expect(page.get_by_role("cell", name="Otro indicador")).to_have_count(0)


def test_diagnosis_results_recommend_next_steps(new_context) -> None:
    page = new_context(user="santiago").new_page()
    page.goto("/municipios/13101/")
    with page.expect_navigation():
        page.locator("#diag-title").locator("..").get_by_role("link").first.click()
    steps = page.locator("#next-steps-title")
    expect(steps).to_have_text("Qué leer y reutilizar para sus dimensiones más débiles")
    expect(page.locator("ul[aria-labelledby=next-steps-title] li").first).to_be_visible()
    steps.scroll_into_view_if_needed()
    _no_violations(page)
    _shot(page, "diagnostico-proximos-pasos-desktop")


@pytest.mark.parametrize("path", ["/biblioteca/como-el-mio/?municipio=05101", "/biblioteca/replicaciones/"])
def test_new_pages_at_390_px(new_context, path: str) -> None:
    page = new_context(viewport="phone").new_page()
    page.goto(path)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    _no_violations(page)
    _shot(page, "phone-" + path.strip("/").replace("/", "-").replace("?", "-").replace("=", "-"))


def test_resource_replications_map_and_table(new_context) -> None:
    page = new_context().new_page()
    page.goto("/biblioteca/replicaciones/?status=implemented")
    link = page.locator("table a").first
    with page.expect_navigation():
        link.click()
    with page.expect_navigation():
        page.get_by_role("link", name="quiénes más lo replican").click()
    expect(page.locator("svg[aria-labelledby='mapa-rep-title mapa-rep-desc']")).to_be_visible()
    expect(page.get_by_role("table")).to_be_visible()
    _no_violations(page)
    _shot(page, "recurso-replicaciones-desktop")
    phone = new_context(viewport="phone").new_page()
    phone.goto(page.url)
    _no_violations(phone)
    _shot(phone, "recurso-replicaciones-phone")
