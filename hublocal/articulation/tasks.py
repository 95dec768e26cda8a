"""Background jobs: the hourly scan that marks commitments overdue and reminds their owners (the
engagement app's hourly job then escalates the silent ones)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import services


# Hourly (minute 25, clear of the other jobs): a commitment becomes overdue the hour its day ends.
@db_periodic_task(crontab(minute="25"))
def commitments_overdue_hourly() -> int:
    return services.mark_overdue()
