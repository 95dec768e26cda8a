#!/usr/bin/env python
"""Peers ("municipios como el mío") at network scale: 20,000+ communes with a diagnosis profile
and imported indicators, on PostgreSQL and/or SQLite.

    .venv/bin/python bench/peers.py [--db postgres|sqlite|both] [--communes 20000] [--calls 300] [--fresh]

For each database (its own: hublocal_bench_peers on PostgreSQL, var/bench/peers.sqlite3):
1. migrate, `load_territory` and `seed_scale --communes N` (the regional network's synthetic
   communes and their municipalities; idempotent);
2. a public scale campaign whose result (six dimension scores) is written in bulk for every
   municipality, and three indicators per commune (population, budget, rurality) imported
   through `territory.services.indicators_import`, the service `manage.py import_indicators` uses;
3. timings, in process: the first call (matrix built from the database), a call that finds the
   matrix in the shared cache but not in the process (a new worker), and `--calls` calls on
   random communes once memoised (the steady state); then the API
   `GET /api/v1/communes/{code}/peers/` through Django's test client (middleware included).
Target: a call under 50 ms at 20,000 communes on PostgreSQL. Prints a markdown table and writes
bench/results/peers-<backend>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
VAR = ROOT / "var" / "bench"
RESULTS = ROOT / "bench" / "results"
PG_DB = "hublocal_bench_peers"
PG_ADMIN_URL = os.environ.get("BENCH_PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")

MEASURE = r"""
import json, math, random, statistics, sys, time
import django
django.setup()
from datetime import timedelta
from django.db import transaction
from django.test import Client
from django.utils import timezone
from hublocal.diagnosis import neighbours, scale
from hublocal.diagnosis.models import Campaign, InstrumentVersion, Participation, Result
from hublocal.directory import selectors as directory_selectors
from hublocal.territory import services as territory_services
from hublocal.territory.models import Commune

calls = int(sys.argv[1])
rng = random.Random(12)
CAMPAIGN = "Escala: pares (benchmark)"
started = time.perf_counter()
version = InstrumentVersion.objects.filter(slug=scale.SLUG, version=1).first()
if version is None:
    from hublocal.diagnosis import instruments
    data = scale.instrument_data()
    parsed = instruments.parse(data)
    version = InstrumentVersion.objects.create(slug=scale.SLUG, version=1, area="digital", title=data["title"],
        content=data, checksum=instruments.checksum(data), question_count=len(parsed.questions))
now = timezone.now()
campaign, created = Campaign.objects.get_or_create(name=CAMPAIGN, defaults={
    "instrument_version": version, "opens_at": now - timedelta(days=60), "closes_at": now + timedelta(days=30),
    "results_public": True})
