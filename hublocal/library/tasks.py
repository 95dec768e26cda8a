"""Background jobs of the library: reading uploaded files' text, adding up usage counts."""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from . import services, usage

logger = logging.getLogger(__name__)


@db_task()
def extract_files(file_ids: list[int]) -> int:
    """Extract the text of newly attached files (queued when their upload commits)."""
    done = 0
    for file_id in file_ids:
        row = services.file_extract(file_id=file_id)
        if row is not None:
            done += 1
            if row.extraction == "failed":
                logger.info("library file %s unreadable: %s", row.pk, row.extraction_reason)
    return done


@db_periodic_task(crontab(minute="*/10"))
def flush_usage() -> int:
    """Add the views and downloads counted in the cache to the monthly usage rows."""
    return services.usage_add(counts=usage.pending())
