#!/usr/bin/env python
"""Hub Local's load benchmark: every page family under locust, on PostgreSQL, in one command.

    make bench-load
    .venv/bin/python bench/load.py [--users 8] [--single-seconds 2] [--load-seconds 2.5]
                                   [--floor-seconds 2] [--rounds 3] [--storm-users 200] [--storm-seconds 15]
                                   [--solutions 50000] [--skip-seed] [--fresh] [--only TEXT…] [--no-front]

1. Prepares PostgreSQL database `hublocal_bench` with bench/run.py's code (migrate,
   load_territory, seed_scale, VACUUM ANALYZE, collectstatic), then the demo (its accounts sign
   in for the signed-in pages), the diagnosis at scale (`seed_scale_diagnosis`: 2 million
   answers, skipped once its results exist) and synthetic catalogue solutions up to
   `--solutions` (`seed_scale_solutions`), then builds the matcher's shared index.
2. Starts the production configuration: nginx in front (installed by `make bench-tools`; it
   sends the open-data files itself through X-Accel-Redirect, `EXPORTS_OFFLOAD=accel`; skipped
   with `--no-front`), gunicorn with deploy/gunicorn.conf.py (2 workers,
   `hublocal.settings.production`) if the file exists, else the equivalent flags, Redis for the
   cache and the queue (database 14, emptied first) and one task-queue worker (`run_huey`) as in
   the documented deployment; waits for `/healthz` and
   for every page to answer 200 (exports built by the queue answer 503 until their first file).
3. Runs bench/locustfile.py (locust's library API, headless) through three phases:
   single user (each endpoint alone, one user: p50/p95/max), under load (`--users` users on one
   endpoint, then on the framework floor `/bench/floor` for the same conditions, alternating
   `--rounds` times: req/s and the median of the rounds' ratios), and a storm of
   `--storm-users` concurrent anonymous downloads of the public scores CSV while two users walk
   the public pages.
4. Stops everything, prints a markdown table with pass/fail against the targets (p95 < 100 ms
   single user, ≥ 0.5 of the floor under load, no request over 1 s) and writes
   bench/results/load.json.

Only loopback addresses are contacted; every phase is bounded in time. The sign-in of hub and
municipal accounts skips the second factor (MFA_REQUIRED_ROLES empty for the benchmark's
server) so their pages are measured as an enrolled person sees them after signing in.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run

ROOT = run.ROOT
GUNICORN_CONF = ROOT / "deploy" / "gunicorn.conf.py"
RESULTS = ROOT / "bench" / "results"
LOCUSTFILE = ROOT / "bench" / "locustfile.py"
BACKEND = "postgres"
WORKERS = 2

TARGET_P95_MS = 100
TARGET_RATIO = 0.5
TARGET_MAX_MS = 1000

# (family, label, path, account or None, probe during the download storm). Placeholders in
# braces are filled from the database (see `placeholders`).
ENDPOINTS: list[tuple[str, str, str, str | None, bool]] = [
    ("public", "home", "/", None, True),
    ("public", "municipalities list", "/municipios/", None, True),
    ("public", "municipalities search", "/municipios/?q=andes", None, False),
    ("public", "municipality profile", "/municipios/13101/", None, True),
    ("public", "organisations list", "/organizaciones/", None, False),
    ("public", "organisation profile", "/organizaciones/{org}/", None, False),
    ("public", "solutions catalogue", "/soluciones/", None, True),
    ("public", "catalogue search", "/soluciones/?q=patentes", None, False),
    ("public", "solution page", "/soluciones/{solution}/", None, False),
    ("public", "ranking page", "/diagnostico/resultados/?campana={campaign}", None, True),
    ("public", "public results (default campaign)", "/diagnostico/resultados/", None, False),
    ("public", "challenges list", "/innovacion/desafios/", None, False),
    ("public", "programme funnel", "/pilotos/programa/", None, False),
    ("public", "supplier record", "/pilotos/proveedores/", None, False),
    ("open data", "scores CSV", "/diagnostico/datos-abiertos/puntajes.csv", None, False),
    ("open data", "pilots CSV", "/pilotos/datos-abiertos/pilotos.csv", None, False),
    ("API", "API ranking", "/api/v1/diagnosis/ranking/?campaign={campaign}", None, True),
    ("API", "API scores of a commune", "/api/v1/communes/13101/scores/", None, False),
    ("API", "API solutions", "/api/v1/solutions/", None, False),
    ("API", "API organisations", "/api/v1/organizations/", None, False),
    ("API", "API communes", "/api/v1/communes/", None, False),
    ("API", "API challenges", "/api/v1/challenges/", None, False),
    ("hub staff", "staff: home", "/inicio/", "staff", False),
    ("hub staff", "staff: back office", "/cuenta/gestion/", "staff", False),
    ("hub staff", "staff: follow-up", "/seguimiento/", "staff", False),
    ("hub staff", "staff: campaigns", "/diagnostico/campanas/", "staff", False),
    ("hub staff", "staff: audit log", "/cuenta/gestion/auditoria/", "staff", False),
    ("municipality", "municipal: home", "/inicio/", "santiago", False),
    ("municipality", "municipal: challenge with matches", "/innovacion/desafios/{challenge}/", "santiago", False),
    ("municipality", "municipal: diagnosis", "/diagnostico/", "santiago", False),
    ("startup", "startup: home", "/inicio/", "startup-a", False),
    ("startup", "startup: recommended challenges", "/innovacion/recomendados/", "startup-a", False),
    ("startup", "startup: my solutions", "/soluciones/mis-soluciones/", "startup-a", False),
    ("startup", "startup: my proposals", "/propuestas/mias/", "startup-a", False),
]
STORM_PATH = "/diagnostico/datos-abiertos/puntajes.csv"


def log(message: str) -> None:
    print(f"[load] {message}", file=sys.stderr, flush=True)


def server_env() -> dict[str, str]:
    env = run.server_env(BACKEND)
    env.update(MFA_REQUIRED_ROLES="", WEB_CONCURRENCY=str(WORKERS), GUNICORN_LOG_LEVEL="warning")
    # As in the documented deployment: the shared cache (whole anonymous pages, fragments, data
    # generations) and the task queue on Redis, in a database index of the benchmark's own.
    env["REDIS_URL"] = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
    return env


def prepare(env: dict[str, str], args: argparse.Namespace) -> None:
    prep = argparse.Namespace(
        fresh=args.fresh,
        skip_seed=args.skip_seed,
        communes=20000,
        organizations=50000,
        people=100000,
        seed=42,
    )
    run.prepare(BACKEND, env, prep)
    if args.skip_seed:
        # The open-data files as the data now stands (the queue would rebuild them after the
        # seeding's writes; an interrupted earlier run may have lost those jobs).
        run.manage(env, "build_open_data", "--all", timeout=900)
        return
    run.manage(env, "seed_demo", timeout=1800)
    campaigns = run.query(
        BACKEND,
        "SELECT COUNT(*) FROM diagnosis_result r JOIN diagnosis_campaign c ON c.id = r.campaign_id "
        "WHERE c.name LIKE 'Escala: 100 preguntas%' AND r.overall IS NOT NULL",
    )
    if not campaigns[0][0]:
        run.manage(env, "seed_scale_diagnosis", timeout=3600)
    # The `search` work's seeder (synthetic solutions recombined from the demo catalogue, the
    # full-text column included), then the matcher's shared index, as the task queue would.
    run.manage(env, "seed_scale_solutions", f"--solutions={args.solutions}", timeout=1800)
    run.manage(env, "build_matcher_index", timeout=600)
    run.manage(env, "build_open_data", "--all", timeout=900)
    run.analyze(BACKEND)


def placeholders() -> dict[str, str]:
    def first(sql: str, default: str) -> str:
        try:
            rows = run.query(BACKEND, sql)
        except Exception:  # noqa: BLE001 - a table another revision lacks: the page is skipped
            return default
        return str(rows[0][0]) if rows else default

    return {
        "org": run.sample_org_slug(BACKEND),
        "campaign": first(
            "SELECT c.id FROM diagnosis_campaign c WHERE EXISTS (SELECT 1 FROM diagnosis_result r "
            "WHERE r.campaign_id = c.id) ORDER BY (c.name LIKE 'Escala: 100 preguntas%') DESC, c.id LIMIT 1",
            "0",
        ),
        "solution": first("SELECT slug FROM solutions_solution WHERE is_published ORDER BY id LIMIT 1", "missing"),
        "challenge": first(
            "SELECT c.id FROM innovation_challenge c JOIN directory_organization o ON o.id = c.owner_id "
            "WHERE o.slug = 'municipalidad-santiago' AND c.status <> 'draft' ORDER BY c.id LIMIT 1",
            "0",
        ),
    }


def start_server(env: dict[str, str], port: int) -> tuple[run.Process, str]:
    env = {**env, "HOST": run.HOST, "PORT": str(port)}
    if GUNICORN_CONF.exists():
        cmd = [str(run.GUNICORN), "--config", str(GUNICORN_CONF)]
        described = f"gunicorn --config deploy/gunicorn.conf.py (WEB_CONCURRENCY={WORKERS})"
    else:
        cmd = [
            str(run.GUNICORN),
            "hublocal.wsgi:application",
            *("-w", str(WORKERS), "-k", "gthread", "--threads", "4", "-b", f"{run.HOST}:{port}"),
            *("--timeout", "30", "--log-level", "warning"),
        ]
        described = f"gunicorn -w {WORKERS} -k gthread --threads 4"
    return run.Process(cmd, env, run.VAR / "gunicorn-load.log"), described


NGINX_CONF = """
daemon off;
worker_processes 1;
pid {var}/nginx-load.pid;
error_log {var}/nginx-load-error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    server_tokens off;
    sendfile on;
    tcp_nopush on;
    client_body_temp_path {var}/nginx-tmp/body;
    proxy_temp_path {var}/nginx-tmp/proxy;
    fastcgi_temp_path {var}/nginx-tmp/fastcgi;
    uwsgi_temp_path {var}/nginx-tmp/uwsgi;
    scgi_temp_path {var}/nginx-tmp/scgi;
    types {{ text/csv csv; application/json json; }}
    # Idle upstream connections closed before gunicorn's own keep-alive (5 s) closes them:
    # otherwise nginx may reuse one gunicorn is closing and answer 502.
    # Listed twice: deploy/nginx.conf has two web processes, and nginx sends a GET that met a
    # keep-alive connection closing under it (a gunicorn worker recycled after `max_requests`)
    # to the next server. With one gunicorn the second entry is the same one, reached on a new
    # connection; max_fails=0 so that neither entry is ever set aside.
    upstream hublocal {{
        server {host}:{app_port} max_fails=0;
        server {host}:{app_port} max_fails=0;
        keepalive 32;
        keepalive_timeout 4s;
    }}
    proxy_cache_path {var}/nginx-cache levels=1:2 keys_zone=hub_public:10m max_size=1g inactive=10m use_temp_path=off;
    server {{
        listen {host}:{port};
        # deploy/nginx.conf's rules: private export files handed over by X-Accel-Redirect, public
        # open-data files cached by the front as their Cache-Control allows.
        location /_protected/ {{
            internal;
            alias {media}/;
        }}
        location ~ ^/(en/)?[a-z-]+/datos-abiertos/ {{
            proxy_pass http://hublocal;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_cache hub_public;
            proxy_cache_lock on;
            proxy_cache_revalidate on;
            proxy_cache_use_stale updating error timeout http_503;
            proxy_cache_background_update on;
        }}
        location / {{
            proxy_pass http://hublocal;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Request-ID $request_id;
            proxy_read_timeout 60s;
            proxy_next_upstream error timeout http_502 http_503;
        }}
    }}
}}
"""


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)


def start_front(app_port: int, port: int) -> run.Process:
    """nginx in front of gunicorn, as in the documented deployment: it proxies every request and
    sends the open-data files itself when the application answers X-Accel-Redirect
    (EXPORTS_OFFLOAD=accel), so a crowd of downloads costs the Python workers headers only."""
    binary = nginx_binary()
    assert binary is not None
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (run.VAR / "nginx-tmp" / sub).mkdir(parents=True, exist_ok=True)
    conf = run.VAR / "nginx-load.conf"
    conf.write_text(
        NGINX_CONF.format(var=run.VAR, host=run.HOST, app_port=app_port, port=port, media=run.VAR / "media"),
        encoding="utf-8",
    )
    return run.Process([binary, "-c", str(conf), "-p", str(run.VAR)], dict(os.environ), run.VAR / "nginx-load.log")


def flush_redis(url: str) -> None:
    """The benchmark's own Redis database starts empty: no page cached by an earlier run, no job
    left queued by one."""
    import redis

    redis.Redis.from_url(url).flushdb()


def wait_ready(port: int, endpoints: list[dict[str, Any]], timeout: float) -> list[str]:
    """Wait for /healthz, then for each anonymous page to answer 200 (a queued export answers
    503 until built). Returns the labels of pages that never did."""
    deadline = time.monotonic() + 60
    while True:
        with contextlib.suppress(OSError):
            if run.fetch(port, "/healthz", timeout=5)[0] == 200:
                break
        if time.monotonic() > deadline:
            raise RuntimeError("/healthz did not answer 200 within 60 s")
        time.sleep(0.5)
    deadline = time.monotonic() + timeout
    missing = []
    for endpoint in endpoints:
        if endpoint.get("account"):
            continue
        while True:
            try:
                status = run.fetch(port, endpoint["path"], timeout=60)[0]
            except OSError:
                status = 0
            if status == 200:
                break
            if status != 503 or time.monotonic() > deadline:
                missing.append(f"{endpoint['label']} (HTTP {status})")
                break
            time.sleep(1)
    return missing


def verdict(ok: bool) -> str:
    return "pass" if ok else "**FAIL**"


def report(result: dict[str, Any], endpoints: list[dict[str, Any]]) -> str:
    single, load, storm = result["single"], result["load"], result["storm"]
    floor = single.get("framework floor", {})
    lines = [
        f"Floor `/bench/floor` single user: p50 {floor.get('p50_ms')} ms, p95 {floor.get('p95_ms')} ms.",
        "",
        "Floor req/s is paired: the same users ask `/bench/floor` right after the page, signed in as the page's "
        "account (marked †), so a signed-in page is compared with what its session costs on every request. "
        "Page and floor alternate in several rounds; `× floor` is the median of the rounds' ratios (listed), "
        "the req/s columns are over all rounds.",
        "",
        "Server CPU is what the web processes, nginx, PostgreSQL and Redis spent per answered request in "
        "the loaded slice (the load generator shares the machine; its own CPU is not counted); "
        "`× floor (CPU)` = floor's CPU per request ÷ the page's.",
        "",
        "| family | page | path | p50 ms (1 user) | p95 ms (1 user) | req/s under load | floor req/s | × floor "
        "| rounds | server CPU ms/req | × floor (CPU) | max ms (load) | p95 < 100 ms | ≥ 0.5 floor | none > 1 s |",
        "|---|---|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---|---|---|",
    ]
    passed = failed = 0
    for e in endpoints:
        s, u = single.get(e["label"], {}), load.get(e["label"], {})
        if not s.get("requests"):
            dashes = " — |" * 10
            lines.append(f"| {e['family']} | {e['label']} | `{e['path']}` |{dashes} skipped | | |")
            continue
        ok_p95 = s["p95_ms"] is not None and s["p95_ms"] < TARGET_P95_MS and not s["failures"]
        ok_ratio = u.get("ratio") is not None and u["ratio"] >= TARGET_RATIO and not u.get("failures")
        worst = max(s.get("max_ms") or 0, u.get("max_ms") or 0)
        ok_max = worst <= TARGET_MAX_MS
        for ok in (ok_p95, ok_ratio, ok_max):
            passed, failed = passed + ok, failed + (not ok)
        errors = s["failures"] + u.get("failures", 0)
        lines.append(
            f"| {e['family']} | {e['label']} | `{e['path']}` | {s['p50_ms']} | {s['p95_ms']} | {u.get('rps', '—')} "
            f"| {u.get('floor_rps', '—')}{' †' if u.get('floor_signed_in') else ''} | {u.get('ratio', '—')} "
            f"| {' / '.join(str(r) for r in u.get('rounds', []) if r is not None) or '—'} "
            f"| {u.get('cpu_ms', '—')} | {u.get('cpu_ratio', '—')} | {worst} | {verdict(ok_p95)} "
            f"| {verdict(ok_ratio)} | {verdict(ok_max)}{f' ({errors} errors)' if errors else ''} |"
        )
    if storm:
        d = storm["download"]
        lines += [
            "",
            f"Download storm: {storm['users']} concurrent anonymous users on `{STORM_PATH}` for "
            f"{storm['seconds']} s: {d['requests']} downloads completed ({d['failures']} failed), "
            f"p50 {d['p50_ms']} ms, p95 {d['p95_ms']} ms, max {d['max_ms']} ms. Pages meanwhile (2 users):",
            "",
            "| page | requests | p50 ms | p95 ms | max ms | p95 < 100 ms | none > 1 s |",
            "|---|---:|---:|---:|---:|---|---|",
        ]
        for label, p in storm["pages"].items():
            if not p["requests"]:
                lines.append(f"| {label} | 0 | — | — | — | **FAIL** (no answer) | **FAIL** |")
                failed += 2
                continue
            ok_p95 = p["p95_ms"] < TARGET_P95_MS and not p["failures"]
            ok_max = p["max_ms"] <= TARGET_MAX_MS
            passed, failed = passed + ok_p95 + ok_max, failed + (not ok_p95) + (not ok_max)
            errors = f" ({p['failures']} errors)" if p["failures"] else ""
            lines.append(
                f"| {label} | {p['requests']} | {p['p50_ms']} | {p['p95_ms']} | {p['max_ms']} "
                f"| {verdict(ok_p95)}{errors} | {verdict(ok_max)} |"
            )
    lines += ["", f"Targets: {passed} checks pass, {failed} fail."]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=8, help="concurrent users under load (max 64)")
    parser.add_argument("--single-seconds", type=float, default=2.0, help="one-user time per endpoint")
    parser.add_argument("--load-seconds", type=float, default=2.5, help="loaded time per endpoint and round (max 30)")
    parser.add_argument("--floor-seconds", type=float, default=2.0, help="paired floor time per endpoint and round")
    parser.add_argument("--rounds", type=int, default=3, help="alternating page/floor pairs per endpoint (max 9)")
    parser.add_argument("--storm-users", type=int, default=200, help="concurrent CSV downloads (max 300)")
    parser.add_argument("--storm-seconds", type=float, default=15.0, help="length of the storm (max 60)")
    parser.add_argument("--solutions", type=int, default=50_000, help="catalogue size to seed")
    parser.add_argument("--skip-seed", action="store_true", help="measure the database as it is")
    parser.add_argument("--fresh", action="store_true", help="drop hublocal_bench and rebuild it")
    parser.add_argument("--only", nargs="*", help="only endpoints whose label or path contains one of these")
    parser.add_argument("--no-storm", action="store_true")
    parser.add_argument("--no-front", action="store_true", help="gunicorn alone, without nginx in front")
    args = parser.parse_args()
    args.users = max(1, min(args.users, 64))
    args.load_seconds = min(args.load_seconds, 30.0)
    args.rounds = max(1, min(args.rounds, 9))
    args.storm_users = max(1, min(args.storm_users, 300))
    args.storm_seconds = min(args.storm_seconds, 60.0)

    env = server_env()
    # Before the preparation, not after: the jobs it queues (open-data rebuilds) must survive.
    flush_redis(env["REDIS_URL"])
    log(f"preparing {run.database_url(BACKEND)}")
    prepare(env, args)
    values = placeholders()
    endpoints = []
    for family, label, path, account, probe in ENDPOINTS:
        path = path.format(**values)
        if args.only and not any(o in label or o in path for o in args.only):
            continue
        endpoints.append({"family": family, "label": label, "path": path, "account": account, "probe": probe})
    sizes = run.dataset(BACKEND)
    sizes["solutions"] = run.query(BACKEND, "SELECT COUNT(*) FROM solutions_solution WHERE is_published")[0][0]
    sizes["answers"] = run.query(BACKEND, "SELECT COUNT(*) FROM diagnosis_answer")[0][0]
    log(f"dataset: {sizes}")

    # Every request goes to `port`: nginx's when it is there, else gunicorn's own.
    port = app_port = run.free_port()
    front = None
    if args.no_front or nginx_binary() is None:
        if not args.no_front:
            log("nginx not found (make bench-tools installs it): gunicorn alone, files sent by the workers")
    else:
        env["EXPORTS_OFFLOAD"] = "accel"
        app_port = run.free_port()
        front = start_front(app_port, port)
    load_before = os.getloadavg()
    server, described = start_server(env, app_port)
    if front is not None:
        described = "nginx (1 worker, exports by X-Accel-Redirect) → " + described
    worker = run.Process([str(run.PYTHON), "manage.py", "run_huey", "--workers", "1"], env, run.VAR / "huey-load.log")
    try:
        missing = wait_ready(port, endpoints, timeout=120)
        if missing:
            log(f"never answered 200 before the run: {missing}")
        plan = {
            "host": f"http://{run.HOST}:{port}",
            "password": os.environ.get("DEMO_PASSWORD", "hublocal-demo"),
            "accounts": sorted({e["account"] for e in endpoints if e["account"]}),
            "floor": run.FLOOR,
            "endpoints": endpoints,
            "users": args.users,
            "single_seconds": args.single_seconds,
            "load_seconds": args.load_seconds,
            "floor_seconds": args.floor_seconds,
            "rounds": args.rounds,
            "storm": None
            if args.no_storm
            else {"label": "storm: scores CSV", "path": STORM_PATH, "users": args.storm_users},
            "storm_seconds": args.storm_seconds,
            # gunicorn's and the task worker's process trees, for the server-side CPU per request.
            "server_pids": [server.proc.pid, worker.proc.pid],
        }
        with tempfile.TemporaryDirectory() as tmp:
            plan_path, out_path = Path(tmp) / "plan.json", Path(tmp) / "out.json"
            plan_path.write_text(json.dumps(plan), encoding="utf-8")
            per_round = args.load_seconds + args.floor_seconds + 3
            budget = 120 + len(endpoints) * (args.single_seconds + 2 + args.rounds * per_round)
            budget += args.storm_seconds + 90
            subprocess.run(
                [str(run.PYTHON), str(LOCUSTFILE), "--plan", str(plan_path), "--out", str(out_path)],
                cwd=ROOT,
                timeout=budget,
                check=True,
            )
            result = json.loads(out_path.read_text(encoding="utf-8"))
    finally:
        server.stop()
        worker.stop()
        if front is not None:
            front.stop()
    load_after = os.getloadavg()

    table = report(result, endpoints)
    print(table)
    RESULTS.mkdir(parents=True, exist_ok=True)
    document = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "server": described + ", hublocal.settings.production, 1 run_huey worker, cache and queue on Redis",
        "database": "PostgreSQL hublocal_bench",
        "dataset": sizes,
        "options": vars(args),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "load_average_before": load_before,
        "load_average_after": load_after,
        "never_ready": missing,
        "endpoints": endpoints,
        "results": result,
        "timings": run.TIMINGS,
        "table": table,
    }
    (RESULTS / "load.json").write_text(json.dumps(document, indent=2), encoding="utf-8")
    log(f"wrote {RESULTS / 'load.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
