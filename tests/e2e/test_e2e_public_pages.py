"""Issue 16, item 6 (second half), retried in the browser: the results chart and its table on a
390-px phone, scroll wrappers reachable by keyboard, the help and contact pages, robots.txt and
the sitemap. Screenshots at phone and desktop width land in tests/e2e/screenshots/."""

from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import Page, expect

from .support import axe_violations, describe, screenshot, wait_until

pytestmark = pytest.mark.e2e


def _first_results_page(page: Page) -> str:
    """A published results page, found as a visitor finds it: from a municipality's page (its
    diagnosis panel links to its results)."""
    for code in ("13101", "05101", "13110", "13114"):
        page.goto(f"/municipios/{code}/")
        links = page.locator("main a[href*='/diagnostico/p/']")
        for i in range(links.count()):
            href = links.nth(i).get_attribute("href") or ""
            if re.search(r"/diagnostico/p/\d+/resultados/$", href):
                return href
    raise AssertionError("no published results page in the demo")


def _tab_to_wrapper(page: Page, limit: int = 120) -> dict:
    """Press Tab until a table wrapper has the focus, as a keyboard user scrolls a wide table."""
    page.locator("body").focus()
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => { const el = document.activeElement;
                return { cls: el.className || '', role: el.getAttribute('role'),
                         label: el.getAttribute('aria-label') || el.getAttribute('aria-labelledby'),
                         outline: getComputedStyle(el).outlineStyle,
                         scrollable: el.scrollWidth > el.clientWidth }; }"""
        )
        if "table-wrap" in str(focused["cls"]):
            return focused
    raise AssertionError("no table wrapper reached with Tab")


def test_results_page_fits_a_phone_and_its_table_is_reachable_by_keyboard(new_context) -> None:
    page = new_context(viewport="phone").new_page()
    url = _first_results_page(page)
    page.goto(url)
    # The document never scrolls sideways: the chart is redrawn for the phone, the table scrolls inside.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
    expect(page.locator(".chart-narrow svg")).to_be_visible()
    expect(page.locator(".chart-wide svg")).to_be_hidden()
    # The phone drawing keeps its reading size: its width is close to the screen's (no shrinking).
    chart_width = page.evaluate("document.querySelector('.chart-narrow svg').getBoundingClientRect().width")
    assert 300 <= chart_width <= 390, chart_width
    focused = _tab_to_wrapper(page)
    assert focused["role"] == "region" and focused["label"], focused
    assert focused["outline"] != "none", focused  # the focus ring is visible
    assert focused["scrollable"], "the scores table is wider than the phone: it scrolls in its wrapper"
    # Scrolling it with the keyboard moves the table, not the page.
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    # Chromium scrolls smoothly: wait for the movement rather than read it at once.
    wait_until(page, "document.activeElement.scrollLeft > 0", timeout=5)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    violations = axe_violations(page)
    screenshot(page, "issue16-results-phone")
    assert not violations, describe(violations)


def test_results_page_on_desktop(new_context) -> None:
    page = new_context().new_page()
    page.goto(_first_results_page(page))
    expect(page.locator(".chart-wide svg")).to_be_visible()
    expect(page.locator(".chart-narrow svg")).to_be_hidden()
    violations = axe_violations(page)
    screenshot(page, "issue16-results-desktop")
    assert not violations, describe(violations)


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_ranking_map_arrives_when_scrolled_to(new_context, viewport: str) -> None:
    """The national ranking no longer carries its 100-KB map: the map is fetched when its slot
    scrolls into view, and a link draws it in place for browsers without JavaScript."""
    page = new_context(viewport=viewport).new_page()
    response = page.goto("/diagnostico/resultados/")
    assert response is not None and response.status == 200
    html = page.content()
    assert 'id="mapa-indice"' not in html, "the map came with the page"
    slot = page.locator("#ranking-map")
    expect(slot.get_by_role("link", name="Ver el mapa de Chile con el índice de cada comuna")).to_have_attribute(
        "href", re.compile(r"mapa=1")
    )
    slot.scroll_into_view_if_needed()
    chart = page.locator("#mapa-indice")
    expect(chart).to_be_visible()
    expect(page.locator("#ranking-map")).to_have_count(0)
    assert chart.get_attribute("role") == "img"
    expect(page.locator("figure.map-figure figcaption").first).to_contain_text("comuna")
    screenshot(page, f"ranking-map-{viewport}")
    violations = axe_violations(page)
    assert not violations, describe(violations)


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_help_page(new_context, viewport: str) -> None:
    page = new_context(viewport=viewport).new_page()
    page.goto("/")
    page.locator("footer").get_by_role("link", name="Ayuda").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ayuda y preguntas frecuentes")
    page.get_by_role("link", name="Su cuenta").first.click()
    expect(page.get_by_role("heading", name="Olvidé mi contraseña")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    violations = axe_violations(page)
    screenshot(page, f"issue16-help-{viewport}")
    assert not violations, describe(violations)


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_contact_form_validates_and_sends(new_context, hub_mail_dir, viewport: str) -> None:
    page = new_context(viewport=viewport).new_page()
    page.goto("/contacto/")
    page.get_by_label("Nombre").fill("Ana Pérez")
    page.get_by_label("Correo electrónico").fill("no-es-correo")
    page.get_by_label("Tema").select_option("diagnosis")
    page.get_by_label("Mensaje").fill("¿Cómo cambio el punto focal de nuestro diagnóstico?")
    page.get_by_role("button", name="Enviar mensaje").click()
    expect(page.locator(".error-summary")).to_contain_text("Correo electrónico")
    expect(page.get_by_label("Nombre")).to_have_value("Ana Pérez")  # nothing typed is lost
    violations = axe_violations(page)
    screenshot(page, f"issue16-contact-error-{viewport}")
    assert not violations, describe(violations)
    page.get_by_label("Correo electrónico").fill(f"ana.{viewport}@example.cl")
    page.get_by_role("button", name="Enviar mensaje").click()
    expect(page.locator(".messages")).to_contain_text("Recibimos su mensaje")
    screenshot(page, f"issue16-contact-sent-{viewport}")
    sent = [p.read_text(errors="replace") for p in hub_mail_dir.glob("*.log")]
    assert any(f"ana.{viewport}@example.cl" in text for text in sent)


def test_robots_and_sitemap(new_context) -> None:
    request = new_context().request
    robots = request.get("/robots.txt")
    assert robots.ok and "Disallow: /cuenta/" in robots.text() and "Sitemap: " in robots.text()
    index = request.get("/sitemap.xml")
    assert index.ok and "sitemap-municipios.xml" in index.text()
    municipalities = request.get("/sitemap-municipios.xml").text()
    assert municipalities.count("<url>") >= 345


def test_pilot_chart_scrolls_in_a_keyboard_region_on_a_phone(new_context) -> None:
    page = new_context(viewport="phone").new_page()
    page.goto("/pilotos/")
    href = page.locator("main table a[href^='/pilotos/']").first.get_attribute("href")
    assert href and re.search(r"^/pilotos/\d+/$", href), href
    page.goto(href)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    region = page.locator(".table-wrap.chart-scroll").first
    expect(region).to_have_attribute("role", "region")
    expect(region).to_have_attribute("tabindex", "0")
    # The line chart keeps its reading size and scrolls inside its region.
    assert page.evaluate("document.querySelector('.chart-scroll svg').getBoundingClientRect().width") >= 600
    violations = axe_violations(page)
    screenshot(page, "issue16-pilot-phone")
    assert not violations, describe(violations)


def test_pdf_report_is_tagged(new_context) -> None:
    page = new_context().new_page()
    results = _first_results_page(page)
    pdf = new_context().request.get(results.replace("/resultados/", "/reporte.pdf"))
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    from pypdf import PdfReader

    root = PdfReader(io.BytesIO(pdf.body())).trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/Lang"] == "es-CL"
    assert bool(root["/MarkInfo"]["/Marked"]) and bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
