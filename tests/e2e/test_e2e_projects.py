"""Collaborative projects, the roadmap and the units map in a real browser: the demo project
shows its progress timeline at 40 %; `staff` first types a progress of 120 % and a milestone
that ends before the project starts (clear errors, nothing saved), then sets a milestone to
100 % and sees the project's % change; the public roadmap shows the eight stages with evidence;
the units map renders with its table. axe-core at desktop and 390 px on every page; screenshots
in /tmp/shots-projects/ (and tests/e2e/screenshots/)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .support import axe_violations, describe, screenshot

pytestmark = pytest.mark.e2e

SHOTS = Path("/tmp/shots-projects")  # noqa: S108 — where the brief asks for pictures to look at
PROJECT = "/proyectos/red-observatorios-comunales-seguridad/"


def _shot(page: Page, name: str) -> None:
    screenshot(page, name, folder=SHOTS)
    screenshot(page, f"projects-{name}")


def _no_violations(page: Page) -> None:
    violations = axe_violations(page)
    assert not violations, describe(violations)


def _phone(new_context, user: str | None, url: str, name: str) -> None:
    phone = new_context(user=user, viewport="phone").new_page()
    phone.goto(url)
    expect(phone.get_by_role("heading", level=1)).to_be_visible()
    _no_violations(phone)
    _shot(phone, f"{name}-390")


def test_project_timeline_and_staff_updates_a_milestone(new_context) -> None:
    # 1. Anyone reads the project with its timeline: 40 % from weighted milestones.
    visitor = new_context().new_page()
    visitor.goto("/proyectos/")
    with visitor.expect_navigation():
        visitor.get_by_role("link", name="Red de observatorios comunales de seguridad").click()
    expect(visitor.get_by_text("Avance del proyecto: 40 %")).to_be_visible()
    expect(visitor.get_by_role("img", name=re.compile("Cronograma"))).to_be_visible()
    expect(visitor.get_by_role("table", name="Hitos del proyecto")).to_contain_text("Cumplido")
    expect(visitor.get_by_role("link", name=re.compile("Actualizar"))).to_have_count(0)
    _no_violations(visitor)
    _shot(visitor, "1-proyecto-desktop")
    _phone(new_context, None, PROJECT, "1-proyecto")

    # 2. Staff types a progress of 120 %: refused with a clear error, nothing saved.
    staff = new_context(user="staff").new_page()
    staff.goto(PROJECT)
    with staff.expect_navigation():
        staff.get_by_role("link", name="Actualizar «Tablero compartido en municipios piloto»").click()
    staff.get_by_label("Avance (%)").fill("120")
    with staff.expect_navigation():
        staff.get_by_role("button", name="Guardar").click()
    _shot(staff, "2-avance-invalido-desktop")
    expect(staff.locator("#id_progress_error")).to_have_text("El avance es un porcentaje: entre 0 y 100.")
    _no_violations(staff)
    staff.goto(PROJECT)
    expect(staff.get_by_text("Avance del proyecto: 40 %")).to_be_visible()

    # 3. A new milestone ending before the project starts: refused, nothing saved.
    with staff.expect_navigation():
        staff.get_by_role("link", name="Agregar hito").click()
    staff.get_by_label("Título del hito").fill("Hito mal fechado")
    staff.get_by_label("Inicio").fill("2020-01-01")
    staff.get_by_label("Fecha comprometida").fill("2020-02-01")
    staff.get_by_label("Peso").fill("1")
    staff.get_by_label("Avance (%)").fill("0")
    with staff.expect_navigation():
        staff.get_by_role("button", name="Guardar").click()
    expect(staff.locator("#id_due_on_error")).to_contain_text("no puede terminar antes de que empiece el proyecto")
    _no_violations(staff)
    _shot(staff, "3-hito-invalido-desktop")
    staff.goto(PROJECT)
    expect(staff.get_by_text("Hito mal fechado")).to_have_count(0)

    # 4. Staff sets the dashboard milestone to 100 %: (200 + 300 + 0 + 20) / 10 = 52 %.
    with staff.expect_navigation():
        staff.get_by_role("link", name="Actualizar «Tablero compartido en municipios piloto»").click()
    staff.get_by_label("Avance (%)").fill("100")
    with staff.expect_navigation():
        staff.get_by_role("button", name="Guardar").click()
    expect(staff.locator(".messages")).to_contain_text("Hito actualizado")
    expect(staff.get_by_text("Avance del proyecto: 52 %")).to_be_visible()
    _no_violations(staff)
    _shot(staff, "4-proyecto-52-desktop")


def test_public_roadmap_and_units_map(new_context) -> None:
    page = new_context().new_page()
    page.goto("/acerca/")
    with page.expect_navigation():
        page.get_by_role("link", name=re.compile("Ver la hoja de ruta")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hoja de ruta: las ocho etapas del Hub")
    expect(page.locator("ol.roadmap > li")).to_have_count(8)
    expect(page.get_by_role("heading", name=re.compile("Evaluación y mejora continua"))).to_be_visible()
    expect(page.get_by_role("link", name="Mapa de unidades integradas")).to_be_visible()
    # Issue 14: agreements as evidence: the framework agreement with SUBDERE backs stage 4.
    stage4 = page.locator("#etapa-4")
    expect(stage4.get_by_role("link", name=re.compile("Convenio marco Hub–SUBDERE"))).to_be_visible()
    _no_violations(page)
    _shot(page, "5-hoja-de-ruta-desktop")
    _phone(new_context, None, "/hoja-de-ruta/", "5-hoja-de-ruta")

    with page.expect_navigation():
        page.get_by_role("link", name="Mapa de unidades integradas").click()
    expect(page.get_by_role("img", name=re.compile("Mapa de unidades"))).to_be_visible()
    table = page.get_by_role("table", name="Relaciones entre unidades")
    expect(table).to_contain_text("Observatorio de Seguridad")
    expect(table.locator("tbody tr")).to_have_count(4)
    _no_violations(page)
    _shot(page, "6-unidades-desktop")
    _phone(new_context, None, "/red/unidades/", "6-unidades")


def test_staff_registers_and_edits_a_project(new_context) -> None:
    """Issue 14: `staff` registers a project after refused input (ends before it starts, no
    partner), then edits its status; the page shows the agreement that funds the demo project."""
    staff = new_context(user="staff").new_page()
    staff.goto("/proyectos/")
    with staff.expect_navigation():
        staff.get_by_role("link", name="Registrar un proyecto").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("Registrar un proyecto colaborativo")
    _no_violations(staff)
    staff.get_by_label("Título").fill("Compras públicas municipales con datos abiertos")
    staff.get_by_label("Resumen").fill("Tres municipios publican sus compras en formato abierto.")
    staff.get_by_label("Objetivos").fill("Publicar.\nComparar.")
    staff.get_by_label("Inicio").fill("2027-03-01")
    staff.get_by_label("Término").fill("2027-01-01")
    with staff.expect_navigation():
        staff.get_by_role("button", name="Guardar el proyecto").click()
    summary = staff.locator(".error-summary")
    expect(summary).to_contain_text("no puede terminar antes de empezar")
    expect(summary).to_contain_text("al menos una organización socia")
    _no_violations(staff)
    _shot(staff, "7-proyecto-errores")
    staff.get_by_label("Término").fill("2027-12-31")
    staff.get_by_label("Socio 1: organización").select_option(label="Municipalidad de Santiago")
    staff.get_by_label("Socio 1: rol").select_option("lead")
    with staff.expect_navigation():
        staff.get_by_role("button", name="Guardar el proyecto").click()
    expect(staff.locator(".messages")).to_contain_text("Proyecto registrado")
    with staff.expect_navigation():
        staff.get_by_role("link", name="Editar el proyecto").click()
    staff.get_by_label("Estado").select_option("active")
    with staff.expect_navigation():
        staff.get_by_role("button", name="Guardar el proyecto").click()
    expect(staff.locator(".messages")).to_contain_text("Cambios guardados")
    expect(staff.locator("main")).to_contain_text("Municipalidad de Santiago")
    _phone(new_context, "staff", staff.url + "editar/", "8-proyecto-editar")

    staff.goto("/proyectos/red-observatorios-comunales-seguridad/")
    expect(staff.locator("main")).to_contain_text("Financiamiento de la cooperación internacional para pilotos GovTech")
    _no_violations(staff)
