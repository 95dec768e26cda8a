"""The network page and AMUCH membership in a real browser: a visitor reads /red/ (map of Chile
with the taking-part communes, tables of members, networks and countries); `staff` opens
Santiago's municipality page, sets its membership with a date in the future (clear error, nothing
saved), then suspends it and sees the panel change; staff types a member country without its ISO
code in a network (clear error), then saves it. axe-core 0 violations at desktop and 390 px;
screenshots in /tmp/shots-network/ (and tests/e2e/screenshots/)."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from .support import axe_violations, describe, screenshot

pytestmark = pytest.mark.e2e

SHOTS = Path("/tmp/shots-network")  # noqa: S108 — where the brief asks for pictures to look at


def _shot(page: Page, name: str) -> None:
    screenshot(page, name, folder=SHOTS)
    screenshot(page, f"network-{name}")


def _no_violations(page: Page) -> None:
    violations = axe_violations(page)
    assert not violations, describe(violations)


def test_network_map_and_staff_sets_a_membership(new_context) -> None:
    # 1. Anyone reads the network: the map and the same data as tables.
    visitor = new_context().new_page()
    visitor.goto("/red/")
    expect(visitor.get_by_role("img", name=re.compile("municipios de la red"))).to_be_visible()
    expect(visitor.get_by_role("table", name="Municipios socios de AMUCH")).to_contain_text("Ex socia")
    expect(visitor.get_by_role("table", name="Redes internacionales")).to_contain_text("Canadá")
    expect(visitor.get_by_role("table", name="Países que participan")).to_contain_text("Uruguay")
    expect(visitor.get_by_role("link", name="Nueva red internacional")).to_have_count(0)
    _no_violations(visitor)
    _shot(visitor, "1-red-desktop")
    phone = new_context(viewport="phone").new_page()
    phone.goto("/red/")
    expect(phone.get_by_role("heading", level=1)).to_be_visible()
    _no_violations(phone)
    _shot(phone, "1-red-390")

    # 2. Staff sets Santiago's membership with a date in the future: refused, nothing saved.
    staff = new_context(user="staff").new_page()
    staff.goto("/municipios/13101/")
    expect(staff.get_by_role("heading", name="Membresía AMUCH")).to_be_visible()
    with staff.expect_navigation():
        staff.get_by_role("link", name="Registrar o cambiar la membresía").click()
    future = (timezone.localdate() + timedelta(days=30)).isoformat()
    staff.get_by_label("Socia desde").fill(future)
    with staff.expect_navigation():
        staff.get_by_role("button", name="Guardar").click()
    expect(staff.locator("#id_member_since_error")).to_contain_text("no puede estar en el futuro")
    _no_violations(staff)
    _shot(staff, "2-fecha-futura-desktop")

    # 3. A real date and "Suspendida": saved, the municipality page says so.
    staff.get_by_label("Socia desde").fill("2004-03-15")
    staff.get_by_label("Estado").select_option("suspended")
    with staff.expect_navigation():
        staff.get_by_role("button", name="Guardar").click()
    expect(staff.get_by_text("Membresía AMUCH guardada.")).to_be_visible()
    expect(staff.locator("#amuch-title").locator("xpath=..")).to_contain_text("Suspendida")

    # 4. Staff edits a network: a country without its ISO code is refused, then saved right.
    staff.goto("/red/")
    with staff.expect_navigation():
        staff.get_by_role("link", name=re.compile("Editar Federación Canadiense")).click()
    countries = staff.get_by_label("Países miembros")
    countries.fill(countries.input_value() + "\nArgentina")
    with staff.expect_navigation():
        staff.get_by_role("button", name="Guardar").click()
    expect(staff.locator("#id_countries_error")).to_contain_text("UY Uruguay")
    _no_violations(staff)
    _shot(staff, "3-pais-invalido-desktop")
    staff.get_by_label("Países miembros").fill("CA Canadá\nCL Chile\nAR Argentina")
    with staff.expect_navigation():
        staff.get_by_role("button", name="Guardar").click()
    expect(staff.get_by_role("table", name="Países que participan")).to_contain_text("Argentina")
    _shot(staff, "4-red-staff-desktop")


def test_staff_registers_and_edits_a_unit(new_context) -> None:
    """Issue 14: `staff` registers a unit of the hub after a refused attempt (no mission), then
    edits it; the public units map shows it."""
    staff = new_context(user="staff").new_page()
    staff.goto("/red/unidades/")
    with staff.expect_navigation():
        staff.get_by_role("link", name="Registrar una unidad").click()
    _no_violations(staff)
    staff.get_by_label("Nombre").fill("Observatorio de Movilidad Comunal")
    staff.get_by_label("Tipo").select_option("observatory")
    with staff.expect_navigation():
        staff.get_by_role("button", name="Guardar la unidad").click()
    expect(staff.locator(".error-summary")).to_contain_text("Misión")
    _no_violations(staff)
    _shot(staff, "unidad-errores")
    staff.get_by_label("Misión").fill("Medir la movilidad y el transporte en las comunas.")
    with staff.expect_navigation():
        staff.get_by_role("button", name="Guardar la unidad").click()
    expect(staff.locator(".messages")).to_contain_text("Unidad guardada")
    with staff.expect_navigation():
        staff.get_by_role("link", name="Editar «Observatorio de Movilidad Comunal»").click()
    staff.get_by_label("Misión").fill("Medir la movilidad, el transporte y la seguridad vial en las comunas.")
    with staff.expect_navigation():
        staff.get_by_role("button", name="Guardar la unidad").click()
    visitor = new_context(viewport="phone").new_page()
    visitor.goto("/red/unidades/")
    expect(visitor.locator("main")).to_contain_text("seguridad vial")
    expect(visitor.get_by_role("link", name="Registrar una unidad")).to_have_count(0)
    _no_violations(visitor)
    _shot(visitor, "unidades-390")
