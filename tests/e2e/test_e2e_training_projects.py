"""Training group projects in a real browser: `valparaiso`, a member of the Grupo Pacífico in the
demo's running cohort, submits a prototype on a phone (a .exe first: refused with a message,
nothing saved), `docente` (the mentor) gives feedback, `staff` records the final presentation,
valparaiso's "Mis cursos" shows the project rule met, and staff converts the project into a
challenge. axe-core on every page; screenshots in /tmp/shots-tprojects/ (and tests/e2e/screenshots/)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .support import axe_violations, describe, screenshot

pytestmark = pytest.mark.e2e

SHOTS = Path("/tmp/shots-tprojects")  # noqa: S108 — where the brief asks for pictures to look at
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TITLE = "Permisos de edificación en línea"


def _shot(page: Page, name: str) -> None:
    screenshot(page, name, folder=SHOTS)
    screenshot(page, f"training-projects-{name}")


def _no_violations(page: Page) -> None:
    violations = axe_violations(page)
    assert not violations, describe(violations)


def test_group_project_from_prototype_to_challenge(new_context) -> None:
    # 1. The member, on a phone, finds the project from "Mis cursos" and sees what is missing.
    member = new_context(user="valparaiso", viewport="phone").new_page()
    member.goto("/formacion/mis-cursos/")
    expect(member.get_by_text("presentar el proyecto grupal")).to_be_visible()
    with member.expect_navigation():
        member.get_by_role("link", name=TITLE).click()
    expect(member.get_by_role("heading", level=1)).to_have_text(TITLE)
    _no_violations(member)
    _shot(member, "1-proyecto-390")
    project_url = member.url
    with member.expect_navigation():
        member.get_by_role("link", name="Enviar prototipo").click()
    _no_violations(member)

    # 2. A wrong file type is refused with a message; nothing is saved.
    member.get_by_label("Descripción del prototipo").fill(
        "Lista de verificación de una página y avisos por mensaje de texto en cada paso del permiso."
    )
    member.get_by_label("Archivo o imagen (opcional)").set_input_files(
        files=[{"name": "prototipo.exe", "mimeType": "application/octet-stream", "buffer": b"MZ\x90\x00"}]
    )
    with member.expect_navigation():
        member.get_by_role("button", name="Enviar prototipo").click()
    expect(member.locator(".error-summary")).to_contain_text("no es de un tipo aceptado")
    _no_violations(member)
    _shot(member, "2-archivo-rechazado-390")
    member.goto(project_url)
    expect(member.get_by_text("Aún no se envía un prototipo.")).to_be_visible()

    # 3. The same prototype with a PDF is the first version; the project moves to "Prototipo".
    with member.expect_navigation():
        member.get_by_role("link", name="Enviar prototipo").click()
    member.get_by_label("Descripción del prototipo").fill(
        "Lista de verificación de una página y avisos por mensaje de texto en cada paso del permiso."
    )
    member.get_by_label("Archivo o imagen (opcional)").set_input_files(
        files=[{"name": "ficha-prototipo.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    with member.expect_navigation():
        member.get_by_role("button", name="Enviar prototipo").click()
    expect(member.locator(".messages")).to_contain_text("Prototipo enviado (versión 1)")
    expect(member.get_by_text("Etapa actual: Prototipo")).to_be_visible()
    expect(member.get_by_role("link", name="ficha-prototipo.pdf")).to_be_visible()

    # 4. The mentor comments on the version.
    mentor = new_context(user="docente").new_page()
    mentor.goto(project_url)
    _no_violations(mentor)
    mentor.get_by_label("Comentario").fill("Buen prototipo: pruébenlo con tres vecinos que tramitan un permiso.")
    mentor.get_by_label("Sobre").select_option(label="Versión 1 del prototipo")
    with mentor.expect_navigation():
        mentor.get_by_role("button", name="Enviar comentario").click()
    expect(mentor.locator(".messages")).to_contain_text("Comentario enviado al grupo")
    member.goto(project_url)
    expect(member.get_by_text("pruébenlo con tres vecinos")).to_be_visible()

    # 5. Staff records the final presentation (an empty form first: refused).
    staff = new_context(user="staff").new_page()
    staff.goto(project_url)
    with staff.expect_navigation():
        staff.get_by_role("link", name="Registrar la presentación final").click()
    _no_violations(staff)
    with staff.expect_navigation():
        staff.get_by_role("button", name="Registrar").click()
    expect(staff.locator(".error-summary")).to_be_visible()
    staff.get_by_label("Fecha de la presentación").fill(date.today().isoformat())
    staff.get_by_label("Enlace a la presentación o al video").fill("https://videos.example.org/pacifico")
    with staff.expect_navigation():
        staff.get_by_role("button", name="Registrar").click()
    expect(staff.locator(".messages")).to_contain_text("Presentación final registrada")

    # 6. The member's completion shows the project rule met.
    member.goto("/formacion/mis-cursos/")
    # (Other journeys may have completed another course of this account: look at this one.)
    expect(member.get_by_label("Laboratorio de proyectos").get_by_text("Completó el programa.")).to_be_visible()
    expect(member.get_by_text("presentar el proyecto grupal")).to_have_count(0)
    _shot(member, "3-mis-cursos-390")

    # 7. Staff converts the project into a challenge; the page links to it, once.
    staff.goto(project_url)
    staff.get_by_label("Convertir en").select_option("challenge")
    staff.get_by_label("Área del desafío").select_option(label="Atención primaria de salud")
    with staff.expect_navigation():
        staff.get_by_role("button", name="Convertir", exact=True).click()
    expect(staff.locator(".messages")).to_contain_text("Proyecto convertido")
    expect(staff.get_by_text("Convertido en desafío:")).to_be_visible()
    _no_violations(staff)
    _shot(staff, "4-convertido-desktop")
