"""The 360° view in a real browser (issue 14 item 7): `santiago` applies to a programme, then opens
its municipality's page, follows "Vista 360°" and finds its agreements, round tables, pilots and
programmes in one page; `valparaiso` sees no link on Santiago's page and is refused the address;
"Mi participación" shows the application. axe-core 0 violations at desktop and 390 px;
screenshots in /tmp/shots-o360/ (and tests/e2e/screenshots/)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .support import axe_violations, describe, screenshot

pytestmark = pytest.mark.e2e

SHOTS = Path("/tmp/shots-o360")  # noqa: S108 — where the brief asks for pictures to look at
URL = "/organizaciones/municipalidad-santiago/360/"


def _shot(page: Page, name: str) -> None:
    screenshot(page, name, folder=SHOTS)
    screenshot(page, f"o360-{name}")


def _no_violations(page: Page) -> None:
    violations = axe_violations(page)
    assert not violations, describe(violations)


def test_santiago_sees_its_360_view_and_valparaiso_cannot(new_context) -> None:
    # 1. A Santiago official applies to a programme (so the municipality has one in its record).
    santiago = new_context(user="santiago").new_page()
    santiago.goto("/formacion/")
    with santiago.expect_navigation():
        santiago.get_by_role("link", name="Ciberseguridad municipal", exact=True).click()
    with santiago.expect_navigation():
        santiago.locator("main").get_by_role("link", name="Postular").click()
    # Bad input first: a motivation too short is refused with a message, nothing written.
    santiago.get_by_label(re.compile("Por qué quiere participar")).fill("Corto")
    with santiago.expect_navigation():
        santiago.locator("main").get_by_role("button", name="Enviar postulación").click()
    expect(santiago.locator("main")).to_contain_text("al menos")
    santiago.get_by_label(re.compile("Por qué quiere participar")).fill(
        "Queremos un plan de respuesta a incidentes para los sistemas municipales de Santiago."
    )
    with santiago.expect_navigation():
        santiago.locator("main").get_by_role("button", name="Enviar postulación").click()

    # 2. From the municipality's page, the 360° view.
    santiago.goto("/municipios/13101/")
    with santiago.expect_navigation():
        santiago.get_by_role("link", name="Vista 360°").click()
    expect(santiago.get_by_role("heading", level=1)).to_contain_text("vista 360°")
    for section in ("Convenios", "Mesas técnicas", "Pilotos", "Programas de formación"):
        expect(santiago.get_by_role("heading", level=2, name=section, exact=True)).to_be_visible()
    expect(santiago.locator("main")).to_contain_text("Ciberseguridad municipal")
    _no_violations(santiago)
    _shot(santiago, "santiago-360-desktop")

    phone = new_context(user="santiago", viewport="phone").new_page()
    phone.goto(URL)
    expect(phone.get_by_role("heading", level=2, name="Convenios", exact=True)).to_be_visible()
    _no_violations(phone)
    _shot(phone, "santiago-360-390")

    # 3. Mi participación: the application is there.
    santiago.goto("/mi-participacion/")
    expect(santiago.get_by_role("heading", level=1)).to_have_text("Mi participación")
    expect(santiago.locator("main")).to_contain_text("Ciberseguridad municipal")
    _no_violations(santiago)
    _shot(santiago, "mi-participacion-desktop")

    # 4. Valparaíso: no link on Santiago's page, and the address is refused.
    valpo = new_context(user="valparaiso").new_page()
    valpo.goto("/municipios/13101/")
    expect(valpo.get_by_role("link", name="Vista 360°")).to_have_count(0)
    response = valpo.goto(URL)
    assert response is not None and response.status == 403
