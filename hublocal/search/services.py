"""Writes of the site-wide search: only the index, never the indexed objects.

The index is derived data (each app's SearchType.documents() is the source of truth), so its
rebuilds are not audited: they change nothing a person wrote and can be rerun at any time."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from . import indexer

logger = logging.getLogger(__name__)


def index_rebuild(*, key: str | None = None, batch: int = indexer.BATCH) -> dict[str, indexer.Outcome]:
    """Rebuild one search type's entries (or all) from the registered types."""
    started = time.perf_counter()
    outcomes = indexer.rebuild(key, batch=batch)
    logger.info(
        "search index rebuilt in %.1f s: %s",
        time.perf_counter() - started,
        ", ".join(
            f"{k} {o.written} written, {o.unchanged} unchanged, {o.removed} removed" for k, o in outcomes.items()
        ),
    )
    return outcomes


def seed(out: Callable[[str], None]) -> None:
    """After every other seeder: the demo's public objects in the index."""
    outcomes = index_rebuild()
    total = sum(o.written + o.unchanged for o in outcomes.values())
    out(f"Índice de búsqueda: {total} entradas.")
