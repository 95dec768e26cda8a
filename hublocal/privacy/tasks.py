"""Background jobs of the privacy app: the daily retention run.

Retention is declared by each app (`PersonalData.retention_days` and `expire`, in its
personal_data.py); this job only runs every registered `expire` and leaves one audit event with
the counts, so the hub can show the authority that the periods are applied."""

from __future__ import annotations

import logging
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from hublocal.audit.services import audit_record
from hublocal.core import registry

logger = logging.getLogger(__name__)


def run_retention(*, now: datetime | None = None) -> dict[str, int]:
    """Apply every declared retention period; rows anonymised or deleted per declaration key.

    Each declaration runs in its own transaction: one failing (e.g. a table locked) neither undoes
    nor blocks the others; it is logged, counted as -1 and retried the next day. One audit event
    `privacy.retention_run` records the counts."""
    now = now or timezone.now()
    counts: dict[str, int] = {}
    for declaration in registry.personal_data():
        if declaration.expire is None:
            continue
        try:
            with transaction.atomic():
                counts[declaration.key] = declaration.expire(now)
        except Exception:
            logger.exception("Retention of %s failed", declaration.key)
            counts[declaration.key] = -1
    audit_record(
        actor=None,
        action="privacy.retention_run",
        object_type="privacy.retention",
        object_repr=f"{sum(c for c in counts.values() if c > 0)} filas",
        after={"now": now.isoformat(), "counts": counts},
    )
    return counts


# Huey reads crontabs in UTC: 03:30 UTC is night in Chile (23:30 or 00:30), the quietest hour,
# and clear of the hourly escalation scan at minute 5.
@db_periodic_task(crontab(hour="3", minute="30"))
def retention_daily() -> dict[str, int]:
    return run_retention()
