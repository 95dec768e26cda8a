"""Finance's queue jobs, once a day: membership reminders to the municipalities' focal contacts
(idempotent: every notice carries a dedupe key) and the breach alerts checked again."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import services


@db_periodic_task(crontab(hour="7", minute="20"))
def send_membership_reminders() -> dict[str, int]:
    return services.membership_reminders_send()


@db_periodic_task(crontab(hour="7", minute="25"))
def recheck_breach_alerts() -> dict[str, int]:
    return services.breach_alerts_recheck()
