"""Browser tests: the app served in a subprocess on its own database, driven by Debian's Chromium.

Nothing here touches Django's ORM: the tests talk HTTP to the subprocess only, so they never
request pytest-django's `db` fixture. Each xdist worker gets its own database and port.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect, sync_playwright

from .support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    DEMO_PASSWORD,
    E2E_DIR,
    VIEWPORTS,
    axe_source,
    sign_in,
    template_database_name,
)

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


def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _python() -> str:
    venv = ROOT / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


class _Postgres:
    """A throw-away database hublocal_e2e_<worker> beside the one DATABASE_URL names."""

    def __init__(self, url: str, name: str | None = None) -> None:
        parts = urlsplit(url)
        self.name = name or f"hublocal_e2e_{_worker()}".replace("-", "_")
        self.url = urlunsplit(parts._replace(path=f"/{self.name}"))
        self.admin_url = urlunsplit(parts._replace(path="/postgres", query=""))

    def _run(self, *statements: str) -> None:
        import psycopg  # only needed when the suite runs on PostgreSQL

        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            for statement in statements:
                conn.execute(statement)

    def create(self, template: str | None = None) -> None:
        copy = f' TEMPLATE "{template}"' if template else ""
        self._run(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)', f'CREATE DATABASE "{self.name}"{copy}')

    def drop(self) -> None:
        self._run(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def _manage(env: dict[str, str], log: Path, *args: str) -> None:
    with log.open("a") as out:
        out.write(f"\n$ manage.py {' '.join(args)}\n")
        out.flush()
        started = time.monotonic()
        done = subprocess.run(
            [_python(), "manage.py", *args], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, timeout=300
        )
        out.write(f"# {time.monotonic() - started:.1f}s, exit {done.returncode}\n")
    if done.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{log.read_text()[-4000:]}")


def _collect_static(env: dict[str, str], log: Path, var_dir: Path, factory: pytest.TempPathFactory) -> None:
    """`collectstatic` (compressing every file) once per run: xdist workers share the result
    through a symlink, since it depends on the code only, not on the database."""
    if "PYTEST_XDIST_WORKER" not in os.environ:
        _manage(env, log, "collectstatic", "--noinput", "-v0")
        return
    shared = factory.getbasetemp().parent / "e2e-shared"  # this run's temp root, common to its workers
    shared.mkdir(exist_ok=True)
    with (shared / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (shared / "static-done").exists():
            _manage({**env, "HUBLOCAL_VAR_DIR": str(shared)}, log, "collectstatic", "--noinput", "-v0")
            (shared / "static-done").touch()
    (var_dir / "static").symlink_to(shared / "static", target_is_directory=True)


def _seed(env: dict[str, str], log: Path) -> None:
    _manage(env, log, "migrate", "--noinput")
    _manage(env, log, "load_territory")
    _manage(env, log, "seed_demo")


def _prepare_hub(
    env: dict[str, str], log: Path, var_dir: Path, postgres: _Postgres | None, factory: pytest.TempPathFactory
) -> None:
    """Migrate, load the territory and seed the demo, as `make run` does.

    With several xdist workers the first one builds a template (a var/ folder and its database)
    under a lock and every worker copies it: seeding costs about a minute of CPU, and the copy a
    second. The served hubs stay separate, so journeys running at once never see each other."""
    if "PYTEST_XDIST_WORKER" not in os.environ:
        if postgres is not None:
            postgres.create()
        _seed(env, log)
        return
    shared = factory.getbasetemp().parent / "e2e-shared"
    shared.mkdir(exist_ok=True)
    template_var = shared / "template-var"
    with (shared / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (shared / "template-done").exists():
            template_env = {**env, "HUBLOCAL_VAR_DIR": str(template_var)}
            if postgres is not None:
                template = _Postgres(os.environ["DATABASE_URL"], name=template_database_name(shared))
                template.create()
                template_env["DATABASE_URL"] = template.url
            else:
                template_env["DATABASE_URL"] = f"sqlite:///{template_var / 'e2e.sqlite3'}"
            _seed(template_env, log)
            (shared / "template-done").touch()
        # The media, mail and cache folders the seeding wrote, and (SQLite) the database file.
        shutil.copytree(template_var, var_dir, dirs_exist_ok=True, ignore=shutil.ignore_patterns("static"))
        if postgres is not None:
            postgres.create(template=template_database_name(shared))


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
    var_dir = tmp_path_factory.mktemp(f"e2e-{_worker()}")
    log = var_dir / "server.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "DJANGO_"))}
    env.pop("REDIS_URL", None)  # a shared cache would mix the workers' sessions and pages
    env.update(
        DJANGO_SETTINGS_MODULE="hublocal.settings.dev",
        HUBLOCAL_VAR_DIR=str(var_dir),
        DEMO_PASSWORD=DEMO_PASSWORD,
        DEBUG="0",
        HUEY_IMMEDIATE="1",  # no separate worker process: queued tasks run in the request
        PYTHONUNBUFFERED="1",
    )
    postgres = None
    outer = os.environ.get("DATABASE_URL", "")
    if outer.startswith(("postgres://", "postgresql://")):
        postgres = _Postgres(outer)
        env["DATABASE_URL"] = postgres.url
    else:
        env["DATABASE_URL"] = f"sqlite:///{var_dir / 'e2e.sqlite3'}"

    proc = None
    try:
        _prepare_hub(env, log, var_dir, postgres, tmp_path_factory)
        _collect_static(env, log, var_dir, tmp_path_factory)

        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        with log.open("a") as out:
            proc = subprocess.Popen(
                [_python(), "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
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


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright_driver: Playwright) -> Iterator[Browser]:
    chromium = playwright_driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()


@pytest.fixture(scope="session")
def signed_in_state(browser: Browser, hub_url: str) -> Callable[[str], dict[str, Any]]:
    """Cookies of a signed-in demo account, made once per account and worker.

    Tests that reuse these must not sign out: signing out ends the shared session."""
    states: dict[str, dict[str, Any]] = {}

    def get(username: str) -> dict[str, Any]:
        if username not in states:
            context = browser.new_context(base_url=hub_url)
            page = context.new_page()
            sign_in(page, hub_url, username)
            assert "/cuenta/ingresar/" not in page.url, f"could not sign in as {username}"
            states[username] = context.storage_state()
            context.close()
        return states[username]

    return get


def _context(browser: Browser, base: str, signed_in_state, user: str | None, viewport: str) -> BrowserContext:
    context = browser.new_context(
        base_url=base,
        viewport=VIEWPORTS[viewport],
        locale="es-CL",
        storage_state=signed_in_state(user) if user else None,
        is_mobile=viewport == "phone",
        has_touch=viewport == "phone",
    )
    context.set_default_timeout(15_000)
    return context


@pytest.fixture
def new_context(browser: Browser, hub_url: str, signed_in_state) -> Iterator[Callable[..., BrowserContext]]:
    """Factory of fresh browser contexts: new_context(user=None, viewport="desktop")."""
    contexts: list[BrowserContext] = []

    def make(user: str | None = None, viewport: str = "desktop") -> BrowserContext:
        context = _context(browser, hub_url, signed_in_state, user, viewport)
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
    for context in contexts.values():
        context.close()


@pytest.fixture
def page(new_context) -> Page:
    """An anonymous desktop page."""
    return new_context().new_page()
