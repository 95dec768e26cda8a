#!/usr/bin/env python
"""The hub's indicators: recompute time on the demo data and the dashboard's timing.

    DATABASE_URL=sqlite:////tmp/hub.sqlite3 .venv/bin/python bench/indicators.py [--requests 200]

Runs in-process with the test settings on a database that already holds the demo (`make setup`,
or migrate + load_territory + seed_demo on a throw-away file named by DATABASE_URL). Times
`services.compute_indicators` for this year and the last (queries counted: they must not depend
on the number of municipalities), then requests the dashboard, a filtered dashboard, a
drill-down and the API anonymously through Django's test client (they read snapshots only).
Prints p50/p95/max per page. The issue's budget: page p95 < 100 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    os.environ["DJANGO_SETTINGS_MODULE"] = "hublocal.settings.test"
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from hublocal.evaluation import services

    this_year = timezone.localdate().year
    for year in (this_year - 1, this_year):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            figures = services.compute_indicators(year=year)
            elapsed = time.perf_counter() - start
        print(
            f"recompute {year}: {elapsed * 1000:.0f} ms, {len(ctx.captured_queries)} queries, {len(figures)} measures"
        )

    client = Client()
    pages = [
        "/indicadores/",
        "/indicadores/?typology=rural_semiurbana",
        "/indicadores/cobertura/?typology=rural_semiurbana",
        "/api/v1/indicators/",
    ]
    for url in pages:
        client.get(url)  # warm-up: templates, translations
        times = []
        for _ in range(args.requests):
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        times.sort()
        p95 = times[int(len(times) * 0.95) - 1]
        print(f"{url:55s} p50 {statistics.median(times):6.1f} ms  p95 {p95:6.1f} ms  max {times[-1]:6.1f} ms")


if __name__ == "__main__":
    main()