orgs = directory_selectors.municipalities_everywhere()
have = set(Participation.objects.filter(campaign=campaign).values_list("organization_id", flat=True))
todo = [o for o in orgs if o.pk not in have]
for start in range(0, len(todo), 2000):
    chunk = todo[start:start + 2000]
    with transaction.atomic():
        parts = Participation.objects.bulk_create([Participation(campaign=campaign, organization=o,
            status="submitted", commune_code=o.commune.code, commune_name=o.commune.name,
            region_code=o.commune.region.code if o.commune.region_id else o.commune.country.code,
            typology=o.commune.typology, submitted_at=now) for o in chunk])
        if not all(p.pk for p in parts):
            parts = list(Participation.objects.filter(campaign=campaign, organization__in=chunk))
        results = []
        for p in parts:
            centre = rng.uniform(20, 85)
            dims = {d: round(max(0.0, min(100.0, centre + rng.gauss(0, 12))), 1) for d in scale.DIMENSIONS}
            overall = round(sum(dims.values()) / len(dims), 1)
            results.append(Result(participation=p, campaign=campaign, instrument_version=version,
                organization_id=p.organization_id, commune_code=p.commune_code, commune_name=p.commune_name,
                region_code=p.region_code, typology=p.typology, overall=overall, level=min(5, int(overall // 20) + 1),
                dimensions=dims, computed_at=now))
        Result.objects.bulk_create(results)
seeded = time.perf_counter() - started
codes = list(Commune.objects.values_list("code", flat=True))
lines = ["codigo,indicador,anio,valor"]
for code in codes:
    pop = int(math.exp(rng.uniform(math.log(800), math.log(600000))))
    lines.append(f"{code},poblacion,2024,{pop}")
    lines.append(f"{code},presupuesto,2024,{int(pop * rng.uniform(2e5, 9e5))}")
    lines.append(f"{code},ruralidad,2024,{round(rng.uniform(0, 95), 1)}")
t0 = time.perf_counter()
report = territory_services.indicators_import(actor=None, text="\n".join(lines) + "\n")
imported = time.perf_counter() - t0
assert report.ok, report.rejected[:5]

neighbours._MEMO.clear()
from django.core.cache import cache
cache.clear()
t0 = time.perf_counter()
first = neighbours.peers(commune_code=codes[0], k=10)
cold = (time.perf_counter() - t0) * 1000
m = neighbours.matrix()
neighbours._MEMO.clear()
t0 = time.perf_counter()
neighbours.peers(commune_code=codes[1], k=10)
shared_hit = (time.perf_counter() - t0) * 1000
sample = rng.sample(codes, min(calls, len(codes)))
timings = []
for code in sample:
    t0 = time.perf_counter()
    found = neighbours.peers(commune_code=code, k=10)
    timings.append((time.perf_counter() - t0) * 1000)
    assert found is not None and len(found.peers) == 10
timings.sort()
client = Client()
api = []
for code in sample[:100]:
    t0 = time.perf_counter()
    r = client.get(f"/api/v1/communes/{code}/peers/", {"k": 10}, HTTP_HOST="localhost")
    api.append((time.perf_counter() - t0) * 1000)
    assert r.status_code == 200, r.content[:200]
api.sort()
p95 = lambda xs: xs[max(0, int(0.95 * len(xs)) - 1)]
print(json.dumps({
    "communes": len(m.codes), "features": len(m.features), "groups": len(m.groups),
    "seed_s": round(seeded, 1), "indicator_import_s": round(imported, 1), "indicator_rows": len(lines) - 1,
    "first_call_ms": round(cold, 1), "shared_cache_hit_ms": round(shared_hit, 1),
    "calls": len(timings), "p50_ms": round(statistics.median(timings), 2), "p95_ms": round(p95(timings), 2),
    "max_ms": round(timings[-1], 2),
    "api_p50_ms": round(statistics.median(api), 2), "api_p95_ms": round(p95(api), 2),
    "example": {"commune": first.name, "peers": [[p.name, p.distance, p.reasons] for p in first.peers[:3]]},
}))
"""


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def database_url(backend: str) -> str:
    if backend == "sqlite":
        return f"sqlite:///{VAR / 'peers.sqlite3'}"
    return f"postgresql://postgres@127.0.0.1:5432/{PG_DB}"


def ensure_postgres(fresh: bool) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=10) as conn:
        if fresh:
            conn.execute(f'DROP DATABASE IF EXISTS "{PG_DB}"')
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [PG_DB]).fetchone():
            conn.execute(f'CREATE DATABASE "{PG_DB}"')


def env_for(backend: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE=os.environ.get("BENCH_SETTINGS_MODULE", "hublocal.settings.dev"),
        DATABASE_URL=database_url(backend),
        HUBLOCAL_VAR_DIR=str(VAR),
        LOG_LEVEL="WARNING",
        DEBUG="0",
    )
    return env


def manage(env: dict[str, str], *args: str) -> None:
    started = time.monotonic()
    proc = subprocess.run([str(PYTHON), "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}")
    log(f"manage.py {args[0]}: {time.monotonic() - started:.1f} s")


def run_backend(backend: str, args: argparse.Namespace) -> dict:
    VAR.mkdir(parents=True, exist_ok=True)
    if backend == "postgres":
        ensure_postgres(args.fresh)
    elif args.fresh:
        (VAR / "peers.sqlite3").unlink(missing_ok=True)
    env = env_for(backend)
    manage(env, "migrate", "--noinput")
    manage(env, "load_territory")
    manage(env, "seed_scale", "--communes", str(args.communes), "--organizations", str(args.communes), "--people", "0")
    proc = subprocess.run(
        [str(PYTHON), "-c", MEASURE, str(args.calls)], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr[-4000:])
    figures = json.loads(proc.stdout.strip().splitlines()[-1])
    figures["backend"] = backend
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"peers-{backend}.json").write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n")
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=("postgres", "sqlite", "both"), default="postgres")
    parser.add_argument("--communes", type=int, default=20_000)
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--fresh", action="store_true", help="start from an empty database")
    args = parser.parse_args()
    backends = ["postgres", "sqlite"] if args.db == "both" else [args.db]
    print("| database | communes | first call (build) | new worker (shared cache) | p50 | p95 | API p95 |")
    print("|---|---|---|---|---|---|---|")
    for backend in backends:
        f = run_backend(backend, args)
        print(
            f"| {backend} | {f['communes']:,} | {f['first_call_ms']:.0f} ms | {f['shared_cache_hit_ms']:.0f} ms "
            f"| {f['p50_ms']:.1f} ms | {f['p95_ms']:.1f} ms | {f['api_p95_ms']:.1f} ms |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
