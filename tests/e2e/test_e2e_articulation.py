"""Round tables and policy influence in a real browser: `santiago`, a member of the security
round table, finds on its home the commitment it owns that fell overdue and was reminded; `staff`
tries to add a commitment without an owner (clear error, nothing saved), then adds it properly;
an anonymous visitor reads the table's commitment record and a policy item. axe-core on every
page; screenshots in /tmp/shots-articulation/ (and tests/e2e/screenshots/)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .support import axe_violations, describe, screenshot

pytestmark = pytest.mark.e2e

SHOTS = Path("/tmp/shots-articulation")  # noqa: S108 — where the brief asks for pictures to look at
TABLE = "Mesa técnica de seguridad pública municipal"
OVERDUE = "Compartir la ficha de indicadores del observatorio comunal de seguridad"


def _shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    screenshot(page, f"articulation-{name}")


def _no_violations(page: Page) -> None:
    violations = axe_violations(page)
    assert not violations, describe(violations)


def test_round_table_commitments_and_policy_influence(new_context) -> None:
    # 1. Santiago, on a phone, sees on its home the overdue commitment it owns and its reminder.
    santiago = new_context(user="santiago", viewport="phone").new_page()
    santiago.goto("/inicio/")
    section = santiago.get_by_role("heading", name="Compromisos en mesas técnicas").locator("..")
    expect(section).to_contain_text(OVERDUE)
    expect(section).to_contain_text("Recordatorio enviado")
    _no_violations(santiago)
    _shot(santiago, "1-inicio-santiago-390")
    with santiago.expect_navigation():
        santiago.get_by_role("link", name=f"Compromiso: {OVERDUE}").click()
    expect(santiago.get_by_role("heading", level=1)).to_have_text(TABLE)
    expect(santiago.locator("tr", has_text=OVERDUE)).to_contain_text("Atrasado")
    # A member reads the draft minutes too.
    expect(santiago.get_by_text("Borrador, solo integrantes")).to_be_visible()
    _no_violations(santiago)
    table_url = santiago.url.split("#")[0]

    # 2. Staff adds a commitment without an owner: refused with a clear message, nothing saved.
    staff = new_context(user="staff").new_page()
    staff.goto(table_url)
    with staff.expect_navigation():
        staff.get_by_role("link", name="Registrar un compromiso").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("Registrar un compromiso")
    _no_violations(staff)
    staff.get_by_label("Compromiso").fill("Presentar el plan comunal de seguridad actualizado")
    staff.get_by_label("Fecha comprometida").fill((date.today() + timedelta(days=30)).isoformat())
    with staff.expect_navigation():
        staff.get_by_role("button", name="Guardar compromiso").click()
    expect(staff.get_by_text("organización integrante de la mesa es responsable").first).to_be_visible()
    _no_violations(staff)
    _shot(staff, "2-compromiso-sin-responsable")
    staff.goto(table_url)
    expect(staff.get_by_text("Presentar el plan comunal de seguridad actualizado")).to_have_count(0)

    # ... then with Santiago as owner.
    with staff.expect_navigation():
        staff.get_by_role("link", name="Registrar un compromiso").click()
    staff.get_by_label("Compromiso").fill("Presentar el plan comunal de seguridad actualizado")
    staff.get_by_label("Organización responsable").select_option(label="Municipalidad de Santiago")
    staff.get_by_label("Fecha comprometida").fill((date.today() + timedelta(days=30)).isoformat())
    with staff.expect_navigation():
        staff.get_by_role("button", name="Guardar compromiso").click()
    expect(staff.locator(".messages")).to_contain_text("Compromiso registrado")
    expect(staff.locator("tr", has_text="Presentar el plan comunal")).to_contain_text("Pendiente")

    # 3. An anonymous visitor reads the commitment record, not the members' material.
    anon = new_context().new_page()
    anon.goto(table_url)
    record = anon.get_by_role("heading", name="Registro de compromisos").locator("..")
    expect(record).to_contain_text("Atrasados")
    expect(record).to_contain_text("% cumplido")
    expect(anon.get_by_text("Borrador, solo integrantes")).to_have_count(0)
    expect(anon.get_by_text("Propuesta de indicadores comunes")).to_have_count(0)
    _no_violations(anon)
    _shot(anon, "3-mesa-publica")
    phone = new_context(viewport="phone").new_page()
    phone.goto(table_url)
    _no_violations(phone)
    _shot(phone, "3-mesa-publica-390")

    # 4. ... and a policy item from the list of its priority area.
    anon.goto("/articulacion/incidencia/")
    _no_violations(anon)
    with anon.expect_navigation():
        anon.get_by_role("link", name="Proyecto de ley que fortalece la seguridad pública municipal").click()
    expect(anon.get_by_text("Boletín 15940-25").first).to_be_visible()
    expect(anon.get_by_role("heading", name="Posición del Hub")).to_be_visible()
    expect(anon.get_by_role("heading", name="Actividades")).to_be_visible()
    _no_violations(anon)
    _shot(anon, "4-incidencia")
