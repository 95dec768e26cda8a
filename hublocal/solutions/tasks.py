"""Background jobs of the catalogue: the matcher's shared index."""

from __future__ import annotations

import logging

from django.core.cache import cache
from huey.contrib.djhuey import db_task

from . import index

logger = logging.getLogger(__name__)


@db_task()
def build_matcher_index() -> int | None:
    """Build and store the matcher's index of the published catalogue (queued by
    `index.request_build` when a transaction that changed the catalogue commits). Returns the
    catalogue version built, or None when the stored index was already current."""
    # Cleared before building: a catalogue change committed while this build runs queues the next.
    cache.delete(index.PENDING_KEY)
    row = index.build_and_store()
    if row is None:
        return None
    logger.info(
        "matcher index v%s built: %s solutions, %.2f s, %s bytes",
        row.version,
        row.solutions,
        row.build_seconds,
        len(row.blob),
    )
    return row.version
