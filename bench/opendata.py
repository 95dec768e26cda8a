#!/usr/bin/env python
"""Open-data portal: timings of /datos/, a dataset page, a download's first byte and the catalogue.

    .venv/bin/python bench/opendata.py [--requests 200] [--datasets 40]

Runs in-process on a throw-away SQLite database (migrated in a temporary var/ folder; set
DATABASE_URL to use PostgreSQL instead) with the test settings. Loads the territory (345
communes), registers `--datasets` extra synthetic datasets (so the portal lists many), publishes
every dataset with 10 versions each, then requests anonymously through Django's test client:
1. /datos/ (the portal list), 2. /datos/comunas/ (a dataset page with its dictionary and
versions), 3. a CSV download until its first byte, 4. /datos/catalogo.jsonld and .ttl.
Prints p50/p95/max per case in ms. Budget: the catalogue < 500 ms; pages p95 < 100 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _setup() -> None:
    var = Path(tempfile.mkdtemp(prefix="hublocal-bench-opendata-"))
    os.environ["HUBLOCAL_VAR_DIR"] = str(var)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{var / 'bench.sqlite3'}")
    os.environ["DJANGO_SETTINGS_MODULE"] = "hublocal.settings.test"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", "--noinput", verbosity=0)
    call_command("load_territory", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115


def _stats(label: str, samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[max(0, int(round(0.95 * len(ordered))) - 1)]
    return f"| {label} | {len(ordered)} | {statistics.median(ordered):.1f} | {p95:.1f} | {ordered[-1]:.1f} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--datasets", type=int, default=40)
    args = parser.parse_args()
    _setup()

    import logging

    logging.disable(logging.CRITICAL)
    from django.test import Client

    from hublocal.core import registry
    from hublocal.core.csvexport import csv_chunks
    from hublocal.opendata import services

    for n in range(args.datasets):
        rows = [["id", "valor"]] + [[i, i * 1.5] for i in range(2000)]
        registry.register_dataset(
            registry.Dataset(
                key=f"bench.d{n}",
                slug=f"bench-{n}",
                title=f"Conjunto sintético {n}",
                description="Datos sintéticos del benchmark.",
                formats=("csv",),
                build=lambda fmt, variant, rows=rows: csv_chunks(rows),
                fields=(
                    registry.DatasetField("id", "integer", "", "Id"),
                    registry.DatasetField("valor", "number", "", "Valor"),
                ),
            )
        )
    start = time.perf_counter()
    for ds in registry.datasets():
        for _ in range(10 if ds.key == "territory.communes" else 1):
            services.version_build(ds.key)
    print(f"published {len(registry.datasets())} datasets in {time.perf_counter() - start:.1f} s")

    client = Client()
    cases = {
        "/datos/": "/datos/",
        "/datos/comunas/ (page)": "/datos/comunas/",
        "CSV download, first byte": "/datos/comunas/descargar/csv/",
        "/datos/catalogo.jsonld": "/datos/catalogo.jsonld",
        "/datos/catalogo.ttl": "/datos/catalogo.ttl",
    }
    print("| case | n | p50 ms | p95 ms | max ms |")
    print("|---|---|---|---|---|")
    for label, url in cases.items():
        client.get(url)  # warm-up
        samples = []
        for _ in range(args.requests):
            t0 = time.perf_counter()
            response = client.get(url)
            if response.streaming:
                next(iter(response.streaming_content))
            samples.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200, (url, response.status_code)
            if response.streaming:
                response.close()
        print(_stats(label, samples))
    t0 = time.perf_counter()
    services.catalogue_build()
    print(f"catalogue rebuild (after a version): {(time.perf_counter() - t0) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
