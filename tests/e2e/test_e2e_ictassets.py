"""ICT assets in a real browser: `santiago` registers a system after a refused attempt (an
unknown SPDX licence and an end before the start: clear errors, nothing saved), then imports a
CSV with an unknown commune (the line is named, nothing saved) and previews a good one; they
cannot open Valparaíso's asset; an anonymous visitor reads the aggregated page with its charts
and tables and no owner's name. axe-core on every page; screenshots in /tmp/shots-ictassets/
(and tests/e2e/screenshots/)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .support import axe_violations, describe, screenshot

pytestmark = pytest.mark.e2e

SHOTS = Path("/tmp/shots-ictassets")  # noqa: S108 — where the brief asks for pictures to look at
NAME = "Sistema de licencias de conducir"
HEADER = "comuna,nombre,categoria,proveedor,licencia,spdx,alojamiento,valor_clp,inicio,termino\n"


def _shot(page: Page, name: str) -> None:
    screenshot(page, name, folder=SHOTS)
    screenshot(page, f"ictassets-{name}")


def _no_violations(page: Page) -> None:
    violations = axe_violations(page)
    assert not violations, describe(violations)


def _fill(page: Page, *, spdx: str, end: str) -> None:
    page.get_by_label("Nombre del sistema").fill(NAME)
    page.get_by_label("Categoría").select_option("permits")
    page.get_by_label("Tipo de licencia").select_option("open_source")
    page.get_by_label("Licencia SPDX (solo código abierto)").fill(spdx)
    page.get_by_label("Inicio del contrato").fill("2026-01-01")
    page.get_by_label("Término del contrato").fill(end)
    page.get_by_label("Alojamiento").select_option("hub")
    page.get_by_label("Responsable del activo").fill("Camila Rojas")
    page.get_by_label("Correo del responsable").fill("camila.rojas@municipio-prueba.cl")


def test_santiago_registers_and_imports_and_the_public_sees_aggregates(new_context, tmp_path: Path) -> None:
    stgo = new_context(user="santiago").new_page()
    stgo.goto("/activos-tic/mis-activos/")
    expect(stgo.get_by_role("heading", level=1)).to_have_text("Activos TIC de mi municipio")
    _no_violations(stgo)
    _shot(stgo, "1-mis-activos")

    # 1. Bad input: an unknown licence and dates out of order, refused with clear messages.
    stgo.goto("/activos-tic/nuevo/")
    _no_violations(stgo)
    _fill(stgo, spdx="Licencia-Inventada", end="2025-01-01")
    with stgo.expect_navigation():
        stgo.get_by_role("button", name="Guardar").click()
    expect(stgo.locator("body")).to_contain_text("no es uno conocido")
    expect(stgo.locator("body")).to_contain_text("no puede ser anterior a su inicio")
    _no_violations(stgo)
    _shot(stgo, "2-formulario-errores")

    # 2. Corrected: saved and shown with its owner (the municipality sees its own details).
    _fill(stgo, spdx="MIT", end="2027-01-01")
    with stgo.expect_navigation():
        stgo.get_by_role("button", name="Guardar").click()
    expect(stgo.get_by_role("heading", level=1)).to_have_text(NAME)
    expect(stgo.locator("body")).to_contain_text("camila.rojas@municipio-prueba.cl")
    _no_violations(stgo)
    _shot(stgo, "3-activo")

    # 3. A CSV with an unknown commune: the line is named, nothing saved.
    bad = tmp_path / "malo.csv"
    bad.write_text(
        HEADER + "13101,Sistema CSV uno,finance,Proveedor SpA,proprietary,,on_premises,1000000,2025-01-01,2026-12-31\n"
        "99999,Sistema CSV dos,hr,Proveedor SpA,saas,,vendor_cloud,2000000,2025-01-01,2026-12-31\n",
        encoding="utf-8",
    )
    stgo.goto("/activos-tic/importar/")
    _no_violations(stgo)
    stgo.get_by_label("Archivo CSV").set_input_files(str(bad))
    stgo.get_by_label("Solo revisar, sin guardar").uncheck()
    with stgo.expect_navigation():
        stgo.get_by_role("button", name="Enviar").click()
    errors = stgo.locator("#import-errors")
    expect(errors).to_contain_text("No se guardó nada")
    expect(errors).to_contain_text("Línea 3")
    expect(errors).to_contain_text("99999")
    _no_violations(stgo)
    _shot(stgo, "4-importacion-error")
    stgo.goto("/activos-tic/mis-activos/")
    expect(stgo.locator("main")).not_to_contain_text("Sistema CSV uno")

    # 4. A good file previewed (dry run): rows listed, still nothing saved.
    good = tmp_path / "bueno.csv"
    good.write_text(
        HEADER + "13101,Sistema CSV uno,finance,Proveedor SpA,proprietary,,on_premises,1000000,2025-01-01,2026-12-31\n"
    )
    stgo.goto("/activos-tic/importar/")
    stgo.get_by_label("Archivo CSV").set_input_files(str(good))
    with stgo.expect_navigation():
        stgo.get_by_role("button", name="Enviar").click()
    expect(stgo.locator("#import-preview")).to_contain_text("Vista previa")
    _no_violations(stgo)
    _shot(stgo, "5-importacion-vista-previa")

    # 5. Anonymous: aggregates with charts and tables, no owner, no e-mail.
    public = new_context().new_page()
    public.goto("/activos-tic/")
    expect(public.get_by_role("heading", level=1)).to_have_text("Activos TIC municipales")
    expect(public.locator("figure svg").first).to_be_visible()
    expect(public.locator("main")).not_to_contain_text("Camila Rojas")
    expect(public.locator("main")).not_to_contain_text("@municipio-demo.cl")
    _no_violations(public)
    _shot(public, "6-publico")
    phone = new_context(viewport="phone").new_page()
    phone.goto("/activos-tic/")
    _no_violations(phone)
    _shot(phone, "7-publico-390")
    phone.goto("/activos-tic/codigo-abierto/")
    _no_violations(phone)
    phone.get_by_role("link", name="Gestor de Patentes Libre").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Gestor de Patentes Libre")
    _no_violations(phone)
    _shot(phone, "8-codigo-abierto-390")


def test_santiago_cannot_open_valparaiso_asset(new_context) -> None:
    staff = new_context(user="staff").new_page()
    staff.goto("/activos-tic/gestion/?commune=05101")
    _no_violations(staff)
    _shot(staff, "9-vista-nacional")
    link = staff.locator("main table a[href*='/activos-tic/']").last
    href = link.get_attribute("href")
    assert href
    stgo = new_context(user="santiago").new_page()
    response = stgo.goto(href)
    assert response is not None and response.status == 404
