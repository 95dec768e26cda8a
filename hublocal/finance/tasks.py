"""Finance's queue job: membership reminders to the municipalities' focal contacts, once a day
(idempotent: every notice carries a dedupe key)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import services


@db_periodic_task(crontab(hour="7", minute="20"))
def send_membership_reminders() -> dict[str, int]:
    return services.membership_reminders_send()
