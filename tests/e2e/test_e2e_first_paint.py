"""First paint from the HTML alone (issue 17, scope 1), in the browser.

base.html inlines the critical CSS derived from css/hub.css (core/critical_css.py) and loads the
whole stylesheet as media="print", switched on by js/hub.js; <noscript> links it for browsers
without JavaScript. bench/lcp.py measures the paint itself on emulated slow links; these tests
check that the page is styled in each case and that the CSP lets the inline style through.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Route, expect

from .support import VIEWPORTS, Traffic, screenshot

pytestmark = pytest.mark.e2e

HEADER_BLUE = "rgb(8, 58, 102)"  # --brand-dark
PAGE_GREY = "rgb(246, 248, 251)"  # --bg
WHITE = "rgb(255, 255, 255)"


def _styled_shell(page) -> None:
    expect(page.locator("body")).to_have_css("background-color", PAGE_GREY)
    expect(page.locator(".site-header")).to_have_css("background-color", HEADER_BLUE)
    expect(page.locator(".main-nav ul")).to_have_css("display", "flex")
    # Visually hidden text and the skip link stay out of sight.
    expect(page.locator(".skip-link")).to_have_css("left", "-999px")


@pytest.mark.parametrize("path", ["/diagnostico/", "/municipios/"])
def test_page_paints_styled_from_the_html_alone(new_context, path: str) -> None:
    """With the stylesheet never arriving (a link that drops), the page is already laid out by
    the inline rules, and the CSP refuses nothing."""
    context = new_context(viewport="phone")
    page = context.new_page()
    traffic = Traffic().attach(page)

    def drop(route: Route) -> None:
        route.abort()

    page.route("**/static/css/hub*.css", drop)
    page.goto(path, wait_until="load")
    _styled_shell(page)
    # The whole sheet really never came: its :hover rule, left out of the critical CSS, is missing.
    link = page.locator(".main-nav a:not([aria-current])").first
    link.hover()
    expect(link).to_have_css("border-bottom-color", "rgba(0, 0, 0, 0)")
    refused = [e for e in traffic.console_errors if "Content Security Policy" in e]
    assert refused == []
    screenshot(page, f"first-paint-critical-only-phone{path}")


def test_full_stylesheet_is_switched_on_without_a_csp_exception(new_context) -> None:
    context = new_context(viewport="desktop")
    page = context.new_page()
    traffic = Traffic().attach(page)
    page.goto("/", wait_until="networkidle")
    expect(page.locator("link[data-full-stylesheet]")).to_have_attribute("media", "all")
    _styled_shell(page)
    # A :hover rule exists only in the full sheet (it is left out of the critical CSS).
    link = page.locator(".main-nav a:not([aria-current])").first
    link.hover()
    expect(link).to_have_css("border-bottom-color", WHITE)
    assert traffic.console_errors == []


def test_without_javascript_the_noscript_stylesheet_applies(browser, hub_url: str) -> None:
    context = browser.new_context(base_url=hub_url, viewport=VIEWPORTS["desktop"], java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("/acerca/", wait_until="load")
        _styled_shell(page)
        link = page.locator(".main-nav a:not([aria-current])").first
        link.hover()
        expect(link).to_have_css("border-bottom-color", WHITE)
    finally:
        context.close()
