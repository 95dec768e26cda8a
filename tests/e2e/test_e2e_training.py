"""Training in a real browser: `valparaiso` applies to the demo's full cybersecurity cohort and
lands on the waitlist; a withdrawal (after the two people ahead were not selected) promotes them,
they confirm; `docente` marks attendance from a 390-px phone; completion is computed; `staff`
issues the certificates and an anonymous visitor verifies valparaiso's at
/certificados/verificar/<code>/. axe-core at 390 px and on desktop; screenshots in
/tmp/shots-training/."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from . import hub
from .conftest import VAR_DIRS
from .support import axe_violations, describe, screenshot

pytestmark = pytest.mark.e2e

SHOTS = Path(tempfile.gettempdir()) / "shots-training"
COHORT = "Ciberseguridad municipal · cohorte 1"

# Two people ahead of valparaiso on the waitlist are not selected; then a participant withdraws.
MAKE_ROOM = f"""
from hublocal.training import selectors, services
from hublocal.training.models import Application, Cohort
cohort = Cohort.objects.get(name="{COHORT}")
for a in Application.objects.filter(cohort=cohort, status="waitlisted").exclude(user__username="valparaiso"):
    services.application_decide(actor=None, application=a, accept=False)
leaving = Application.objects.filter(cohort=cohort, status="confirmed").order_by("pk").first()
services.application_withdraw(actor=leaving.user, application=leaving)
print("STATUS=" + Application.objects.get(cohort=cohort, user__username="valparaiso").status)
"""


def _run(hub_url: str, code: str) -> str:
    return hub.shell(VAR_DIRS[hub_url], hub_url, code)


def _shot(page: Page, name: str) -> None:
    screenshot(page, name, folder=SHOTS)
    screenshot(page, f"training-{name}")


def _axe(page: Page, where: str) -> None:
    violations = axe_violations(page)
    assert not violations, f"{where}:\n{describe(violations)}"


def test_waitlist_promotion_attendance_and_certificate(new_context, hub_url: str) -> None:
    # An anonymous visitor browses the catalogue on a desktop.
    visitor = new_context(None, "desktop").new_page()
    visitor.goto("/formacion/")
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Formación para municipios")
    _axe(visitor, "catálogo (escritorio)")
    _shot(visitor, "catalogue-desktop")

    # valparaiso applies from a phone: the cohort is full, so the waitlist.
    valpo = new_context("valparaiso", "phone").new_page()
    valpo.goto("/formacion/")
    _axe(valpo, "catálogo (390 px)")
    with valpo.expect_navigation():
        valpo.get_by_role("link", name="Ciberseguridad municipal", exact=True).click()
    _axe(valpo, "programa (390 px)")
    _shot(valpo, "programme-phone")
    with valpo.expect_navigation():
        valpo.locator("main").get_by_role("link", name="Postular").click()
    valpo.get_by_label(re.compile("Por qué quiere participar")).fill(
        "Tuvimos un ataque de ransomware y necesitamos un plan de respuesta a incidentes."
    )
    _axe(valpo, "postular (390 px)")
    with valpo.expect_navigation():
        valpo.locator("main").get_by_role("button", name="Enviar postulación").click()
    expect(valpo.locator(".messages").first).to_contain_text("lista de espera")
    expect(valpo.locator("main")).to_contain_text("En lista de espera")
    _axe(valpo, "mis cursos en espera (390 px)")
    _shot(valpo, "waitlisted-phone")

    # A second application is refused with a clear message.
    valpo.goto("/formacion/programas/ciberseguridad-municipal/")
    expect(valpo.locator("main")).to_contain_text("Su postulación")

    # Room is made: valparaiso is promoted in the same transaction as the withdrawal.
    assert "STATUS=accepted" in _run(hub_url, MAKE_ROOM)
    valpo.goto("/formacion/mis-cursos/")
    expect(valpo.locator("main")).to_contain_text("Aceptada")
    with valpo.expect_navigation():
        valpo.get_by_role("button", name="Confirmar mi participación").click()
    expect(valpo.locator("main")).to_contain_text("Confirmada")
    expect(valpo.locator("main")).to_contain_text("Te falta:")
    _shot(valpo, "confirmed-phone")
    valpo.goto("/avisos/")
    expect(valpo.locator("main")).to_contain_text("Se liberó un cupo")

    # docente takes attendance of every session from a phone.
    docente = new_context("docente", "phone").new_page()
    docente.goto("/formacion/docencia/")
    _axe(docente, "mis cohortes (390 px)")
    with docente.expect_navigation():
        docente.get_by_role("link", name=COHORT, exact=True).click()
    _axe(docente, "participantes (390 px)")
    _shot(docente, "roster-phone")
    sheets = [a.get_attribute("href") for a in docente.get_by_role("link", name="Tomar asistencia").all()]
    assert len(sheets) == 3
    for i, href in enumerate(sheets):
        docente.goto(href)
        row = docente.locator("fieldset", has_text="Jorge Alarcón")
        row.get_by_label("Presente").check()
        if i == 0:
            _axe(docente, "asistencia (390 px)")
            _shot(docente, "attendance-phone")
        with docente.expect_navigation():
            docente.get_by_role("button", name="Guardar asistencia").click()
        expect(docente.locator(".messages").first).to_contain_text("Asistencia guardada")

    # Completion is computed and the certificate was issued automatically when the last sheet was
    # saved (the queue runs immediately here); the staff button is a re-run that finds nothing new.
    staff = new_context("staff", "desktop").new_page()
    staff.goto("/formacion/gestion/")
    with staff.expect_navigation():
        staff.get_by_role("link", name=COHORT, exact=True).click()
    _axe(staff, "gestión de la cohorte (escritorio)")
    _shot(staff, "cohort-manage-desktop")
    with staff.expect_navigation():
        staff.get_by_role("button", name="Emitir certificados a quienes completaron").click()
    expect(staff.locator(".messages").first).to_contain_text("Certificados emitidos ahora: 0")

    valpo.goto("/formacion/mis-cursos/")
    expect(valpo.locator("main")).to_contain_text("Completó el programa")
    code = valpo.locator("main code").first.inner_text().strip()
    _shot(valpo, "completed-phone")

    # An anonymous visitor checks it from its QR address.
    phone = new_context(None, "phone").new_page()
    phone.goto(f"/certificados/verificar/{code}/")
    expect(phone.get_by_role("status")).to_contain_text("Válido")
    expect(phone.locator("main")).to_contain_text("Ciberseguridad municipal")
    _axe(phone, "verificación (390 px)")
    _shot(phone, "verify-phone")
