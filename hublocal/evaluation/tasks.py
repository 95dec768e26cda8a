"""The indicators' queue jobs: a recomputation asked by staff and the nightly one (this year and
the last, whose figures keep moving while late records arrive)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from . import services


@db_task()
def compute_indicators_task(year: int, actor_id: int | None = None) -> dict[str, Any]:
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    return services.compute_indicators(year=year, actor=actor)


@db_periodic_task(crontab(hour="3", minute="40"))
def compute_indicators_nightly() -> dict[int, Any]:
    this_year = timezone.localdate().year
    return {year: services.compute_indicators(year=year) for year in (this_year - 1, this_year)}


@db_task()
def report_pdf_task(year: int) -> None:
    services.report_pdf_store(year=year)
