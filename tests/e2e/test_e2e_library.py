"""The library journey in a real browser: the partner university proposes an applied study with a
PDF and sends it to review; the hub's staff review it against the published criteria, publish it
and set evidence level 2 with a justification; an anonymous visitor finds it in the library
(on a phone and on a desktop) with its evidence badge, its document and its "how to cite" line.
axe-core on every page of the journey."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .support import axe_violations, describe, screenshot

pytestmark = pytest.mark.e2e

SHOTS = Path("/tmp/shots-library")  # noqa: S108 (screenshots for a person to look at, as the task asks)
WORD = "ornitorrincoazul"


def _shot(page: Page, name: str) -> None:
    screenshot(page, name, folder=SHOTS)


def _axe(page: Page, where: str) -> None:
    violations = axe_violations(page)
    assert not violations, f"{where}:\n{describe(violations)}"


def _pdf(text: str) -> bytes:
    from hublocal.library.demo_files import build_file

    return build_file("pdf", "Estudio de ferias libres", text)


def test_partner_proposes_staff_publishes_with_evidence_public_reads(new_context, tmp_path) -> None:
    title = f"Ferias libres y seguridad en el barrio {int(time.time())}"
    pdf = tmp_path / "estudio-ferias.pdf"
    pdf.write_bytes(_pdf(f"Resultados del estudio. La palabra {WORD} solo aparece en este documento."))

    # --- the partner proposes
    partner = new_context(user="partner").new_page()
    partner.goto("/biblioteca/nuevo/")
    _axe(partner, "formulario de propuesta")
    partner.get_by_label("Tipo de recurso").select_option("applied_study")
    partner.get_by_label("Título").fill(title)
    partner.get_by_label("Resumen").fill("Cómo las ferias libres cambian la percepción de seguridad de los vecinos.")
    partner.get_by_label("Contenido").fill(
        "## Método\n\nEncuestas a 400 vecinos en tres comunas.\n\n- Antes\n- Después"
    )
    partner.get_by_label("Seguridad pública municipal", exact=True).check()
    partner.get_by_label("Seguridad pública municipal: Prevención situacional y social").check()
    partner.get_by_label("Autores").fill("Francisca Núñez\nEquipo de Estudios Urbanos")
    partner.get_by_label("Documento adjunto").set_input_files(str(pdf))
    _shot(partner, "01-propuesta-formulario")
    with partner.expect_navigation():
        partner.locator("main").get_by_role("button", name="Guardar borrador").click()
    expect(partner.locator("h1")).to_contain_text(title)
    expect(partner.locator("main")).to_contain_text("estudio-ferias.pdf")
    _axe(partner, "borrador")
    with partner.expect_navigation():
        partner.locator("main").get_by_role("button", name="Enviar a revisión").click()
    expect(partner.locator("main")).to_contain_text("En revisión")
    slug = partner.url.rstrip("/").rsplit("/", 1)[-1]

    # Nobody else sees it yet.
    anon = new_context().new_page()
    assert anon.goto(f"/biblioteca/{slug}/").status == 404

    # --- staff review and publish
    staff = new_context(user="staff").new_page()
    staff.goto("/biblioteca/revision/")
    _axe(staff, "cola de revisión")
    with staff.expect_navigation():
        staff.locator("main").get_by_role("link", name=title).click()
    _axe(staff, "formulario de revisión")
    for box in staff.locator("main input[type=checkbox]").all():
        box.check()
    staff.get_by_label("Aprobar y publicar").check()
    _shot(staff, "02-revision")
    with staff.expect_navigation():
        staff.locator("main").get_by_role("button", name="Registrar decisión").click()
    expect(staff.locator(".messages")).to_contain_text("publicada")
    with staff.expect_navigation():
        staff.locator("main").get_by_role("link", name="Asignar nivel de evidencia").click()
    _axe(staff, "formulario de evidencia")
    staff.get_by_role("radio", name=re.compile(r"2 — Muestra un cambio medido")).check()
    staff.get_by_label("Justificación").fill(
        "Las encuestas antes y después muestran un cambio medido en la percepción de seguridad."
    )
    with staff.expect_navigation():
        staff.locator("main").get_by_role("button", name="Guardar nivel").click()
    expect(staff.locator("main")).to_contain_text("Evidencia nivel 2 de 5")

    # --- an anonymous visitor, on a phone and on a desktop
    for viewport in ("phone", "desktop"):
        page = new_context(viewport=viewport).new_page()
        page.goto("/biblioteca/?q=ferias+libres")
        card = page.locator("#results li", has_text=title)
        expect(card).to_contain_text("Evidencia nivel 2 de 5")
        expect(card).to_contain_text("Estudio aplicado")
        _axe(page, f"biblioteca ({viewport})")
        _shot(page, f"03-biblioteca-{viewport}")
        assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
        with page.expect_navigation():
            card.get_by_role("link", name=title).click()
        main = page.locator("main")
        expect(main).to_contain_text("Nivel 2 de 5")
        expect(main).to_contain_text("Francisca Núñez; Equipo de Estudios Urbanos")
        expect(main).to_contain_text("(versión 1). Hub Nacional de Gobierno Local.")
        expect(main).to_contain_text("Prevención situacional y social")
        expect(main.get_by_role("link", name="estudio-ferias.pdf")).to_be_visible()
        _axe(page, f"recurso ({viewport})")
        _shot(page, f"04-recurso-{viewport}")
        assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    # --- site-wide search finds it by a word that appears only inside the PDF
    page.goto(f"/buscar/?q={WORD}")
    hit = page.locator("main li", has_text=title)
    expect(hit).to_be_visible()
    expect(hit.locator("mark").first).to_be_visible()  # the word, highlighted in the snippet
    _axe(page, "buscar (palabra dentro del PDF)")
    _shot(page, "05-buscar-palabra-del-pdf")
    page.goto("/biblioteca/evidencia/")
    _axe(page, "estándar de evidencia")
    _shot(page, "05-evidencia")
