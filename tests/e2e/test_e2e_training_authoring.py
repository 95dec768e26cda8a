"""Training authoring in a real browser: `staff` creates a programme (docente teaches it) with two
modules, a cohort and a session with a time zone — bad input first (a window closing after the
start, a virtual session without its link: clear errors, nothing saved); `docente` edits that
session from a 390-px phone and takes its attendance; the participant who thereby meets the rules
gets a certificate automatically (the queue runs immediately in the served hub) and sees it on
/formacion/mis-cursos/. axe-core 0 violations; screenshots in /tmp/shots-authoring/."""

from __future__ import annotations

import re
import tempfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .support import axe_violations, describe, screenshot
from .test_e2e_training import _run

pytestmark = pytest.mark.e2e

SHOTS = Path(tempfile.gettempdir()) / "shots-authoring"
TITLE = "Datos abiertos municipales (e2e)"
COHORT = "Datos abiertos · cohorte e2e"

ENROL = f"""
from django.contrib.auth import get_user_model
from hublocal.training import services
from hublocal.training.models import Cohort
cohort = Cohort.objects.get(name="{COHORT}")
user = get_user_model().objects.get(username="santiago")
a = services.application_enrol(actor=None, cohort=cohort, user=user)
print("STATUS=" + a.status)
"""


def _shot(page: Page, name: str) -> None:
    screenshot(page, name, folder=SHOTS)
    screenshot(page, f"training-authoring-{name}")


def _axe(page: Page, where: str) -> None:
    violations = axe_violations(page)
    assert not violations, f"{where}: {describe(violations)}"


