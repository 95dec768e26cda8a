"""Catalogue-scale benchmark data: tens of thousands of synthetic solutions.

    manage.py seed_scale_solutions [--solutions 50000] [--seed 42]

Each synthetic solution ("scale-sol-<6 digits>" slug, unpublished demo flag off) is written by
recombining the texts of the catalogue already in the database (run `seed_demo` first): the
name, summary and problem of one solution, the problem of another as its description, its
keywords, and a numbered name suffix. Owners are the database's startup organisations (the demo
ones, plus `seed_scale`'s when present). Terms and the full-text document are analysed exactly as
the services do (`core.spanish`, `core.search.document`), one analysis per distinct text.

Like `seed_scale`: deterministic (item n depends on --seed and n only), idempotent (a rerun only
adds missing numbers), bulk_create in batches (the search index follows: a generated column on
PostgreSQL, triggers on SQLite), one summary audit event, and the catalogue version is bumped so
the matcher's index is rebuilt.
"""

from __future__ import annotations

import random
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import F

from hublocal.audit.services import audit_record
from hublocal.core import search, spanish
from hublocal.core.text import fold
from hublocal.directory import selectors as directory_selectors
from hublocal.solutions.models import CatalogueVersion, Solution

SLUG_PREFIX = "scale-sol-"
BATCH_SIZE = 2000
SUFFIXES = ["Comunal", "360", "Express", "Pro", "Abierta", "Local", "Integral", "Plus", "Regional", "Ágil"]


class Command(BaseCommand):
    help = "Crea soluciones sintéticas a escala (benchmarks del catálogo)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--solutions", type=int, default=50_000)
        parser.add_argument("--seed", type=int, default=42)

    def handle(self, *args: Any, **options: Any) -> None:
        target, seed = options["solutions"], options["seed"]
        if not 0 <= target <= 1_000_000:
            raise CommandError("--solutions debe estar entre 0 y 1.000.000.")
        templates = list(
            Solution.objects.filter(is_published=True)
            .exclude(slug__startswith=SLUG_PREFIX)
            .order_by("pk")
            .values("name", "summary", "problem", "keywords", "area", "deployment", "pricing_model", "typologies")
        )
        owners = list(directory_selectors.organization_list(kind="startup").order_by("pk").values_list("pk", flat=True))
        if not templates or not owners:
            raise CommandError("Primero cargue el catálogo de demostración (manage.py seed_demo).")
        existing = set(
            Solution.objects.filter(slug__startswith=SLUG_PREFIX)
            .values_list("slug", flat=True)
            .iterator(chunk_size=5000)
        )
        missing = [n for n in range(1, target + 1) if _slug(n) not in existing]
        started = time.monotonic()
        analysed: dict[str, list[str]] = {}

        def terms_of(text: str) -> list[str]:
            if text not in analysed:
                analysed[text] = spanish.analyze(text)
            return analysed[text]

        for start in range(0, len(missing), BATCH_SIZE):
            rows = []
            for n in missing[start : start + BATCH_SIZE]:
                rng = random.Random(f"{seed}-{n}")
                base, other = rng.choice(templates), rng.choice(templates)
                name = f"{base['name']} {rng.choice(SUFFIXES)} {n}"[:200]
                terms = [
                    *spanish.analyze(name),
                    *terms_of(base["summary"]),
                    *terms_of(base["problem"]),
                    *terms_of(other["problem"]),
                    *terms_of(base["keywords"]),
                ]
                rows.append(
                    Solution(
                        organization_id=rng.choice(owners),
                        slug=_slug(n),
                        name=name,
                        summary=base["summary"],
                        problem=base["problem"],
                        description=other["problem"],
                        keywords=base["keywords"],
                        area=base["area"],
                        deployment=base["deployment"],
                        pricing_model=base["pricing_model"],
                        typologies=base["typologies"],
                        pilots_done=rng.choice([0, 0, 0, 1, 1, 2, 3, 5]),
                        terms=terms,
                        search_name=fold(name)[:200],
                        search_document=search.document(terms),
                    )
                )
            with transaction.atomic():
                Solution.objects.bulk_create(rows, batch_size=BATCH_SIZE)
            self.stdout.write(f"{start + len(rows):,} / {len(missing):,}")
        with transaction.atomic():
            CatalogueVersion.objects.get_or_create(pk=1)
            CatalogueVersion.objects.filter(pk=1).update(version=F("version") + 1)
            audit_record(
                actor=None,
                action="solutions.seed_scale",
                object_type="solutions.solution",
                after={"created": len(missing), "target": target, "seed": seed},
            )
        self.stdout.write(f"{len(missing):,} soluciones creadas en {time.monotonic() - started:.1f} s.")


def _slug(n: int) -> str:
    return f"{SLUG_PREFIX}{n:06d}"
