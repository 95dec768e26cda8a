"""Re-analyse every solution's text after the Spanish analyser changed (new synonyms or
concepts in core/data/spanish_concepts.yaml, a new stemming rule): refreshes `Solution.terms`
(the matcher) and `Solution.search_document` (the catalogue's full-text index, which the
database updates from it), a batch at a time, then bumps the catalogue version so the
matcher's index is rebuilt. Without it, solutions saved before the change keep the old terms
while queries are analysed with the new ones.

    manage.py reanalyse_solutions
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import F

from hublocal.core import search, spanish
from hublocal.solutions.models import CatalogueVersion, Solution

BATCH = 1000
FIELDS = ("name", "summary", "problem", "description", "keywords")


class Command(BaseCommand):
    help = "Vuelve a analizar el texto de todas las soluciones (tras cambiar el analizador)."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        last, changed, seen = 0, 0, 0
        while True:
            batch = list(Solution.objects.filter(pk__gt=last).order_by("pk").only("pk", "terms", *FIELDS)[:BATCH])
            if not batch:
                break
            stale = []
            for solution in batch:
                terms = spanish.document_terms(*(getattr(solution, f) for f in FIELDS))
                if terms != solution.terms:
                    solution.terms = terms
                    solution.search_document = search.document(terms)
                    stale.append(solution)
            with transaction.atomic():
                Solution.objects.bulk_update(stale, ["terms", "search_document"], batch_size=500)
            seen += len(batch)
            changed += len(stale)
            last = batch[-1].pk
        if changed:
            with transaction.atomic():
                CatalogueVersion.objects.get_or_create(pk=1)
                CatalogueVersion.objects.filter(pk=1).update(version=F("version") + 1)
        self.stdout.write(f"{changed:,} de {seen:,} soluciones actualizadas en {time.monotonic() - started:.1f} s.")