def _submit(page: Page, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


def test_staff_authors_docente_edits_participant_certified(new_context, hub_url: str) -> None:
    start = date.today() + timedelta(days=1)
    staff = new_context("staff", "desktop").new_page()

    # 1. A programme: a fee without its amount is refused first.
    staff.goto("/formacion/gestion/programas/")
    _axe(staff, "programas")
    with staff.expect_navigation():
        staff.get_by_role("link", name="Nuevo programa").click()
    staff.get_by_label("Título:", exact=True).fill(TITLE)
    staff.get_by_label("Objetivos:", exact=True).fill("Publicar y usar datos abiertos en la gestión municipal.")
    staff.get_by_label("Horas:", exact=True).fill("12")
    staff.get_by_label("Financiamiento:", exact=True).select_option("fee")
    staff.get_by_label("Rosa Manríquez (demo)", exact=True).check()
    staff.get_by_label("Asistencia mínima para aprobar (%):", exact=True).fill("75")
    staff.get_by_label("Firmantes del certificado:", exact=True).fill("Ana Pérez — Directora del Hub")
    _submit(staff, "Crear programa")
    expect(staff.locator(".error-summary")).to_contain_text("arancel")
    _axe(staff, "programa con error")
    staff.get_by_label("Financiamiento:", exact=True).select_option("scholarship")
    _submit(staff, "Crear programa")
    expect(staff.locator(".messages")).to_contain_text("Programa creado")
    programme_url = staff.url

    # 2. Two modules.
    for title, mode in (("Qué son los datos abiertos", "virtual"), ("Taller en Santiago", "in_person")):
        with staff.expect_navigation():
            staff.get_by_role("link", name="Agregar módulo").click()
        staff.get_by_label("Título del módulo:", exact=True).fill(title)
        staff.get_by_label("Modalidad:", exact=True).select_option(mode)
        staff.get_by_label("Horas:", exact=True).fill("6")
        _submit(staff, "Guardar módulo")
    expect(staff.locator("main table").first).to_contain_text("Taller en Santiago")
    _submit(staff, "Publicar")
    expect(staff.locator("main")).to_contain_text("Publicado")
    _axe(staff, "programa")
    _shot(staff, "1-programme-desktop")

    # 3. A cohort: the window closing after the start is refused, nothing saved.
    with staff.expect_navigation():
        staff.get_by_role("link", name="Nueva cohorte").click()
    staff.get_by_label("Nombre de la cohorte:", exact=True).fill(COHORT)
    staff.get_by_label("Inicio:", exact=True).fill(start.isoformat())
    staff.get_by_label("Término:", exact=True).fill((start + timedelta(days=30)).isoformat())
    staff.get_by_label("Cupos:", exact=True).fill("20")
    staff.get_by_label("Apertura de postulaciones (hora de Chile):", exact=True).fill(
        f"{(start - timedelta(days=10)).isoformat()}T09:00"
    )
    staff.get_by_label("Cierre de postulaciones (hora de Chile):", exact=True).fill(
        f"{(start + timedelta(days=3)).isoformat()}T18:00"
    )
    staff.get_by_label("Chile", exact=True).check()
    _submit(staff, "Crear cohorte")
    expect(staff.locator(".error-summary")).to_contain_text("antes del inicio")
    _axe(staff, "cohorte con error")
    _shot(staff, "2-cohort-error-desktop")
    staff.get_by_label("Cierre de postulaciones (hora de Chile):", exact=True).fill(
        f"{(start - timedelta(days=2)).isoformat()}T18:00"
    )
    _submit(staff, "Crear cohorte")
    expect(staff.locator(".messages")).to_contain_text("Cohorte creada")

    # 4. A session in Montevideo's time: without its video link first.
    with staff.expect_navigation():
        staff.get_by_role("link", name="Nueva sesión").click()
    staff.get_by_label("Módulo:", exact=True).select_option(label="Qué son los datos abiertos")
    staff.get_by_label("Zona horaria de la sesión:", exact=True).select_option("America/Montevideo")
    today = date.today().isoformat()
    staff.get_by_label("Inicio:", exact=True).fill(f"{today}T00:05")
    staff.get_by_label("Término:", exact=True).fill(f"{today}T23:55")
    _submit(staff, "Guardar sesión")
    expect(staff.locator(".error-summary")).to_contain_text("enlace de la videollamada")
    _axe(staff, "sesión con error")
    staff.get_by_label("Enlace de la videollamada (sesiones virtuales):", exact=True).fill(
        "https://meet.example/datos-abiertos"
    )
    _submit(staff, "Guardar sesión")
    expect(staff.locator(".messages")).to_contain_text("Código de registro")
    expect(staff.locator("main table")).to_contain_text("America/Montevideo")
    _shot(staff, "3-cohort-desktop")
    assert "STATUS=confirmed" in _run(hub_url, ENROL)

    # 5. docente edits the session from a phone (not the programme) and takes attendance.
    docente = new_context("docente", "phone").new_page()
    docente.goto(programme_url)
    assert docente.locator("h1").inner_text() != TITLE  # 403: the programme is not theirs to edit
    docente.goto("/formacion/docencia/")
    with docente.expect_navigation():
        docente.get_by_role("link", name=COHORT, exact=True).click()
    sheet = docente.get_by_role("link", name="Tomar asistencia").first.get_attribute("href")
    session_pk = re.search(r"/sesiones/(\d+)/", sheet or "").group(1)
    docente.goto(f"/formacion/gestion/sesiones/{session_pk}/")
    expect(docente.get_by_role("heading", level=1)).to_have_text("Editar sesión")
    _axe(docente, "editar sesión (390 px)")
    _shot(docente, "4-session-edit-phone")
    docente.get_by_label("Lugar (sesiones presenciales):", exact=True).fill("Sala del concejo (transmisión)")
    docente.get_by_label("Enlace de la videollamada (sesiones virtuales):", exact=True).fill("")
    _submit(docente, "Guardar sesión")
    expect(docente.locator(".error-summary")).to_contain_text("enlace de la videollamada")
    docente.get_by_label("Enlace de la videollamada (sesiones virtuales):", exact=True).fill(
        "https://meet.example/datos-abiertos-2"
    )
    _submit(docente, "Guardar sesión")
    expect(docente.locator(".messages").first).to_contain_text("Sesión guardada")
    docente.goto(sheet)
    docente.locator("fieldset", has_text="Daniela Soto").get_by_label("Presente").check()
    _submit(docente, "Guardar asistencia")
    expect(docente.locator(".messages").first).to_contain_text("Asistencia guardada")

    # 6. The participant met the rules: the certificate was issued without anyone pressing a button.
    santiago = new_context("santiago", "phone").new_page()
    santiago.goto("/formacion/mis-cursos/")
    course = santiago.get_by_role("region", name=TITLE)
    expect(course).to_contain_text("Completó el programa")
    expect(course.get_by_role("link", name="Ver su certificado")).to_be_visible()
    _axe(santiago, "mis cursos (390 px)")
    _shot(santiago, "5-my-courses-phone")
