"""The open-data portal in a real browser: an anonymous visitor opens /datos/, filters by theme
and by a search that finds nothing, opens the territory dataset, reads its data dictionary,
downloads the CSV and its datapackage.json (and asks for a version that does not exist: a clear
400). axe-core on every page; screenshots at 390 px and desktop in /tmp/shots-opendata/ (and
tests/e2e/screenshots/)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .support import axe_violations, describe, screenshot

# Also on PostgreSQL (.ci/run): the datasets are built by queries whose results must match on both engines.
pytestmark = [pytest.mark.e2e, pytest.mark.both_databases]

SHOTS = Path("/tmp/shots-opendata")  # noqa: S108 — where the brief asks for pictures to look at


def _shot(page: Page, name: str) -> None:
    screenshot(page, name, folder=SHOTS)
    screenshot(page, f"opendata-{name}")


def _no_violations(page: Page) -> None:
    violations = axe_violations(page)
    assert not violations, describe(violations)


def test_visitor_finds_a_dataset_reads_its_dictionary_and_downloads_it(new_context) -> None:
    page = new_context().new_page()
    page.goto("/datos/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Datos abiertos")
    expect(page.get_by_role("link", name="Comunas y territorio")).to_be_visible()
    _no_violations(page)
    _shot(page, "portal-desktop")

    # A search that finds nothing says so; then the theme filter narrows to the territory.
    page.get_by_label("Buscar").fill("zzzz")
    with page.expect_navigation():
        page.get_by_role("button", name="Filtrar").click()
    expect(page.get_by_text("No hay conjuntos de datos que coincidan con los filtros.")).to_be_visible()
    page.get_by_label("Buscar").fill("")
    page.get_by_label("Tema").select_option("REGI")
    with page.expect_navigation():
        page.get_by_role("button", name="Filtrar").click()
    expect(page.get_by_role("link", name="Comunas y territorio")).to_be_visible()
    expect(page.get_by_role("link", name="Pilotos de innovación abierta")).to_have_count(0)
    _no_violations(page)

    page.get_by_role("link", name="Comunas y territorio").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Comunas y territorio")
    dictionary = page.get_by_role("table", name="13 columnas del archivo")
    expect(dictionary.get_by_role("rowheader", name="latitud")).to_be_visible()
    expect(dictionary).to_contain_text("Latitud del centroide (DPA 2023)")
    expect(page.get_by_role("link", name="Creative Commons Atribución 4.0 (CC BY 4.0)")).to_be_visible()
    _no_violations(page)
    _shot(page, "dataset-desktop")

    with page.expect_download() as info:
        page.get_by_role("link", name="Descargar CSV").click()
    csv_path = info.value.path()
    header = Path(csv_path).read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("codigo,codigo_nacional,nombre,pais")

    response = page.request.get(page.get_by_role("link", name="datapackage.json").get_attribute("href") or "")
    assert response.status == 200
    package = json.loads(response.body())
    assert [f["name"] for f in package["resources"][0]["schema"]["fields"]][:3] == [
        "codigo",
        "codigo_nacional",
        "nombre",
    ]
    assert package["licenses"][0]["name"] == "CC-BY-4.0"

    bad = page.request.get("/datos/comunas/descargar/csv/?version=abc")
    assert bad.status == 400 and "no es válida" in bad.text()

    # The download was counted (a counter, nobody's data): the page now says 1 or more.
    page.reload()
    first_row = page.get_by_role("table", name="Archivos del conjunto y sus descargas").get_by_role("row").nth(1)
    assert int(first_row.get_by_role("cell").nth(2).inner_text()) >= 1

    phone = new_context(viewport="phone").new_page()
    phone.goto("/datos/comunas/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Comunas y territorio")
    _no_violations(phone)
    _shot(phone, "dataset-phone")
    phone.goto("/datos/")
    _no_violations(phone)
    _shot(phone, "portal-phone")
