#!/usr/bin/env python
"""Evaluation, finance and open data at the scale data (issue 15's performance targets).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hublocal_bench .venv/bin/python bench/issue15.py

Runs in-process with the test settings against a database that already holds the scale data
(`bench/load.py` prepares `hublocal_bench`: 20,000+ communes, 100,000 people, 2M answers, 50,000
solutions) and the demo. It migrates, seeds the demo once more (idempotent: it adds the apps that
are newer than the database), tops the income up to `--incomes` records (bulk-inserted: benchmark
data, not behaviour under test), then prints:

- the indicator recompute (every registered source, the current year), target < 60 s;
- per page: SQL queries, p50/p95/max in ms over `--requests` requests (target p95 < 100 ms);
- a dataset download's time to its first byte (target < 200 ms) and whether it streams;
- the DCAT catalogue (target < 500 ms).

Nothing is fetched from outside the machine; every loop is bounded.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _setup() -> None:
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/hublocal_bench")
    os.environ["DJANGO_SETTINGS_MODULE"] = "hublocal.settings.test"
    import django

    django.setup()


def _p(ordered: list[float], q: float) -> float:
    return ordered[max(0, int(round(q * len(ordered))) - 1)]


def _row(label: str, queries: int | str, samples: list[float], target: float) -> str:
    ordered = sorted(samples)
    p95 = _p(ordered, 0.95)
    verdict = "ok" if p95 < target else "OVER"
    return f"| {label} | {queries} | {statistics.median(ordered):.1f} | {p95:.1f} | {ordered[-1]:.1f} | {verdict} |"


def _top_up_income(target: int) -> int:
    from hublocal.finance.models import Income, IncomeKind, RevenueLine

    have = Income.objects.count()
    if have >= target:
        return have
    lines = list(RevenueLine.objects.order_by("order", "pk"))
    weights = [9, 30, 12, 8, 10, 14, 6, 7, 4][: len(lines)]
    start = date.today() - timedelta(days=730)
    batch: list[Income] = []
    for i in range(target - have):
        # Deterministic spread over two years and the nine lines, mostly recurrent, all in CLP.
        line = lines[(i * 7 + i // len(weights)) % len(lines)]
        amount = Decimal(50_000 + (i * 7919) % 4_000_000)
        batch.append(
            Income(
                date=start + timedelta(days=i % 730),
                amount=amount,
                currency="CLP",
                rate=Decimal(1),
                amount_clp=amount,
                kind=IncomeKind.values[i % 3 == 0],
                line=line,
                description=f"Ingreso de referencia {i}",
                invoice_ref=f"B-{i:07d}",
            )
        )
        if len(batch) == 5000:
            Income.objects.bulk_create(batch)
            batch = []
    if batch:
        Income.objects.bulk_create(batch)
    return Income.objects.count()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incomes", type=int, default=200_000)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--skip-seed", action="store_true", help="no migrate, no demo: measure as it is")
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="measure every request computed (the test settings) instead of with production's caches",
    )
    args = parser.parse_args()
    _setup()
    from django.conf import settings

    # Production serves anonymous pages and fragments from the shared cache, invalidated by the
    # data generations; the test settings turn both off. The first request of each page is a miss.
    settings.ANONYMOUS_PAGE_CACHE = settings.ANONYMOUS_FRAGMENT_CACHE = not args.no_cache
    print(f"caches: {'off (every request computed)' if args.no_cache else 'as in production'}")
    import logging

    logging.getLogger("hublocal.request").setLevel(logging.WARNING)
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from hublocal.core import registry

    if not args.skip_seed:
        t = time.perf_counter()
        call_command("migrate", "--noinput", verbosity=0)
        call_command("seed_demo", verbosity=0)
        print(f"migrate + seed_demo: {time.perf_counter() - t:.1f} s")
    t = time.perf_counter()
    incomes = _top_up_income(args.incomes)
    print(f"income records: {incomes} ({time.perf_counter() - t:.1f} s to top up)")

    from hublocal.diagnosis.models import Answer
    from hublocal.solutions.models import Solution
    from hublocal.territory.models import Commune

    print(
        f"data: {Commune.objects.count()} communes, {Answer.objects.count()} answers, "
        f"{Solution.objects.count()} solutions, {incomes} incomes"
    )

    t = time.perf_counter()
    call_command("compute_indicators", verbosity=0)
    recompute = time.perf_counter() - t
    print(f"indicator recompute (all sources, current year): {recompute:.1f} s (target < 60 s)")

    staff = get_user_model().objects.get(username="staff")
    anon, hub = Client(), Client()
    hub.force_login(staff)
    first_dataset = registry.datasets()[0]
    cases = [
        ("/indicadores/", anon, "/indicadores/", 100),
        ("/indicadores/?typology=rural", anon, "/indicadores/?typology=rural_semiurbana", 100),
        ("/indicadores/cobertura/ (drill-down)", anon, "/indicadores/cobertura/?typology=rural_semiurbana", 100),
        ("GET /api/v1/indicators/", anon, "/api/v1/indicators/", 100),
        ("/datos/", anon, "/datos/", 100),
        (f"/datos/{first_dataset.slug}/", anon, f"/datos/{first_dataset.slug}/", 100),
        ("GET /api/v1/datasets/", anon, "/api/v1/datasets/", 100),
        ("/datos/catalogo.jsonld", anon, "/datos/catalogo.jsonld", 500),
        ("/datos/catalogo.ttl", anon, "/datos/catalogo.ttl", 500),
        ("/finanzas/ (public)", anon, "/finanzas/", 100),
        ("GET /api/v1/finance/summary/", anon, "/api/v1/finance/summary/", 100),
        ("/finanzas/gestion/ (staff)", hub, "/finanzas/gestion/", 100),
        ("/finanzas/gestion/ingresos/ (staff)", hub, "/finanzas/gestion/ingresos/", 100),
        ("/activos-tic/", anon, "/activos-tic/", 100),
        ("/activos-tic/gestion/ (staff)", hub, "/activos-tic/gestion/", 100),
    ]
    print()
    print("| page | queries | p50 ms | p95 ms | max ms | target |")
    print("|---|---|---|---|---|---|")
    for label, client, url, target in cases:
        first = client.get(url)
        if first.status_code != 200:
            print(f"| {label} | — | status {first.status_code} | | | FAIL |")
            continue
        count = [0]

        def counter(execute, sql, params, many, context, count=count):
            count[0] += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            client.get(url)
        samples = []
        for _i in range(args.requests):
            t = time.perf_counter()
            response = client.get(url)
            if response.streaming:
                b"".join(response.streaming_content)
            samples.append((time.perf_counter() - t) * 1000)
        print(_row(label, count[0], samples, target))

    # A download's first byte: the file is built by the task queue, so the request only opens it.
    print()
    print("| download | first byte p95 ms | whole file p95 ms | bytes | streamed |")
    print("|---|---|---|---|---|")
    for ds in registry.datasets():
        url = f"/datos/{ds.slug}/descargar/csv/"
        first_byte, whole, size, streamed = [], [], 0, False
        for _i in range(min(args.requests, 10)):
            t = time.perf_counter()
            response = anon.get(url)
            if response.status_code != 200:
                break
            streamed = response.streaming
            chunks = iter(response.streaming_content) if streamed else iter([response.content])
            head = next(chunks, b"")
            first_byte.append((time.perf_counter() - t) * 1000)
            size = len(head) + sum(len(c) for c in chunks)
            whole.append((time.perf_counter() - t) * 1000)
            if hasattr(response, "close"):
                response.close()
        if not first_byte:
            print(f"| {ds.slug} | status {response.status_code} | | | |")
            continue
        print(
            f"| {ds.slug} | {_p(sorted(first_byte), 0.95):.1f} | {_p(sorted(whole), 0.95):.1f} | {size} | "
            f"{'yes' if streamed else 'no'} |"
        )


if __name__ == "__main__":
    main()
