#!/usr/bin/env python
"""Diagnosis at Latin-American scale: 20,000+ municipalities answering a 100-question
instrument (about two million answers), on SQLite and/or PostgreSQL.

    .venv/bin/python bench/diagnosis.py [--db sqlite|postgres|both] [--duration 6] [--concurrency 8]

Reuses bench/run.py (same databases, scale data and gunicorn set-up), then:
1. `manage.py seed_scale_diagnosis`: answers for every municipality and a full recompute of
   every score from scratch (timed: the target is under 60 s);
2. in-process, the time to submit one response and recompute its scores (50 samples; target
   p95 under 100 ms);
3. over HTTP with gunicorn (2 workers): the national ranking page, the ranking API and the
   public scores API of one commune (target p95 under 200 ms), beside the framework floor.
Prints a markdown table; writes bench/results/diagnosis-<backend>.json.

`--only ranking` drives only the HTTP endpoints whose label or path contains one of the given
words (the floor always runs) and, when the scale campaign already has its results, skips the
seeding, the recompute of every score and the submit timings: a quick before/after comparison.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run

SUBMIT_SCRIPT = r"""
import json, random, statistics, time
import django
django.setup()
from hublocal.diagnosis import scale, selectors, services
from hublocal.diagnosis.models import Campaign, Participation
campaign = Campaign.objects.get(name=scale.CAMPAIGN)
ids = list(Participation.objects.filter(campaign=campaign).values_list("pk", flat=True))
rng = random.Random(5)
timings = []
for pk in rng.sample(ids, 50):
    p = selectors.participation_get(pk=pk)
    services.participation_reopen(actor=None, participation=p)
    started = time.perf_counter()
    services.participation_submit(actor=None, participation=p)
    timings.append((time.perf_counter() - started) * 1000)
timings.sort()
print(json.dumps({"samples": len(timings), "p50_ms": round(statistics.median(timings), 1),
                  "p95_ms": round(timings[int(0.95 * len(timings)) - 1], 1), "max_ms": round(timings[-1], 1)}))
"""


def scale_results(backend: str) -> int:
    """How many scored results the scale campaign already has (0 before the first seeding)."""
    try:
        rows = run.query(
            backend,
            "SELECT COUNT(*) FROM diagnosis_result r JOIN diagnosis_campaign c ON c.id = r.campaign_id "
            "WHERE c.name LIKE 'Escala: 100 preguntas%' AND r.overall IS NOT NULL",
        )
    except Exception:  # noqa: BLE001 - no database or no tables yet: seed as usual
        return 0
    return int(rows[0][0])


def run_backend(backend: str, args: argparse.Namespace) -> dict[str, Any]:
    env = run.server_env(backend)
    run.log(f"=== {backend}: preparing {run.database_url(backend)}")
    run.prepare(backend, env, args)
    recompute: dict[str, Any] = {}
    submit: dict[str, Any] = {}
    if not (args.only and scale_results(backend)):
        out = run.manage(env, "seed_scale_diagnosis", timeout=3600)
        match = re.search(r"Puntajes recalculados: (\d+) en ([\d.]+) s", out)
        recompute = {"results": int(match[1]), "seconds": float(match[2])} if match else {}
        run.analyze(backend)
    answers = run.query(backend, "SELECT COUNT(*) FROM diagnosis_answer")[0][0]
    campaign_id = run.query(backend, "SELECT id FROM diagnosis_campaign WHERE name LIKE 'Escala: 100 preguntas%'")[0][0]
    if not args.only:
        proc = subprocess.run(
            [str(run.PYTHON), "-c", SUBMIT_SCRIPT],
            cwd=run.ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=True,
        )
        submit = json.loads(proc.stdout.strip().splitlines()[-1])
        run.log(f"submit + recompute of one response: {submit}")
    endpoints = [
        ("framework floor", run.FLOOR),
        ("ranking page", f"/diagnostico/resultados/?campana={campaign_id}"),
        ("ranking page, typology filter", f"/diagnostico/resultados/?campana={campaign_id}&tipologia=rural_semiurbana"),
        ("ranking API", f"/api/v1/diagnosis/ranking/?campaign={campaign_id}"),
        ("scores API 13101", "/api/v1/communes/13101/scores/"),
    ]
    if args.only:
        endpoints = [
            (label, path)
            for label, path in endpoints
            if path == run.FLOOR or any(o in label or o in path for o in args.only)
        ]
    server = run.Server(env, args.workers, run.VAR / f"gunicorn-diagnosis-{backend}.log")
    results: list[run.Result] = []
    try:
        server.wait_healthy()
        floor_total = run.Slice()
        for label, path in endpoints:
            results.append(run.drive(server.port, label, path, args, floor_total))
            run.log(f"{label}: {results[-1].rps:.0f} req/s, p95 {results[-1].p95_ms:.1f} ms")
    finally:
        server.stop()
    report = {
        "backend": backend,
        "answers": answers,
        "recompute_all": recompute,
        "submit_recompute": submit,
        "http": [r.__dict__ for r in results],
        "markdown": run.markdown(backend, results),
        "load_average": os.getloadavg(),
    }
    run.RESULTS.mkdir(parents=True, exist_ok=True)
    (run.RESULTS / f"diagnosis-{backend}.json").write_text(json.dumps(report, indent=2, default=str) + "\n")
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--duration", type=float, default=6.0)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--max-requests", type=int, default=run.MAX_REQUESTS_PER_ENDPOINT)
    parser.add_argument(
        "--only",
        nargs="*",
        help="only endpoints whose label or path contains one of these words (the floor always runs); "
        "skips seeding and the in-process timings when the scale data is already there",
    )
    args = parser.parse_args()
    # The same scale data as bench/run.py.
    args.communes, args.organizations, args.people, args.seed = 20_000, 50_000, 100_000, 42
    args.skip_seed, args.fresh = False, False
    args.duration = min(max(args.duration, 0.5), run.MAX_DURATION)
    args.concurrency = min(max(args.concurrency, 1), run.MAX_CONCURRENCY)
    args.rounds = min(max(args.rounds, 1), 10)
    backends = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    for report in [run_backend(b, args) for b in backends]:
        print()
        print(
            f"{report['backend']}: {report['answers']} answers; recompute of every score: "
            f"{report['recompute_all']}; submit + recompute one response: {report['submit_recompute']}"
        )
        print()
        print(report["markdown"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
