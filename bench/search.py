#!/usr/bin/env python
"""Catalogue search at 50,000 solutions: `solutions.selectors.catalogue(q=...)`, in-process.

    .venv/bin/python bench/search.py [--db-url postgres://postgres@127.0.0.1:5432/hublocal_h_search]
                                     [--solutions 50000] [--rounds 5] [--before]

Prepares the database if needed (migrate, load_territory, seed_demo, then
`seed_scale_solutions` up to --solutions, then VACUUM (ANALYZE) / ANALYZE), and times what a page
of the catalogue costs for ~20 queries typed by people (synonyms, accents, inflections, prefixes,
misses, punctuation): the paginator's count plus the first page of 20, `--rounds` times each after
one warm-up. Prints p50/p95/max in milliseconds.

`--before` also times the previous implementation (kept here only for the comparison): the
matcher's in-memory BM25 index (built once in this process, like a warm web worker; its build
time is printed) ranks the top 300 ids, and the page query orders them with a 300-branch CASE
over `pk IN (...)` OR'ed with `search_name LIKE '%...%'`.
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

QUERIES = [
    "patentes",
    "licencias de funcionamiento",
    "reclamos de vecinos",
    "basurales en quebradas",
    "telemedicina posta rural",
    "capacitación funcionarios",
    "cámaras de seguridad",
    "reciclaje",
    "alumbrado público",
    "listas de espera",
    "transparencia",
    "participación ciudadana",
    "gestión documental",
    "permisos de edificación",
    "oirs",
    "residuos domiciliarios",
    "dideco",
    "telegest",
    "xqzw inexistente",
    '"patentes" & (oirs | !reciclaje):*',
]
PAGE = 20


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def prepare(solutions: int) -> None:
    from django.core.management import call_command
    from django.db import connection

    from hublocal.solutions.models import Solution

    call_command("migrate", verbosity=0)
    if not Solution.objects.filter(is_demo=True).exists():
        call_command("load_territory", verbosity=0)
        call_command("seed_demo", verbosity=0)
    have = Solution.objects.filter(slug__startswith="scale-sol-").count()
    if have < solutions:
        call_command("seed_scale_solutions", solutions=solutions, verbosity=0)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE) solutions_solution")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def old_catalogue(q: str, index: object) -> object:
    """The catalogue's search before the full-text engine (for --before only)."""
    from django.db.models import Case, IntegerField, Q, Value, When

    from hublocal.core.text import fold
    from hublocal.solutions.models import Solution

    qs = Solution.objects.select_related("organization", "organization__startup_profile").filter(is_published=True)
    ids = [hit.solution_id for hit in index.search(q, limit=300)]  # type: ignore[attr-defined]
    folded = fold(q)
    matched = Q(pk__in=ids)
    if folded:
        matched |= Q(search_name__contains=folded)
    if not ids:
        return qs.filter(matched).order_by("search_name", "pk")
    rank = Case(
        *[When(pk=pk, then=Value(position)) for position, pk in enumerate(ids)],
        default=Value(len(ids)),
        output_field=IntegerField(),
    )
    return qs.filter(matched).annotate(rank=rank).order_by("rank", "search_name", "pk")


def measure(label: str, build: object, rounds: int) -> dict[str, float]:
    timings: list[float] = []
    hits: dict[str, int] = {}
    per_query: dict[str, float] = {}
    for q in QUERIES:
        list(build(q)[:PAGE])  # type: ignore[operator]  # warm-up
        mine = []
        for _ in range(rounds):
            started = time.perf_counter()
            qs = build(q)  # type: ignore[operator]
            count = qs.count()
            page = list(qs[:PAGE])
            mine.append((time.perf_counter() - started) * 1000)
        timings.extend(mine)
        per_query[q] = statistics.median(mine)
        hits[q] = count
        assert len(page) == min(count, PAGE), q
    result = {
        "p50": statistics.median(timings),
        "p95": percentile(timings, 0.95),
        "max": max(timings),
    }
    print(f"| {label} | {len(timings)} | {result['p50']:.1f} | {result['p95']:.1f} | {result['max']:.1f} |")
    return result | {"hits": hits, "per_query": per_query}  # type: ignore[return-value]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db-url", default="postgres://postgres@127.0.0.1:5432/hublocal_h_search")
    parser.add_argument("--solutions", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--before", action="store_true", help="also time the previous implementation")
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.db_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hublocal.settings.dev")
    import django

    django.setup()
    from django.db import connection

    from hublocal.solutions import selectors
    from hublocal.solutions.index import Index
    from hublocal.solutions.models import Solution

    prepare(args.solutions)
    published = Solution.objects.filter(is_published=True).count()
    print(f"{connection.vendor}, {published:,} published solutions, {len(QUERIES)} queries x {args.rounds} rounds")
    print("(count + first page of 20, in-process, milliseconds)\n")
    print("| implementation | samples | p50 ms | p95 ms | max ms |")
    print("| --- | ---: | ---: | ---: | ---: |")
    after = measure("full-text engine (core.search)", lambda q: selectors.catalogue(q=q), args.rounds)
    if args.before:
        started = time.perf_counter()
        rows = (
            Solution.objects.filter(is_published=True)
            .order_by("pk")
            .values_list("pk", "terms", "area", "typologies", "pilots_done", "organization_id")
            .iterator(chunk_size=2000)
        )
        index = Index.from_rows(rows)
        built = time.perf_counter() - started
        before = measure("before: in-memory BM25 + CASE", lambda q: old_catalogue(q, index), args.rounds)
        print(f"\nIn-memory index build (once per process before): {built:.1f} s")
    print("\nPer query (median ms, results):")
    for q in QUERIES:
        line = f"  {q!r:40} after {after['per_query'][q]:7.1f} ms {after['hits'][q]:6,}"  # type: ignore[index]
        if args.before:
            line += f" | before {before['per_query'][q]:7.1f} ms {before['hits'][q]:6,}"  # type: ignore[index]
        print(line)
    print(f"\nLoad average after the run: {os.getloadavg()[0]:.1f} (2 cores)")
    target = "met" if after["p95"] < 100 else "NOT met"
    print(f"\nTarget p95 < 100 ms: {target}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
