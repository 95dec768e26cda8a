"""The personal home (/inicio/) in a real browser: signing in without a destination lands there,
each role sees what awaits it, the page passes axe-core at phone and desktop width, and a
screenshot of each is left in tests/e2e/screenshots/ for a person to look at."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .support import axe_violations, describe, screenshot, sign_in

pytestmark = pytest.mark.e2e

EXPECTED = {
    "staff": "Campaña abierta: Diagnóstico de madurez digital 2026 (demo)",
    "valparaiso": "Completar y enviar el diagnóstico «Diagnóstico de madurez digital 2026 (demo)»",
    "startup-a": "Su propuesta a «Patentes comerciales sin filas ni papeles»: Enviada",
    "partner": "Active la verificación en dos pasos",
}


def test_sign_in_lands_on_the_personal_home(new_context, hub_url: str) -> None:
    page = new_context().new_page()
    sign_in(page, hub_url, "santiago")
    expect(page).to_have_url(re.compile(r"/inicio/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hola")
    expect(page.get_by_role("navigation", name="Principal").get_by_role("link", name="Inicio")).to_have_attribute(
        "aria-current", "page"
    )


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
@pytest.mark.parametrize("user", sorted(EXPECTED))
def test_home_per_role_is_accessible(new_context, user: str, viewport: str) -> None:
    page = new_context(user, viewport=viewport).new_page()
    response = page.goto("/inicio/")
    assert response is not None and response.status == 200
    expect(page.get_by_role("link", name=EXPECTED[user])).to_be_visible()
    # Sections are headed lists: a screen-reader user can jump from one to the next.
    assert page.get_by_role("heading", level=2).count() >= 1
    screenshot(page, f"home-{user}-{viewport}")
    violations = axe_violations(page)
    assert not violations, f"/inicio/ as {user} ({viewport}):\n{describe(violations)}"
    # Nothing wider than a phone's screen.
    if viewport == "phone":
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
