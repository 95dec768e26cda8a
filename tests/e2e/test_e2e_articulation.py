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
    screenshot(page, name, folder=SHOTS)
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


def test_staff_records_a_meeting_with_minutes(new_context) -> None:
    """Staff, on a phone, records a meeting of the security table: first without place or link and
    with an unknown time zone (errors beside the fields, nothing saved), then properly, with the
    attendance and approved minutes, which an anonymous visitor then reads on the table's page."""
    minutes = "Se revisaron los indicadores comunes; acta aprobada en sesión."
    staff = new_context(user="staff", viewport="phone").new_page()
    staff.goto("/articulacion/mesas/")
    with staff.expect_navigation():
        staff.get_by_role("link", name=TABLE).click()
    table_url = staff.url.split("#")[0]
    with staff.expect_navigation():
        staff.get_by_role("link", name="Registrar una reunión").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("Registrar una reunión")
    _no_violations(staff)
    staff.get_by_label("Fecha de la reunión").fill((date.today() + timedelta(days=1)).isoformat())
    staff.get_by_label("Hora de inicio").fill("10:30")
    staff.get_by_label("Zona horaria").fill("America/Santiagoo")
    staff.get_by_label("Tabla (agenda)").fill("1. Indicadores comunes del observatorio")
    staff.get_by_label("Texto del acta").fill(minutes)
    staff.get_by_label("Estado del acta").select_option(label="Acta aprobada")
    with staff.expect_navigation():
        staff.get_by_role("button", name="Guardar la reunión").click()
    expect(staff.get_by_role("alert")).to_contain_text("Zona horaria desconocida")
    expect(staff.get_by_role("alert")).to_contain_text("Indique el lugar o el enlace de conexión")
    _no_violations(staff)
    _shot(staff, "5-reunion-con-errores-390")
    # Nothing was saved.
    anon = new_context().new_page()
    anon.goto(table_url)
    expect(anon.get_by_text(minutes)).to_have_count(0)

    # The typed values stayed; fix the two fields and take attendance.
    expect(staff.get_by_label("Tabla (agenda)")).to_have_value("1. Indicadores comunes del observatorio")
    staff.get_by_label("Zona horaria").fill("America/Santiago")
    staff.get_by_label("Lugar").fill("Sala de consejo, Valparaíso")
    staff.get_by_label("Municipalidad de Santiago").check()
    staff.get_by_label("Municipalidad de Valparaíso").check()
    with staff.expect_navigation():
        staff.get_by_role("button", name="Guardar la reunión").click()
    expect(staff.locator(".messages")).to_contain_text("Reunión registrada")
    meeting = staff.locator("article", has_text="Sala de consejo, Valparaíso")
    expect(meeting).to_contain_text(minutes)
    expect(meeting).to_contain_text("Municipalidad de Santiago")
    expect(meeting.get_by_role("link", name="Editar reunión, asistencia y acta")).to_be_visible()
    _no_violations(staff)
    _shot(staff, "6-reunion-registrada-390")

    # Approved minutes are public; the attendance and the edit links are not shown to a visitor.
    anon.goto(table_url)
    visitor = anon.locator("article", has_text="Sala de consejo, Valparaíso")
    expect(visitor).to_contain_text(minutes)
    expect(anon.get_by_role("link", name="Editar reunión, asistencia y acta")).to_have_count(0)
    expect(anon.get_by_role("link", name="Registrar una reunión")).to_have_count(0)
    _no_violations(anon)
