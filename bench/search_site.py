#!/usr/bin/env python
"""Site-wide search at 20,000 library resources with long extracted text and 50,000 solutions,
plus the territory and the demo: the search selector and the /buscar/ page, in-process.

    .venv/bin/python bench/search_site.py [--db-url postgres://postgres@127.0.0.1:5432/hublocal_bench_search]
                                          [--library 20000] [--solutions 50000] [--rounds 5]

Prepares the database if needed (migrate, load_territory, seed_demo — which indexes the demo —
then synthetic index entries written straight into `SearchEntry` with bulk_create: library-like
ones with 2–5 KB of text, solution-like ones with a paragraph; then the vocabulary of
suggestions is recounted and the tables VACUUM (ANALYZE)d). Each entry is about one or two of
twenty municipal topics (as real documents are) with some sentences of others, so a topic's
words match several thousand entries, words common to every topic ("municipalidad", "gestión")
tens of thousands, and rare ones a handful.

Times, for ~20 queries typed by people (common words, rare words, synonyms and acronyms, two
words, typos with a suggestion, facets, an over-long query), `--rounds` times each after one
warm-up: (1) what the selector costs for a page — the facets' aggregate, the count, the first
20 rows and their marked snippets; (2) the whole /buscar/ page through Django's test client
with the anonymous page cache off. Prints p50/p95/max in milliseconds.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OFFSET = 900_000_000  # synthetic object ids, far from the demo's
PAGE = 20

QUERIES: list[tuple[str, dict[str, str]]] = [
    ("funcionarios", {}),
    ("oficina de partes", {}),
    ("gestión", {}),
    ("patentes comerciales", {}),
    ("licencias de funcionamiento", {}),
    ("oirs", {}),
    ("cesfam lista de espera", {}),
    ("reciclaje puntos limpios", {}),
    ("telemedicina", {}),
    ("telemedisina", {}),
    ("reciclage vidrio", {}),
    ("cámaras de televigilancia", {}),
    ("alumbrado público telegestión", {}),
    ("presupuesto participativo", {}),
    ("codigo042x", {}),
    ("xilófono", {}),
    ("protocolo", {"type": "library.resource"}),
    ("seguridad", {"area": "seguridad", "typology": "rural_semiurbana"}),
    ("datos abiertos", {"year": "2024"}),
    ("capacitación funcionarios", {"type": "solutions.solution", "area": "capital_humano"}),
    ("municipal gestión digital " * 20, {}),
    ('"patentes" & (oirs | !reciclaje):*', {}),
]

SUBJECTS = [
    "La municipalidad",
    "El equipo de la DIDECO",
    "La dirección de obras municipales",
    "El departamento de salud",
    "La oficina de seguridad pública",
    "La unidad de medio ambiente",
    "El equipo de informática",
    "La SECPLA",
    "El concejo municipal",
    "La oficina de partes",
]
ACTIONS = [
    "implementó un sistema de",
    "mejoró la gestión de",
    "redujo los tiempos de",
    "digitalizó el registro de",
    "capacitó a sus funcionarios en",
    "coordinó con los vecinos la",
    "midió durante seis meses la",
    "publicó como datos abiertos la",
    "evaluó con un grupo de comparación la",
    "externalizó con una startup la",
]
OBJECTS = [
    "patentes comerciales",
    "licencias de funcionamiento",
    "reclamos de la OIRS",
    "lista de espera del CESFAM",
    "reciclaje en puntos limpios",
    "alumbrado público con telegestión",
    "cámaras de televigilancia",
    "permisos de edificación",
    "presupuesto participativo",
    "atención de público en línea",
    "telemedicina en postas",
    "recolección de residuos domiciliarios",
    "fiscalización de ferias libres",
    "inventario de bodegas",
    "registro social de hogares",
    "transparencia activa",
    "compras públicas",
    "gestión documental",
    "mantención de áreas verdes",
    "datos abiertos municipales",
]
CONTEXTS = [
    "en una comuna rural de la región de Los Lagos",
    "con un presupuesto acotado y pocas personas",
    "durante la emergencia sanitaria",
    "en barrios con baja conectividad",
    "junto a la universidad regional",
    "con indicadores medidos cada mes",
    "sin contratar personal adicional",
    "siguiendo el protocolo del Hub",
    "con apoyo de la Subdere",
    "y lo documentó para otros municipios",
]
AREAS = ["seguridad", "aps", "capital_humano", "ambiente", "digital"]
TYPOLOGIES = ["metropolitana", "mayor", "urbana_mediana", "rural_semiurbana"]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _sentences(rng: random.Random) -> dict[str, list[tuple[str, list[str]]]]:
    """Sentences by topic, with their analysed terms (analysed once: the pool is reused). A
    document is about one or two topics, as real ones are, plus a few sentences of others."""
    from hublocal.core import search

    pool: dict[str, list[tuple[str, list[str]]]] = {}
    for topic in OBJECTS:
        pool[topic] = []
        for _ in range(40):
            text = f"{rng.choice(SUBJECTS)} {rng.choice(ACTIONS)} {topic} {rng.choice(CONTEXTS)}."
            pool[topic].append((text, search.document_of(text).split()))
    # Rare words: each appears in a few entries only.
    pool["rare"] = []
    for i in range(300):
        text = f"El expediente codigo{i:03d}x quedó archivado en la oficina de partes."
        pool["rare"].append((text, search.document_of(text).split()))
    return pool


def _entry(kind: str, i: int, rng: random.Random, pool: dict[str, list[tuple[str, list[str]]]]) -> object:
    from hublocal.core import search
    from hublocal.core.registry import SearchDocument
    from hublocal.search.indexer import _digest, _values
    from hublocal.search.models import SearchEntry, stored_document

    target = rng.randint(2_000, 5_000) if kind == "library.resource" else rng.randint(300, 700)
    topics = rng.sample(OBJECTS, rng.randint(1, 2))
    parts: list[str] = []
    terms: list[str] = []
    size = 0
    while size < target:
        roll = rng.random()
        topic = "rare" if roll < 0.003 else rng.choice(OBJECTS) if roll < 0.15 else rng.choice(topics)
        text, analysed = rng.choice(pool[topic])
        parts.append(text)
        terms.extend(analysed)
        size += len(text) + 1
    title = f"{topics[0].capitalize()} {rng.choice(CONTEXTS)}"
    summary = parts[0]
    doc = SearchDocument(
        object_id=OFFSET + i,
        title=title,
        url=f"/{'biblioteca' if kind == 'library.resource' else 'soluciones'}/bench-{i}/",
        summary=summary,
        text=" ".join(parts),
        areas=tuple(rng.sample(AREAS, rng.randint(1, 2))),
        typologies=tuple(rng.sample(TYPOLOGIES, rng.randint(1, 3))),
        year=rng.randint(2015, 2026),
    )
    values = _values(doc)
    head = [*search.document_of(title).split() * 2, *search.document_of(summary).split()]
    return SearchEntry(
        type=kind,
        object_id=doc.object_id,
        digest=_digest(values),
        search_document=stored_document(" ".join([*head, *terms])),
        search_head=stored_document(" ".join(head)),
        **values,
    )


def prepare(library: int, solutions: int) -> None:
    from django.core.management import call_command
    from django.db import connection

    from hublocal.search import indexer
    from hublocal.search.models import SearchEntry

    call_command("migrate", verbosity=0)
    if not SearchEntry.objects.filter(type="directory.municipality").exists():
        call_command("load_territory", verbosity=0)
        call_command("seed_demo", verbosity=0)
    rng = random.Random(12)
    pool = _sentences(rng)
    for kind, wanted in (("library.resource", library), ("solutions.solution", solutions)):
        start = 0 if kind == "library.resource" else 10_000_000
        # Only the missing ones: a rebuild of the type (nightly task, rebuild_search_index)
        # deletes synthetic entries, whose objects do not exist.
        have = set(
            SearchEntry.objects.filter(
                type=kind, object_id__gte=OFFSET + start, object_id__lt=OFFSET + start + wanted
            ).values_list("object_id", flat=True)
        )
        missing = [i for i in range(wanted) if OFFSET + start + i not in have]
        if not missing:
            continue
        started = time.perf_counter()
        for first in range(0, len(missing), 2_000):
            rows = [_entry(kind, start + i, rng, pool) for i in missing[first : first + 2_000]]
            SearchEntry.objects.bulk_create(rows, batch_size=500)
        print(f"seeded {len(missing):,} {kind} entries in {time.perf_counter() - started:.0f} s")
        indexer.recount_words()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM (ANALYZE) search_searchentry")
            cursor.execute("VACUUM (ANALYZE) search_searchword")
        else:
            cursor.execute("ANALYZE")


def selector_page(q: str, params: dict[str, str]) -> int:
    """What the page computes, without the template: facets + count, the first 20 rows with
    their marked snippets, and a suggestion when nothing matched."""
    from hublocal.search import highlight, selectors

    filters = selectors.Filters(
        type=params.get("type", ""),
        area=params.get("area", ""),
        typology=params.get("typology", ""),
        year=int(params["year"]) if "year" in params else None,
    )
    results = selectors.search_entries(q=q, filters=filters)
    rows = list(results.rows[:PAGE])
    for entry in rows:
        highlight.highlight_title(entry.title, results.query)
        highlight.snippet(entry.summary, entry.text, results.query)
    if not results.total:
        selectors.suggestion(q)
    return results.total


def measure(label: str, run: object, rounds: int) -> dict[str, object]:
    timings: list[float] = []
    per_query: dict[str, float] = {}
    hits: dict[str, object] = {}
    for q, params in QUERIES:
        hits[q] = run(q, params)  # type: ignore[operator]  # warm-up
        mine = []
        for _ in range(rounds):
            started = time.perf_counter()
            run(q, params)  # type: ignore[operator]
            mine.append((time.perf_counter() - started) * 1000)
        timings.extend(mine)
        per_query[q] = statistics.median(mine)
    result = {"p50": statistics.median(timings), "p95": percentile(timings, 0.95), "max": max(timings)}
    print(f"| {label} | {len(timings)} | {result['p50']:.1f} | {result['p95']:.1f} | {result['max']:.1f} |")
    return result | {"per_query": per_query, "hits": hits}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db-url", default="postgres://postgres@127.0.0.1:5432/hublocal_bench_search")
    parser.add_argument("--library", type=int, default=20_000)
    parser.add_argument("--solutions", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.db_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hublocal.settings.dev")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from hublocal.search.models import SearchEntry, SearchWord

    # As the test settings: no hashed-name manifest (collectstatic) needed to render a page.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    prepare(args.library, args.solutions)
    settings.ANONYMOUS_PAGE_CACHE = False
    if "testserver" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    entries = SearchEntry.objects.count()
    words = SearchWord.objects.count()
    print(f"{connection.vendor}, {entries:,} index entries, {words:,} words of suggestions")
    print(f"{len(QUERIES)} queries x {args.rounds} rounds, in-process, milliseconds\n")
    print("| what | samples | p50 ms | p95 ms | max ms |")
    print("| --- | ---: | ---: | ---: | ---: |")
    # Cold: every search computes its total, facets and candidates (the shared answer cache of
    # selectors is off, as for a query nobody asked since the index last changed).
    settings.SEARCH_ANSWER_CACHE = False
    selector = measure("search selector + snippets (page of 20), cold", selector_page, args.rounds)
    client = Client()

    def page(q: str, params: dict[str, str]) -> int:
        response = client.get("/buscar/", {"q": q, **params})
        assert response.status_code == 200, response.status_code
        return len(response.content)

    whole = measure("/buscar/ page (test client, no page cache), cold", page, args.rounds)
    # Warm: the query was asked before (by anyone, signed in or not) since the index changed.
    settings.SEARCH_ANSWER_CACHE = True
    warm_selector = measure("search selector + snippets, answer cached", selector_page, args.rounds)
    warm = measure("/buscar/ page (no page cache), answer cached", page, args.rounds)
    # What anonymous visitors get once a query has been asked since the index last changed.
    settings.ANONYMOUS_PAGE_CACHE = True
    measure("/buscar/ page, anonymous page cache warm", page, args.rounds)
    settings.ANONYMOUS_PAGE_CACHE = False
    print("\nPer query (median ms: selector cold | page cold | selector warm | page warm; results):")
    for q, params in QUERIES:
        shown = (q[:37] + "…") if len(q) > 38 else q
        extra = " " + " ".join(f"{k}={v}" for k, v in params.items()) if params else ""
        print(
            f"  {shown + extra:70} {selector['per_query'][q]:7.1f} | {whole['per_query'][q]:7.1f}"  # type: ignore[index]
            f" | {warm_selector['per_query'][q]:7.1f} | {warm['per_query'][q]:7.1f}"  # type: ignore[index]
            f" {selector['hits'][q]:7,}"  # type: ignore[index]
        )
    print(f"\nLoad average after the run: {os.getloadavg()[0]:.1f} (2 cores shared)")
    met = "met" if whole["p95"] < 100 else "NOT met"  # type: ignore[operator]
    print(f"\nTarget p95 < 100 ms (page, cold): {met}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
