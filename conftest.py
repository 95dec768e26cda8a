"""Shared test fixtures: the real territory and the demo network, loaded once per test database."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

DEMO_USERNAMES = ["staff", "analista", "santiago", "valparaiso", "startup-a", "startup-b", "partner"]


def _load_network() -> None:
    from hublocal.territory import selectors as territory_selectors

    if territory_selectors.commune_count_chile() == 345 and _demo_loaded():
        return
    call_command("load_territory", stdout=_Null())
    call_command("seed_demo", stdout=_Null())


def _demo_loaded() -> bool:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(username="staff").exists()


class _Null:
    def write(self, *_args: object) -> None:
        pass

    def flush(self) -> None:
        pass


class _Snapshot:
    """The test database as it stood after the territory and the demo were loaded.

    A `transaction=True` test ends with pytest-django flushing every table, and the next test
    would then seed the demo again (10–40 s each, the largest single cost of the suite). Copying
    the saved state back takes a fraction of a second: SQLite's online backup API between two
    in-memory databases; on PostgreSQL a template database (`CREATE DATABASE … TEMPLATE`)."""

    def __init__(self) -> None:
        from django.db import connection

        self.vendor = connection.vendor
        self.saved: Any = None
        if self.vendor == "sqlite":
            import sqlite3

            connection.ensure_connection()
            self.saved = sqlite3.connect(":memory:", check_same_thread=False)
            connection.connection.backup(self.saved)
        elif self.vendor == "postgresql":
            self.name = connection.settings_dict["NAME"]
            self.saved = f"{self.name}_snapshot"
            self._admin(
                f'DROP DATABASE IF EXISTS "{self.saved}"', f'CREATE DATABASE "{self.saved}" TEMPLATE "{self.name}"'
            )

    def _admin(self, *statements: str) -> None:
        import psycopg
        from django.db import connection, connections

        connections.close_all()  # a template is copied only while nobody is connected to it
        db = connection.settings_dict
        params = {"host": db["HOST"], "port": db["PORT"], "user": db["USER"], "password": db["PASSWORD"]}
        with psycopg.connect(dbname="postgres", autocommit=True, **{k: v for k, v in params.items() if v}) as admin:
            for statement in statements:
                admin.execute(statement)

    def restore(self) -> None:
        from django.contrib.contenttypes.models import ContentType
        from django.core.cache import cache
        from django.db import connection

        if self.vendor == "sqlite":
            connection.ensure_connection()
            self.saved.backup(connection.connection)
        elif self.vendor == "postgresql":
            self._admin(
                f'DROP DATABASE "{self.name}" WITH (FORCE)', f'CREATE DATABASE "{self.name}" TEMPLATE "{self.saved}"'
            )
        # Flush re-created the content types under new ids; the restored rows have the old ones.
        ContentType.objects.clear_cache()
        cache.clear()

    def drop(self) -> None:
        if self.vendor == "sqlite":
            self.saved.close()
        elif self.vendor == "postgresql":
            self._admin(f'DROP DATABASE IF EXISTS "{self.saved}"')


_SNAPSHOT: dict[str, Any] = {}


class _Seed:
    """One seeded test database per run, shared by the xdist workers.

    Migrating (about 20 s: Django renders the migration states of some 150 models) and seeding
    the territory and the demo (about 35 s) cost a minute of CPU per worker. The first worker to
    take the lock does it and leaves a copy; the others start from that copy: on PostgreSQL as
    the template of their test database (Django's TEST["TEMPLATE"]; the migrate that follows has
    nothing to apply), on SQLite by loading a file copy into their in-memory database (their own
    migrate then only creates empty tables from the models, which the copy replaces whole)."""

    def __init__(self, base: Path) -> None:
        import fcntl

        from django.conf import settings

        self.vendor = "postgresql" if "postgresql" in settings.DATABASES["default"]["ENGINE"] else "sqlite"
        shared = base / "test-db-shared"
        shared.mkdir(exist_ok=True)
        self.marker = shared / f"ready-{self.vendor}"
        self.file = shared / "seed.sqlite3"
        # The files the demo wrote (open-data files, certificate PDFs, library documents): each
        # process has its own MEDIA_ROOT, and the copied rows name these files.
        self.media = shared / f"media-{self.vendor}"
        self.lock = (shared / f"lock-{self.vendor}").open("w")
        fcntl.flock(self.lock, fcntl.LOCK_EX)  # released once this worker's database is ready
        self.source = self.marker.read_text() if self.marker.exists() else None
        self.builder = self.source is None
        if not self.builder:
            self._unlock()  # the copy is complete: nothing to wait for

    def _unlock(self) -> None:
        import fcntl

        if not self.lock.closed:
            fcntl.flock(self.lock, fcntl.LOCK_UN)
            self.lock.close()

    def prepare_settings(self) -> None:
        """Before the test database is created: start from the shared copy if there is one."""
        import shutil

        from django.conf import settings

        if self.builder:
            return
        shutil.copytree(self.media, settings.MEDIA_ROOT, dirs_exist_ok=True)
        if self.vendor == "postgresql":
            settings.DATABASES["default"].setdefault("TEST", {})["TEMPLATE"] = self.source

    def done(self) -> None:
        """After the network is loaded: the builder leaves its copy and releases the lock."""
        import shutil

        from django.conf import settings
        from django.db import connection

        if self.builder:
            shutil.copytree(settings.MEDIA_ROOT, self.media, dirs_exist_ok=True)
            if self.vendor == "sqlite":
                import sqlite3

                connection.ensure_connection()
                with sqlite3.connect(self.file) as copy:
                    connection.connection.backup(copy)
                self.marker.write_text(str(self.file))
            else:
                self.marker.write_text(_SNAPSHOT["db"].saved)  # the builder's snapshot, kept to the end
        self._unlock()

    def load_sqlite(self) -> None:
        import sqlite3

        from django.db import connection

        connection.ensure_connection()
        with sqlite3.connect(self.source) as copy:
            copy.backup(connection.connection)


def _xdist_base(config: pytest.Config, factory: pytest.TempPathFactory) -> Path | None:
    if not hasattr(config, "workerinput"):
        return None  # one process: nobody to share with
    return factory.getbasetemp().parent  # this run's temp root, common to its workers


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    request: pytest.FixtureRequest,
    django_db_modify_db_settings_parallel_suffix: None,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    base = _xdist_base(request.config, tmp_path_factory)
    if base is not None:
        seed = _Seed(base)
        seed.prepare_settings()
        _SNAPSHOT["seed"] = seed


@pytest.fixture(scope="session")
def django_db_use_migrations(request: pytest.FixtureRequest, django_db_modify_db_settings: None) -> bool:
    """A SQLite worker that loads the shared copy skips the migrations (the copy has them)."""
    seed = _SNAPSHOT.get("seed")
    if seed is not None and not seed.builder and seed.vendor == "sqlite":
        from django.conf import settings

        _SNAPSHOT["migration_modules"] = settings.MIGRATION_MODULES
        return False
    return not request.config.getvalue("nomigrations")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker) -> Iterator[None]:
    from django.conf import settings

    seed = _SNAPSHOT.get("seed")
    with django_db_blocker.unblock():
        if seed is not None and not seed.builder and seed.vendor == "sqlite":
            seed.load_sqlite()
            # pytest-django disabled the migrations for this process; the migration tests need them.
            settings.MIGRATION_MODULES = _SNAPSHOT.pop("migration_modules")
        _load_network()
        _SNAPSHOT["db"] = _Snapshot()
        _SNAPSHOT["blocker"] = django_db_blocker
        if seed is not None:
            seed.done()
    yield
    if "db" in _SNAPSHOT:
        with django_db_blocker.unblock():
            _SNAPSHOT.pop("db").drop()


def _flushes(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    transactional = bool(marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))
    names = getattr(item, "fixturenames", ())
    return transactional or "transactional_db" in names or "live_server" in names


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    yield
    # After the item's fixtures are torn down, i.e. after pytest-django's flush.
    if "db" in _SNAPSHOT and _flushes(item):
        with _SNAPSHOT["blocker"].unblock():
            _SNAPSHOT["db"].restore()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in Spanish: a test that leaves English active would otherwise make the
    next test's reverse() build /en/ addresses (and the order of tests differs between runs)."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: cached aggregates never leak between tests."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def network(db):
    """The 345 communes, their municipalities and the demo accounts (reloaded after a flush)."""
    _load_network()


@pytest.fixture
def users(network) -> dict:
    from django.contrib.auth import get_user_model

    found = {u.username: u for u in get_user_model().objects.filter(username__in=DEMO_USERNAMES)}
    return found


@pytest.fixture
def client_for(users) -> Callable[[str | None], Client]:
    """A browser-like client signed in as a demo account (None: anonymous)."""

    def make(username: str | None) -> Client:
        client = Client()
        if username:
            client.force_login(users[username])
        return client

    return make


def _runs_browser_tests(config: pytest.Config) -> bool:
    """Whether this xdist run will run browser tests, as far as the command line says before
    collection: its paths reach tests/e2e and no `-m`/`-k` rules them out (or might)."""
    if hasattr(config, "workerinput") or not getattr(config.option, "numprocesses", None):
        return False
    if config.option.keyword or config.option.markexpr.replace(" ", "") == "note2e":
        return False
    e2e = Path(__file__).resolve().parent / "tests" / "e2e"
    args = config.args or [str(Path(config.rootpath) / p) for p in config.getini("testpaths")]
    for arg in args:
        path = Path(arg.split("::")[0]).resolve()
        if e2e.is_relative_to(path) or path.is_relative_to(e2e):
            return True
    return False


_PREBUILD: dict[str, Any] = {}


@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    """The controller of an xdist run starts building the browser tests' hub template
    (tests/e2e/hub.py) before the test processes start: it then overlaps with the first process
    seeding the test database while the other waits for it, instead of coming after both."""
    if _runs_browser_tests(session.config):
        from tests.e2e import hub

        shared = session.config._tmp_path_factory.getbasetemp() / "e2e-shared"  # type: ignore[attr-defined]
        _PREBUILD["process"] = hub.start_prebuild(shared)


def pytest_sessionfinish(session: pytest.Session) -> None:
    """The controller of an xdist run stops the template's build if the run ended before it did,
    and on PostgreSQL drops the browser tests' template database (tests/e2e/conftest.py; each
    worker drops its own copy). The controller never collects, so this lives here rather than in
    tests/e2e/conftest.py."""
    process = _PREBUILD.pop("process", None)
    if process is not None and process.poll() is None:
        process.terminate()
        process.wait(timeout=30)
    outer = os.environ.get("DATABASE_URL", "")
    if hasattr(session.config, "workerinput") or not getattr(session.config.option, "numprocesses", None):
        return
    if not outer.startswith(("postgres://", "postgresql://")):
        return
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    from tests.e2e.hub import template_database_name

    shared = session.config._tmp_path_factory.getbasetemp() / "e2e-shared"  # type: ignore[attr-defined]
    admin = urlunsplit(urlsplit(outer)._replace(path="/postgres", query=""))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{template_database_name(shared)}" WITH (FORCE)')
