"""Helpers for the browser tests: signing in, axe-core, screenshots and network accounting."""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import ConsoleMessage, Error, Page, Request

E2E_DIR = Path(__file__).resolve().parent
SCREENSHOTS = E2E_DIR / "screenshots"
DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "hublocal-demo")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}

# WCAG 2.0/2.1/2.2 A and AA, plus axe's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


@functools.cache
def axe_source() -> str:
    import axe_playwright_python  # ships axe.min.js; we only use the file

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


def sign_in(page: Page, base: str, username: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the form, as a person would."""
    page.goto(f"{base}/cuenta/ingresar/")
    page.get_by_label("Nombre de usuario").fill(username)
    page.get_by_label("Contraseña").fill(password)
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name="Ingresar").click()


def screenshot(page: Page, name: str, *, folder: Path | None = None, full_page: bool = True) -> None:
    """A picture for a person to look at (the whole page unless `full_page` is False), in
    `folder` (tests/e2e/screenshots/ by default). Not taken in CI (nobody looks there, and the
    pictures were a good part of the browser tests' time) unless E2E_SCREENSHOTS=1."""
    if os.environ.get("E2E_SCREENSHOTS", "0" if os.environ.get("CI") else "1") != "1":
        return
    target = folder or SCREENSHOTS
    target.mkdir(parents=True, exist_ok=True)
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("_")
    page.screenshot(path=str(target / f"{safe}.png"), full_page=full_page)


def axe_violations(page: Page) -> list[dict]:
    """Run axe-core on the page as it is now. axe is evaluated (or added as an init script)
    through the DevTools protocol, so the page's strict CSP stays in force: any inline style or
    script of the page itself would still be refused and show up as a console error."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    results = page.evaluate(
        "opts => axe.run(document, opts)",
        {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]},
    )
    return results["violations"]


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} {v['helpUrl']}")
        for node in v["nodes"][:5]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {' '.join(map(str, node['target']))}: {node['html'][:160]} — {summary[:300]}")
    return "\n".join(lines)


@dataclass
class Traffic:
    """Every request a page makes, for page weight and the no-third-party check."""

    requests: list[Request] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def attach(self, page: Page) -> Traffic:
        page.on("request", self._on_request)
        page.on("console", self._on_console)
        page.on("pageerror", self._on_page_error)
        return self

    def _on_request(self, request: Request) -> None:
        self.requests.append(request)

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.console_errors.append(message.text)

    def _on_page_error(self, error: Error) -> None:
        self.console_errors.append(str(error))

    def foreign_hosts(self, base: str) -> set[str]:
        ours = urlsplit(base).netloc
        return {
            urlsplit(r.url).netloc
            for r in self.requests
            if urlsplit(r.url).scheme not in ("data", "blob", "about") and urlsplit(r.url).netloc != ours
        }

    def transferred(self, exclude: tuple[str, ...] = ()) -> tuple[int, list[tuple[str, int, str]]]:
        """Bytes on the wire (headers + encoded body) of every finished response, and the details."""
        total = 0
        rows = []
        for request in self.requests:
            if any(part in request.url for part in exclude):
                continue
            response = request.response()
            if response is None:
                continue
            sizes = request.sizes()
            size = sizes["responseBodySize"] + sizes["responseHeadersSize"]
            total += size
            rows.append((request.url, size, response.headers.get("content-encoding", "")))
        return total, rows


def create_account(
    staff: Page, username: str, password: str, *, role: str = "partner", organization: str = "datamuni-spa"
) -> None:
    """`staff` creates a fresh account (a partner by default) through the back office, as a person
    would: tests that change a password, enrol a second factor or erase an account use one, so
    the demo accounts other browser tests share stay as they are; a test that needs a second
    official of a municipality makes one the same way."""
    from playwright.sync_api import expect

    staff.goto("/cuenta/gestion/usuarios/nuevo/")
    staff.get_by_label("Nombre de usuario").fill(username)
    staff.get_by_label("Correo").fill(f"{username}@example.cl")
    staff.get_by_label("Rol").select_option(role)
    staff.get_by_label("Organización (identificador)").fill(organization)
    staff.get_by_label("Contraseña inicial").fill(password)
    with staff.expect_navigation():
        staff.locator("main").get_by_role("button", name="Crear cuenta").click()
    expect(staff.get_by_role("status")).to_contain_text(username)


def wait_until(page: Page, expression: str, timeout: float = 15.0) -> None:
    """Wait until a page expression (a promise is awaited) is truthy, polling from here.

    Not `page.wait_for_function`: after a first false result it compiles the predicate inside
    the page, which the site's strict CSP (no 'unsafe-eval') refuses."""
    import time

    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"not true within {timeout} s: {expression}")
        page.wait_for_timeout(50)


def answer_visible_questions(page: Page) -> int:
    """Answer every shown, still-empty question of a diagnosis section as a careful official
    would (the last option, the first box, the lowest number); returns how many it answered.
    Each question is brought to the middle of the screen first, as a person scrolls to it: on a
    phone the sticky save bar covers the bottom, where Playwright alone would stop."""

    def centre(locator: Any) -> Any:
        locator.evaluate("el => el.scrollIntoView({block: 'center'})")
        return locator

    filled = 0
    for block in page.locator("fieldset.question-block").all():
        radios = block.locator("input[type=radio]")
        boxes = block.locator("input[type=checkbox]")
        number = block.locator("input[type=number]")
        if radios.count():
            if not block.locator("input[type=radio]:checked").count():
                centre(radios.nth(radios.count() - 1)).check()
                filled += 1
        elif boxes.count():
            if not block.locator("input[type=checkbox]:checked").count():
                centre(boxes.first).check()
                filled += 1
        elif number.count() and not number.input_value():
            centre(number).fill(number.get_attribute("min") or "1")
            filled += 1
    return filled
