"""Training's queue jobs: the session reminders, every hour (idempotent: each participant gets
one reminder per session, whatever the number of runs, through the notice's dedupe key)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from . import services


@db_periodic_task(crontab(minute="20"))
def send_session_reminders() -> int:
    return services.session_reminders_send()


@db_periodic_task(crontab(minute="35"))
def send_survey_openings() -> int:
    # Evaluation: tell participants when a survey opens (idempotent through the dedupe key).
    return services.survey_openings_notify()


# --- Automatic certificates


@db_task(retries=2, retry_delay=60)
def issue_certificates_on_completion(application_ids: list[int]) -> int:
    """Issue certificates to those of these applications who completed (idempotent)."""
    return services.certificates_issue_on_completion(application_ids=application_ids)
