"""The hub's indicators in a real browser: an anonymous visitor opens /indicadores/, filters by the
rural typology, drills down from the coverage figure to the municipalities behind it and opens
one's public page; `staff` sets a target with bad input (refused with a clear message, nothing
saved) and then good input. axe-core on every page; screenshots in /tmp/shots-evaluation/ (and
tests/e2e/screenshots/)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .support import axe_violations, describe, screenshot

pytestmark = pytest.mark.e2e

SHOTS = Path("/tmp/shots-evaluation")  # noqa: S108 — where the brief asks for pictures to look at


def _shot(page: Page, name: str) -> None:
    screenshot(page, name, folder=SHOTS)
    screenshot(page, f"evaluation-{name}")


def _no_violations(page: Page) -> None:
    violations = axe_violations(page)
    assert not violations, describe(violations)


def test_visitor_drills_down_and_staff_sets_a_target(new_context) -> None:
    public = new_context().new_page()
    public.goto("/indicadores/")
    expect(public.get_by_role("heading", level=1)).to_have_text("Indicadores del Hub")
    expect(public.get_by_role("heading", name="Cobertura", level=2)).to_be_visible()
    expect(public.locator("svg").first).to_be_visible()
    _no_violations(public)
    _shot(public, "1-tablero-desktop")

    # 1. Filtered by the rural typology: the figures are recomputed from the snapshot's rows.
    public.get_by_label("Tipología", exact=True).select_option("rural_semiurbana")
    with public.expect_navigation():
        public.get_by_role("button", name="Filtrar").click()
    assert "typology=rural_semiurbana" in public.url
    _no_violations(public)

    # 2. Drill-down from the coverage figure to the municipalities it counts.
    with public.expect_navigation():
        public.get_by_role("link", name="Ver los registros detrás de «Municipios atendidos»").click()
    expect(public.get_by_role("heading", level=1)).to_have_text("Cobertura: Municipios atendidos")
    table = public.get_by_role("table", name="Municipios contados en la cifra y los servicios que recibieron")
    expect(table).to_be_visible()
    figure = public.locator("#figure").inner_text().split()[0]
    rows = table.locator("tbody tr")
    assert rows.count() == min(int(float(figure.replace(",", "."))), 30)
    expect(table.locator("tbody")).to_contain_text("Rural / semiurbana")
    expect(table.locator("tbody")).not_to_contain_text("Metropolitana")
    _no_violations(public)
    _shot(public, "2-desglose-rural")
    first = rows.first.get_by_role("link").first
    name = first.inner_text()
    with public.expect_navigation():
        first.click()
    expect(public.get_by_role("heading", level=1)).to_contain_text(name)

    # An unknown filter value is refused with a message, not a crash.
    public.goto("/indicadores/?typology=rural")
    expect(public.locator(".error-summary")).to_contain_text("Revise los filtros")

    phone = new_context(viewport="phone").new_page()
    phone.goto("/indicadores/cobertura/?typology=rural_semiurbana")
    expect(phone.get_by_role("heading", level=1)).to_be_visible()
    _no_violations(phone)
    _shot(phone, "3-desglose-390")
    phone.goto("/indicadores/")
    _no_violations(phone)
    _shot(phone, "4-tablero-390")

    # 3. Staff set a target: a negative number and a percentage over 100 are refused.
    staff = new_context(user="staff").new_page()
    staff.goto("/indicadores/metas/")
    _no_violations(staff)
    staff.locator("#id_measure_key").select_option("articulation_obligations_kept")
    staff.locator("#id_year").fill("2026")
    staff.locator("#id_value").fill("140")
    with staff.expect_navigation():
        staff.get_by_role("button", name="Guardar meta").click()
    expect(staff.locator(".error-summary")).to_be_visible()
    expect(staff.get_by_text("Esta meta es un porcentaje: no puede superar 100.", exact=True)).to_be_visible()
    _no_violations(staff)
    _shot(staff, "5-meta-error")
    staff.locator("#id_value").fill("95")
    with staff.expect_navigation():
        staff.get_by_role("button", name="Guardar meta").click()
    expect(staff.locator(".messages")).to_contain_text("Meta guardada")
    expect(staff.get_by_role("table", name="Metas fijadas")).to_contain_text("Obligaciones de convenios cumplidas")
    staff.goto("/indicadores/?year=2026")
    section = staff.get_by_role("region", name="Articulación")
    expect(section).to_contain_text("95")
    _no_violations(staff)


def test_visitor_reads_results_and_2025_report_and_staff_marks_a_milestone(new_context) -> None:
    public = new_context().new_page()
    public.goto("/indicadores/resultados/")
    expect(public.get_by_role("heading", level=1)).to_have_text("Marco de resultados 2026")
    section = public.get_by_role("region", name="Llegar a más municipios, en especial rurales")
    expect(section.locator("progress").first).to_be_visible()
    expect(section.get_by_role("table")).to_contain_text("Red regional de enlaces municipales funcionando")
    _no_violations(public)
    _shot(public, "6-resultados-desktop")

    # The 2025 report: frozen by the demo, read from its stored data.
    with public.expect_navigation():
        public.get_by_role("link", name="Informes anuales").click()
    with public.expect_navigation():
        public.get_by_role("link", name="Informe anual 2025").click()
    expect(public.get_by_role("heading", level=1)).to_have_text("Informe anual 2025")
    expect(public.get_by_role("heading", name="Finanzas y principios")).to_be_visible()
    expect(public.get_by_text("primer año completo del Hub", exact=False)).to_be_visible()
    expect(public.get_by_text("borrador", exact=False)).to_have_count(0)
    _no_violations(public)
    _shot(public, "7-informe-2025")
    # A year nobody froze is not published.
    assert public.goto("/indicadores/informe/2024/").status == 404

    phone = new_context(viewport="phone").new_page()
    phone.goto("/indicadores/resultados/")
    _no_violations(phone)
    _shot(phone, "8-resultados-390")
    phone.goto("/indicadores/informe/2025/")
    _no_violations(phone)
    _shot(phone, "9-informe-390")

    # Staff mark a pending milestone done: a future date is refused, then a real one with evidence.
    staff = new_context(user="staff").new_page()
    staff.goto("/indicadores/resultados/")
    with staff.expect_navigation():
        staff.locator("li", has_text="Plan de visitas a comunas rurales").get_by_role("link", name="Editar").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("Editar hito")
    _no_violations(staff)
    staff.locator("#id_done_on").fill("2099-01-01")
    staff.locator("#id_evidence_url").fill("https://hublocal.cl/actas/visitas.pdf")
    with staff.expect_navigation():
        staff.get_by_role("button", name="Guardar hito").click()
    _shot(staff, "10-hito-error")
    expect(staff.locator(".error-summary")).to_be_visible()
    expect(staff.locator("main")).to_contain_text("La fecha de cumplimiento no puede ser futura.")
    _no_violations(staff)
    staff.locator("#id_done_on").fill("2026-11-30")
    with staff.expect_navigation():
        staff.get_by_role("button", name="Guardar hito").click()
    expect(staff.locator(".messages")).to_contain_text("Hito guardado")
    item = staff.locator("li", has_text="Plan de visitas a comunas rurales")
    expect(item).to_contain_text("cumplido")
    expect(item.get_by_role("link", name="evidencia")).to_be_visible()
    _no_violations(staff)
    # The draft of this year's report is the staff's, marked as such.
    staff.goto("/indicadores/informe/2026/")
    expect(staff.get_by_role("heading", level=1)).to_contain_text("borrador")
    _no_violations(staff)
    _shot(staff, "11-informe-borrador")
