#!/usr/bin/env python
"""Hub Local's HTTP benchmark at Latin-American scale, on SQLite and/or PostgreSQL.

    .venv/bin/python bench/run.py [--db sqlite|postgres|both] [--duration 6] [--concurrency 8]

For each backend it prepares a database (SQLite under var/bench/, PostgreSQL `hublocal_bench`),
runs migrate, load_territory and seed_scale (a no-op once the data is there), collectstatic,
starts gunicorn with the production settings on a free loopback port, drives every endpoint
for a bounded time with a small keep-alive HTTP client in threads, interleaving short slices of
the framework floor `/bench/floor` so each endpoint is compared with the floor under the same
conditions, and prints a markdown table (req/s, p50/p95/p99 latency, errors, ratio to the floor).
Results go to bench/results/<backend>.json. Gunicorn is always stopped at the end.

Only loopback addresses are ever contacted; every loop is bounded in time and count.
See docs/performance.md for the method and the figures.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import platform
import secrets
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
VAR = ROOT / "var" / "bench"
RESULTS = ROOT / "bench" / "results"
HOST = "127.0.0.1"
PG_ADMIN_URL = os.environ.get("BENCH_PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
PG_DB = "hublocal_bench"

# (label, path). "{org}" is replaced by the slug of a scale organisation. The floor runs
# first so every ratio compares against the same run's Django-only cost.
FLOOR = "/bench/floor"
ENDPOINTS: list[tuple[str, str]] = [
    ("framework floor", FLOOR),
    ("home", "/"),
    ("municipalities list", "/municipios/"),
    ("municipality detail", "/municipios/13101/"),
    ("organisations list", "/organizaciones/"),
    ("organisation detail", "/organizaciones/{org}/"),
    ("API communes", "/api/v1/communes/"),
    ("API communes page 500", "/api/v1/communes/?page=500"),
    ("API commune detail", "/api/v1/communes/13101/"),
    ("API organisations", "/api/v1/organizations/"),
    # Searches: a common word (many hits) and a miss (the whole table is scanned for nothing).
    ("organisations search", "/organizaciones/?q=andes"),
    ("API organisations search, no hit", "/api/v1/organizations/?q=xqzw"),
]

# Hard ceilings, whatever the options say.
MAX_DURATION = 60.0
MAX_REQUESTS_PER_ENDPOINT = 200_000
MAX_CONCURRENCY = 64
REQUEST_TIMEOUT = 30.0


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- preparation


def database_url(backend: str) -> str:
    if backend == "sqlite":
        return f"sqlite:///{VAR / 'hublocal-bench.sqlite3'}"
    return f"postgresql://postgres@127.0.0.1:5432/{PG_DB}"


def ensure_postgres_database(fresh: bool) -> None:
    import psycopg  # the project's own dependency

    with psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=10) as conn:
        if fresh:
            log(f"dropping PostgreSQL database {PG_DB}")
            conn.execute(f'DROP DATABASE IF EXISTS "{PG_DB}"')
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [PG_DB]).fetchone()
        if not exists:
            log(f"creating PostgreSQL database {PG_DB}")
            conn.execute(f'CREATE DATABASE "{PG_DB}"')


def server_env(backend: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DEBUG"}}
    env.update(
        # Overridable only to try the harness against a variant; the figures use production.
        DJANGO_SETTINGS_MODULE=os.environ.get("BENCH_SETTINGS_MODULE", "hublocal.settings.production"),
        SECRET_KEY=secrets.token_urlsafe(50),
        SECURE_SSL_REDIRECT="0",
        ALLOWED_HOSTS=HOST,
        DATABASE_URL=database_url(backend),
        # Static files, the huey file and the SQLite database stay apart from `make run`'s.
        HUBLOCAL_VAR_DIR=str(VAR),
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    return env


TIMINGS: dict[str, float] = {}


def manage(env: dict[str, str], *args: str, timeout: float = 600) -> str:
    started = time.monotonic()
    proc = subprocess.run(
        [str(PYTHON), "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")
    TIMINGS[args[0]] = round(time.monotonic() - started, 1)
    log(f"manage.py {args[0]} ({TIMINGS[args[0]]} s) {proc.stdout.strip().splitlines()[-1:]}")
    return proc.stdout


def prepare(backend: str, env: dict[str, str], args: argparse.Namespace) -> None:
    VAR.mkdir(parents=True, exist_ok=True)
    if backend == "postgres":
        ensure_postgres_database(args.fresh)
    elif args.fresh:
        for suffix in ("", "-wal", "-shm"):
            Path(database_url(backend).removeprefix("sqlite:///") + suffix).unlink(missing_ok=True)
    manage(env, "migrate", "--noinput")
    manage(env, "load_territory")
    if not args.skip_seed:
        # Idempotent: tops up to the targets, about a second when the data is already there.
        manage(
            env,
            "seed_scale",
            f"--communes={args.communes}",
            f"--organizations={args.organizations}",
            f"--people={args.people}",
            f"--seed={args.seed}",
        )
    analyze(backend)
    manage(env, "collectstatic", "--noinput", "-v0")


def analyze(backend: str) -> None:
    """Refresh planner statistics after the bulk load, as autovacuum (PostgreSQL) or a routine
    `PRAGMA optimize` (SQLite) would in production: without them PostgreSQL counts rows by
    reading the whole heap and sorts deep pages instead of walking the index."""
    started = time.monotonic()
    if backend == "sqlite":
        path = database_url(backend).removeprefix("sqlite:///")
        with sqlite3.connect(path, timeout=60) as conn:
            conn.execute("ANALYZE")
    else:
        import psycopg

        with psycopg.connect(database_url(backend), autocommit=True, connect_timeout=10) as conn:
            conn.execute("VACUUM (ANALYZE)")
    TIMINGS["analyze"] = round(time.monotonic() - started, 1)
    log(f"analyze ({TIMINGS['analyze']} s)")


def query(backend: str, sql: str) -> list[tuple[Any, ...]]:
    """Read-only SQL straight from the bench database (dataset sizes, a sample slug)."""
    if backend == "sqlite":
        path = database_url(backend).removeprefix("sqlite:///")
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=20) as conn:
            return conn.execute(sql).fetchall()
    import psycopg

    with psycopg.connect(database_url(backend), connect_timeout=10) as conn:
        return conn.execute(sql).fetchall()


def dataset(backend: str) -> dict[str, int]:
    tables = {
        "communes": "territory_commune",
        "organizations": "directory_organization",
        "people": "directory_person",
        "memberships": "directory_membership",
    }
    # Table names are the constants above, never input.
    return {name: query(backend, f"SELECT COUNT(*) FROM {table}")[0][0] for name, table in tables.items()}  # noqa: S608


def sample_org_slug(backend: str) -> str:
    rows = query(
        backend,
        "SELECT slug FROM directory_organization WHERE slug LIKE 'scale-0%' ORDER BY slug LIMIT 1 OFFSET 1234",
    ) or query(backend, "SELECT slug FROM directory_organization ORDER BY slug LIMIT 1")
    return rows[0][0] if rows else "missing"


# --------------------------------------------------------------------------- server


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


class Process:
    """A child in its own process group, so stopping it stops its children too (gunicorn's
    workers, a task worker's threads). Also used by bench/load.py."""

    def __init__(self, cmd: list[str], env: dict[str, str], log_path: Path) -> None:
        self.log_file = log_path.open("w")
        self.proc = subprocess.Popen(
            cmd, cwd=ROOT, env=env, stdout=self.log_file, stderr=subprocess.STDOUT, start_new_session=True
        )

    def stop(self) -> None:
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(timeout=15)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        self.log_file.close()


class Server(Process):
    """gunicorn on a free loopback port."""

    def __init__(self, env: dict[str, str], workers: int, log_path: Path) -> None:
        self.port = free_port()
        cmd = [
            str(GUNICORN),
            "hublocal.wsgi:application",
            "-w",
            str(workers),
            "-b",
            f"{HOST}:{self.port}",
            "--timeout",
            "60",
            "--graceful-timeout",
            "5",
            "--log-level",
            "warning",
        ]
        super().__init__(cmd, env, log_path)

    def wait_healthy(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        last = ""
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.proc.returncode}; see {self.log_file.name}")
            try:
                status, body = fetch(self.port, "/healthz", timeout=5)
                if status == 200:
                    return
                last = f"{status} {body[:200]!r}"
            except OSError as exc:
                last = str(exc)
            time.sleep(0.3)
        raise RuntimeError(f"/healthz did not answer 200 within {timeout:.0f} s (last: {last})")


def fetch(port: int, path: str, timeout: float = REQUEST_TIMEOUT) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Accept-Encoding": "identity"})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


# --------------------------------------------------------------------------- load


@dataclass
class Slice:
    """What one bounded burst of load on one path produced."""

    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    error_samples: list[str] = field(default_factory=list)
    seconds: float = 0.0
    cpu_seconds: float = 0.0

    def add(self, other: Slice) -> None:
        self.latencies += other.latencies
        self.errors += other.errors
        self.error_samples = (self.error_samples + other.error_samples)[:5]
        self.seconds += other.seconds
        self.cpu_seconds += other.cpu_seconds

    @property
    def rps(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0


@dataclass
class Result:
    label: str
    path: str
    requests: int = 0
    errors: int = 0
    seconds: float = 0.0
    rps: float = 0.0
    p50_ms: float = 0.0
    p95_ms: float = 0.0
    p99_ms: float = 0.0
    bytes_per_response: int = 0
    status: int = 0
    # The floor's throughput in the slices interleaved with this endpoint's, and the ratio.
    paired_floor_rps: float | None = None
    ratio_to_floor: float | None = None
    # Cores the load generator itself used: on a 2-core machine it competes with the server,
    # which is what caps the floor.
    client_cpu: float = 0.0
    note: str = ""
    error_samples: list[str] = field(default_factory=list)

    def fill(self, data: Slice) -> None:
        merged = sorted(data.latencies)
        self.requests = len(merged) + data.errors
        self.errors = data.errors
        self.error_samples = data.error_samples
        self.seconds = round(data.seconds, 2)
        self.rps = round(data.rps, 1)
        self.client_cpu = round(data.cpu_seconds / data.seconds, 2) if data.seconds else 0.0
        self.p50_ms, self.p95_ms, self.p99_ms = (round(percentile(merged, q) * 1000, 2) for q in (0.5, 0.95, 0.99))


def percentile(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return 0.0
    index = min(len(sorted_values) - 1, max(0, round(q * (len(sorted_values) - 1))))
    return sorted_values[index]


def burst(port: int, path: str, seconds: float, concurrency: int, max_requests: int) -> Slice:
    """GET one path from `concurrency` threads until `seconds` elapse or `max_requests` are
    sent. Each thread keeps its connection alive while the server allows it (gunicorn's sync
    workers close after every response, and http.client then reconnects by itself)."""
    lock = threading.Lock()
    latencies: list[list[float]] = [[] for _ in range(concurrency)]
    errors = [0] * concurrency
    samples: list[str] = []
    sent = [0]
    stop_at = time.monotonic() + seconds

    def worker(i: int) -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
        mine = latencies[i]
        try:
            while time.monotonic() < stop_at:
                with lock:
                    if sent[0] >= max_requests:
                        return
                    sent[0] += 1
                t0 = time.perf_counter()
                try:
                    conn.request("GET", path, headers={"Accept-Encoding": "identity"})
                    response = conn.getresponse()
                    response.read()
                    ok = response.status == 200
                    problem = f"HTTP {response.status}"
                except (OSError, http.client.HTTPException) as exc:
                    ok, problem = False, f"{type(exc).__name__}: {exc}"
                    conn.close()
                    conn = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
                elapsed = time.perf_counter() - t0
                if ok:
                    mine.append(elapsed)
                else:
                    errors[i] += 1
                    if len(samples) < 5:
                        samples.append(problem)
        finally:
            conn.close()

    started = time.monotonic()
    cpu_before = time.process_time()
    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=seconds + REQUEST_TIMEOUT + 5)
    return Slice(
        latencies=[x for per_thread in latencies for x in per_thread],
        errors=sum(errors),
        error_samples=samples,
        seconds=time.monotonic() - started,
        cpu_seconds=time.process_time() - cpu_before,
    )


def drive(port: int, label: str, path: str, args: argparse.Namespace, floor_total: Slice) -> Result:
    """Measure one endpoint in `args.rounds` slices, each followed by a slice of the floor half
    as long. Pairing them this way keeps the ratio meaningful when the machine's background
    load drifts during the run: both sides see the same conditions."""
    result = Result(label=label, path=path)
    status, body = fetch(port, path)
    result.status, result.bytes_per_response = status, len(body)
    if status != 200:
        result.note = f"HTTP {status} before the run: skipped"
        return result
    # Warm-up: first-request imports, template loading, connection set-up, database caches.
    for _ in range(3 * args.concurrency):
        fetch(port, path)
    budget = max(1, args.max_requests // args.rounds)
    mine, floor = Slice(), Slice()
    for _ in range(args.rounds):
        mine.add(burst(port, path, args.duration / args.rounds, args.concurrency, budget))
        if path != FLOOR:
            floor.add(burst(port, FLOOR, args.duration / args.rounds / 2, args.concurrency, budget))
    result.fill(mine)
    if path == FLOOR:
        floor = mine
    floor_total.add(floor)
    if floor.rps:
        result.paired_floor_rps = round(floor.rps, 1)
        result.ratio_to_floor = round(mine.rps / floor.rps, 3)
    return result


# --------------------------------------------------------------------------- report


def markdown(backend: str, results: list[Result]) -> str:
    lines = [
        f"### {backend}",
        "",
        "| endpoint | path | req/s | p50 ms | p95 ms | p99 ms | errors | floor req/s (paired) | × floor |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        if r.note:
            lines.append(f"| {r.label} | `{r.path}` | — | — | — | — | — | — | {r.note} |")
            continue
        ratio = f"{r.ratio_to_floor:.2f}" if r.ratio_to_floor is not None else "n/a"
        paired = f"{r.paired_floor_rps:.0f}" if r.paired_floor_rps is not None else "n/a"
        lines.append(
            f"| {r.label} | `{r.path}` | {r.rps:.0f} | {r.p50_ms:.1f} | {r.p95_ms:.1f} | {r.p99_ms:.1f} "
            f"| {r.errors} | {paired} | {ratio} |"
        )
    return "\n".join(lines)


def run_backend(backend: str, args: argparse.Namespace) -> dict[str, Any]:
    env = server_env(backend)
    TIMINGS.clear()
    log(f"=== {backend}: preparing {database_url(backend)}")
    prepare(backend, env, args)
    sizes = dataset(backend)
    org = sample_org_slug(backend)
    log(f"dataset: {sizes}; sample organisation: {org}")
    load_before = os.getloadavg()[0]
    if load_before > 1.0:
        log(f"warning: load average {load_before:.1f} before the run; figures will be low and noisy")
    server = Server(env, args.workers, VAR / f"gunicorn-{backend}.log")
    results: list[Result] = []
    try:
        server.wait_healthy()
        endpoints = [(label, path.replace("{org}", org)) for label, path in ENDPOINTS]
        if args.only:
            endpoints = [e for e in endpoints if e[1] == FLOOR or any(o in e[1] for o in args.only)]
        floor_total = Slice()
        for label, path in endpoints:
            r = drive(server.port, label, path, args, floor_total)
            log(
                f"{path}: "
                + (
                    r.note
                    or f"{r.rps:.0f} req/s, p50 {r.p50_ms} ms, p99 {r.p99_ms} ms, {r.errors} errors, "
                    f"{r.ratio_to_floor} × floor ({r.paired_floor_rps} req/s)"
                )
            )
            results.append(r)
    finally:
        server.stop()
    floor_rps = round(floor_total.rps, 1) if floor_total.seconds else None
    report = {
        "backend": backend,
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
            "load_average_before": round(load_before, 2),
            "load_average_after": round(os.getloadavg()[0], 2),
        },
        "server": f"gunicorn -w {args.workers} (sync), hublocal.settings.production, no Redis",
        "load": {
            "duration_s": args.duration,
            "concurrency": args.concurrency,
            "rounds": args.rounds,
            "client": "http.client threads",
        },
        "dataset": sizes,
        "preparation_s": dict(TIMINGS),
        "floor_rps": floor_rps,
        "results": [asdict(r) for r in results],
        "markdown": markdown(backend, results),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{backend}.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--duration", type=float, default=6.0, help="seconds of load per endpoint (max 60)")
    parser.add_argument("--concurrency", type=int, default=8, help="client threads (max 64)")
    parser.add_argument(
        "--rounds", type=int, default=3, help="slices per endpoint, each followed by a floor slice half as long"
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--max-requests", type=int, default=MAX_REQUESTS_PER_ENDPOINT)
    parser.add_argument("--communes", type=int, default=20_000)
    parser.add_argument("--organizations", type=int, default=50_000)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--skip-seed", action="store_true", help="use the database as it is")
    parser.add_argument("--fresh", action="store_true", help="drop the bench database first and rebuild it")
    parser.add_argument("--only", nargs="*", help="only paths containing one of these (the floor always runs)")
    args = parser.parse_args()
    args.duration = min(max(args.duration, 0.5), MAX_DURATION)
    args.concurrency = min(max(args.concurrency, 1), MAX_CONCURRENCY)
    args.max_requests = min(max(args.max_requests, 1), MAX_REQUESTS_PER_ENDPOINT)
    args.rounds = min(max(args.rounds, 1), 10)

    backends = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    reports = []
    for backend in backends:
        reports.append(run_backend(backend, args))
    print()
    for report in reports:
        sizes = report["dataset"]
        print(
            f"{report['backend']}: {sizes['communes']} communes, {sizes['organizations']} organisations, "
            f"{sizes['people']} people; {report['load']['concurrency']} client threads, "
            f"{report['load']['duration_s']:g} s per endpoint, {report['server']}"
        )
        print()
        print(report["markdown"])
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
