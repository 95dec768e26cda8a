"""Training's queue jobs: the session reminders, every hour (idempotent: each participant gets
one reminder per session, whatever the number of runs, through the notice's dedupe key)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import services


@db_periodic_task(crontab(minute="20"))
def send_session_reminders() -> int:
    return services.session_reminders_send()


@db_periodic_task(crontab(minute="35"))
def send_survey_openings() -> int:
    # Evaluation: tell participants when a survey opens (idempotent through the dedupe key).
    return services.survey_openings_notify()
