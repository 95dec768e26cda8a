"""Agreements' queue job: renewal and obligation alerts, overdue follow-ups and expiry, once a
day (idempotent: every notice carries a dedupe key, every track is opened once)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import services


@db_periodic_task(crontab(hour="7", minute="10"))
def send_agreement_alerts() -> dict[str, int]:
    return services.alerts_send()
