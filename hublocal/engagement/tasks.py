"""Background jobs: the hourly escalation scan, and the same scan on demand."""

from __future__ import annotations

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from . import services


def run_escalations() -> int:
    """Escalate every due track now; the number of messages logged (sent or not)."""
    return len(services.escalate_due(now=timezone.now()))


# Minute 5 keeps clear of jobs scheduled on the hour.
@db_periodic_task(crontab(minute="5"))
def escalate_due_hourly() -> int:
    return run_escalations()


@db_task()
def escalate_due_now() -> int:
    return run_escalations()
