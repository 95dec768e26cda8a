"""The hub the browser tests talk to, prepared as `make run` prepares it (migrate, territory,
demo, static files), without pytest or a browser: tests/e2e/conftest.py uses it for each test
process's hub, and the root conftest.py runs it as a script to build a run's shared template
ahead of the test processes (`python -m tests.e2e.hub prebuild <folder> <lock fd>`).

A run with several xdist processes builds one template (a var/ folder and its database) in
`<run's temporary folder>/e2e-shared`, under a lock; every process copies it. The controller
starts building it while the first test process migrates and seeds the test database and the
other waits for that one: the two minutes of set-up then overlap instead of following each other.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent.parent
DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "hublocal-demo")
TEMPLATE_DONE = "template-done"
STATIC_DONE = "static-done"


def worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


def python() -> str:
    venv = ROOT / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


def template_database_name(shared: Path) -> str:
    """The PostgreSQL template database the browser tests of one xdist run copy: named after
    the run's temporary folder, since several runs may share the server."""
    return "hublocal_e2e_tpl_" + hashlib.sha256(str(shared).encode()).hexdigest()[:10]


def is_postgres(url: str) -> bool:
    return url.startswith(("postgres://", "postgresql://"))


class Postgres:
    """A throw-away database hublocal_e2e_<worker> beside the one DATABASE_URL names."""

    def __init__(self, url: str, name: str | None = None) -> None:
        parts = urlsplit(url)
        self.name = name or f"hublocal_e2e_{worker()}".replace("-", "_")
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


def hub_env(var_dir: Path) -> dict[str, str]:
    """The served hub's environment: development settings without debug, its own var/ folder,
    no shared cache, queued tasks run in the request (no worker process)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "DJANGO_"))}
    env.pop("REDIS_URL", None)  # a shared cache would mix the workers' sessions and pages
    env.update(
        DJANGO_SETTINGS_MODULE="tests.e2e.hub_settings",  # dev settings and a clock the tests can move
        HUBLOCAL_VAR_DIR=str(var_dir),
        DEMO_PASSWORD=DEMO_PASSWORD,
        DEBUG="0",
        HUEY_IMMEDIATE="1",  # no separate worker process: queued tasks run in the request
        PYTHONUNBUFFERED="1",
    )
    return env


def hub_database_url(var_dir: Path, outer: str) -> str:
    """The database of the hub served from `var_dir`: its own PostgreSQL database beside the one
    `outer` names, or a SQLite file in its folder."""
    return Postgres(outer).url if is_postgres(outer) else f"sqlite:///{var_dir / 'e2e.sqlite3'}"


def shell(var_dir: Path, hub_url: str, code: str) -> str:
    """Run `code` with `manage.py shell` against a served hub's own database and var/ folder (a
    browser test never touches the ORM of the test process): its standard output."""
    env = hub_env(var_dir)
    env["DATABASE_URL"] = hub_database_url(var_dir, os.environ.get("DATABASE_URL", ""))
    env["SITE_URL"] = hub_url
    done = subprocess.run(
        [python(), "manage.py", "shell", "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def manage(env: dict[str, str], log: Path, *args: str) -> None:
    with log.open("a") as out:
        out.write(f"\n$ manage.py {' '.join(args)}\n")
        out.flush()
        started = time.monotonic()
        done = subprocess.run(
            [python(), "manage.py", *args], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, timeout=300
        )
        out.write(f"# {time.monotonic() - started:.1f}s, exit {done.returncode}\n")
    if done.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{log.read_text()[-4000:]}")


def seed(env: dict[str, str], log: Path) -> None:
    manage(env, log, "migrate", "--noinput")
    manage(env, log, "load_territory")
    manage(env, log, "seed_demo")


def build_shared(shared: Path, log: Path, database_url: str) -> None:
    """The run's template (seeded var/ folder and database) and its collected static files, each
    unless already there. The caller holds the lock `shared/lock`."""
    template_var = shared / "template-var"
    if not (shared / TEMPLATE_DONE).exists():
        env = hub_env(template_var)
        if is_postgres(database_url):
            template = Postgres(database_url, name=template_database_name(shared))
            template.create()
            env["DATABASE_URL"] = template.url
        else:
            env["DATABASE_URL"] = f"sqlite:///{template_var / 'e2e.sqlite3'}"
        seed(env, log)
        (shared / TEMPLATE_DONE).touch()
    if not (shared / STATIC_DONE).exists():
        # Static files depend on the code only, not on the database: collected (and compressed)
        # once per run, and linked from every process's var/ folder.
        manage(hub_env(shared), log, "collectstatic", "--noinput", "-v0")
        (shared / STATIC_DONE).touch()


def prepare(var_dir: Path, log: Path, database_url: str, shared: Path | None) -> dict[str, str]:
    """This process's hub in `var_dir`: a copy of the run's template when `shared` is given
    (several xdist processes), else seeded here. Returns the environment to serve it with."""
    env = hub_env(var_dir)
    postgres = Postgres(database_url) if is_postgres(database_url) else None
    env["DATABASE_URL"] = hub_database_url(var_dir, database_url)
    if shared is None:
        if postgres is not None:
            postgres.create()
        seed(env, log)
        manage(env, log, "collectstatic", "--noinput", "-v0")
        return env
    shared.mkdir(exist_ok=True)
    with (shared / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # waits for the controller's build (prebuild) or another process
        build_shared(shared, log, database_url)
        # The media, mail and cache folders the seeding wrote, and (SQLite) the database file.
        ignore = shutil.ignore_patterns("static")
        shutil.copytree(shared / "template-var", var_dir, dirs_exist_ok=True, ignore=ignore)
        if postgres is not None:
            postgres.create(template=template_database_name(shared))
    (var_dir / "static").symlink_to(shared / "static", target_is_directory=True)
    return env


def start_prebuild(shared: Path) -> subprocess.Popen | None:
    """Start building the run's template in a background process that holds the lock until it
    is done (the test processes wait on it, then copy). Called by the xdist controller."""
    shared.mkdir(parents=True, exist_ok=True)
    lock = (shared / "lock").open("w")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        lock.close()
        return None
    try:
        # The child inherits the locked file: the lock is released when it exits, whatever happens.
        return subprocess.Popen(
            [python(), "-m", "tests.e2e.hub", "prebuild", str(shared), str(lock.fileno())],
            cwd=ROOT,
            pass_fds=(lock.fileno(),),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    finally:
        lock.close()


def _main(argv: list[str]) -> int:
    if len(argv) != 3 or argv[0] != "prebuild":
        print("usage: python -m tests.e2e.hub prebuild <shared folder> <lock fd>", file=sys.stderr)
        return 2
    shared = Path(argv[1])
    # Failures are left to the test processes: they find no marker, build it themselves and
    # show the error there. The log is theirs to read too.
    try:
        build_shared(shared, shared / "prebuild.log", os.environ.get("DATABASE_URL", ""))
    except Exception as exc:  # noqa: BLE001 — reported through the log; the tests rebuild
        with (shared / "prebuild.log").open("a") as out:
            out.write(f"prebuild failed: {exc}\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
