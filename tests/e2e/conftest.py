"""Browser tests: the app served in a subprocess on its own database, driven by Debian's Chromium.

Nothing here touches Django's ORM: the tests talk HTTP to the subprocess only, so they never
request pytest-django's `db` fixture. Each xdist worker gets its own database and port.
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect, sync_playwright

from . import hub
from .support import CHROMIUM, CHROMIUM_ARGS, E2E_DIR, VIEWPORTS, axe_source, sign_in

ROOT = E2E_DIR.parent.parent
# Playwright applies `context.set_offline` to service workers only with this set before its
# driver starts (test_e2e_offline.py); without it a worker silently reaches the server offline.
os.environ.setdefault("PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS", "1")
SERVER_START_TIMEOUT = 60
# Generous waits: CI machines are small and the server shares them with the browser.
expect.set_options(timeout=15_000)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Every module also sets pytestmark; this keeps a forgotten one from escaping `-m "not e2e"`.
    for item in items:
        if Path(str(item.fspath)).is_relative_to(E2E_DIR):
            item.add_marker(pytest.mark.e2e)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_healthy(url: str, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited with {proc.returncode}:\n{log.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the server did not answer /healthz in {SERVER_START_TIMEOUT}s:\n{log.read_text()[-4000:]}")


# Each served hub's var/ folder by its URL: tests read the e-mails it "sends" (file backend) there.
VAR_DIRS: dict[str, Path] = {}


@pytest.fixture(scope="session")
def hub_mail_dir(hub_url: str) -> Path:
    """Where the served hub writes its outgoing e-mail (Django's file backend, var/mail/)."""
    return VAR_DIRS[hub_url] / "mail"


@pytest.fixture(scope="session")
def hub_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of Hub Local prepared as `make run` does (migrate, territory, demo, static)."""
    var_dir = tmp_path_factory.mktemp(f"e2e-{hub.worker()}")
    log = var_dir / "server.log"
    outer = os.environ.get("DATABASE_URL", "")
    postgres = hub.Postgres(outer) if hub.is_postgres(outer) else None
    # With several xdist processes they copy one template, which the controller may already be
    # building (the root conftest.py starts it at the beginning of the run).
    shared = tmp_path_factory.getbasetemp().parent / "e2e-shared" if "PYTEST_XDIST_WORKER" in os.environ else None
    proc = None
    try:
        env = hub.prepare(var_dir, log, outer, shared)

        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        with log.open("a") as out:
            proc = subprocess.Popen(
                [hub.python(), "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        _wait_healthy(url, proc, log)
        VAR_DIRS[url] = var_dir
        yield url
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if postgres is not None:
            postgres.drop()


# Playwright's synchronous API marks its event loop as running in this thread after every call.
# Django then refuses to open a database connection from the thread (SynchronousOnlyOperation),
# so a test process that ran a browser test before a database test (xdist hands tests out in any
# order) failed to set up its database; with that guard switched off instead, a second
# connection to the test database stayed open and the database could not be dropped. So the
# mark is lifted after each browser test and put back before the next, and before the session's
# browser is closed (which may happen during another directory's last test).
_PLAYWRIGHT_LOOP: list[asyncio.AbstractEventLoop] = []


def _resume_playwright() -> None:
    if _PLAYWRIGHT_LOOP:
        asyncio._set_running_loop(_PLAYWRIGHT_LOOP[0])


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Iterator[None]:
    _resume_playwright()
    yield


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    yield
    loop = asyncio._get_running_loop()
    if loop is not None:
        _PLAYWRIGHT_LOOP[:] = [loop]
        asyncio._set_running_loop(None)


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver
        _resume_playwright()


@pytest.fixture(scope="session")
def browser(playwright_driver: Playwright) -> Iterator[Browser]:
    chromium = playwright_driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield chromium
    _resume_playwright()
    chromium.close()


@pytest.fixture(scope="session")
def signed_in_state(browser: Browser, hub_url: str) -> Callable[[str], dict[str, Any]]:
    """Cookies of a signed-in demo account, made once per account and worker.

    Tests that reuse these must not sign out: signing out ends the shared session."""
    states: dict[str, dict[str, Any]] = {}

    def get(username: str) -> dict[str, Any]:
        if username not in states:
            context = browser.new_context(base_url=hub_url, service_workers="block")
            page = context.new_page()
            sign_in(page, hub_url, username)
            assert "/cuenta/ingresar/" not in page.url, f"could not sign in as {username}"
            states[username] = context.storage_state()
            context.close()
        return states[username]

    return get


def _context(
    browser: Browser, base: str, signed_in_state, user: str | None, viewport: str, *, service_worker: bool = False
) -> BrowserContext:
    context = browser.new_context(
        base_url=base,
        viewport=VIEWPORTS[viewport],
        locale="es-CL",
        storage_state=signed_in_state(user) if user else None,
        is_mobile=viewport == "phone",
        has_touch=viewport == "phone",
        service_workers="allow" if service_worker else "block",
    )
    context.set_default_timeout(15_000)
    return context


@pytest.fixture
def new_context(
    browser: Browser, hub_url: str, signed_in_state, request: pytest.FixtureRequest
) -> Iterator[Callable[..., BrowserContext]]:
    """Factory of fresh browser contexts: new_context(user=None, viewport="desktop").

    The site's service worker runs only in tests marked `service_worker` (the offline answers,
    the diagnosis and the cross-role journeys): everywhere else it is blocked. Installing it in
    every fresh context, precaching its files and passing every request through it cost about a
    third of Chromium's CPU per page, the largest share of the suite's time, and the pages
    themselves do not depend on it (offline.js carries on without one)."""
    contexts: list[BrowserContext] = []
    service_worker = request.node.get_closest_marker("service_worker") is not None

    def make(user: str | None = None, viewport: str = "desktop") -> BrowserContext:
        context = _context(browser, hub_url, signed_in_state, user, viewport, service_worker=service_worker)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def shared_context(browser: Browser, hub_url: str, signed_in_state) -> Iterator[Callable[..., BrowserContext]]:
    """One context per account and viewport for read-only visits (the accessibility sweep):
    cheaper than a fresh one per test. Tests using it must not change the session."""
    contexts: dict[tuple[str | None, str], BrowserContext] = {}

    def get(user: str | None = None, viewport: str = "desktop") -> BrowserContext:
        key = (user, viewport)
        if key not in contexts:
            contexts[key] = _context(browser, hub_url, signed_in_state, user, viewport)
            contexts[key].add_init_script(script=axe_source())
        return contexts[key]

    yield get
    _resume_playwright()
    for context in contexts.values():
        context.close()


@pytest.fixture
def page(new_context) -> Page:
    """An anonymous desktop page."""
    return new_context().new_page()
