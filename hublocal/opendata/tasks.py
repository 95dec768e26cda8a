"""Background work of the open-data portal: a version per dataset build, and a safety net."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from . import services


@db_task()
def version_build_task(key: str) -> str:
    services.version_build(key)
    return key


# Datasets without a version (a new registration, a build lost by a worker) are published within
# the hour; minute 50 runs after the exports app's hourly refresh (minute 20). The nightly
# rebuild comes through the exports app's nightly build (core.registry.dataset_built).
@db_periodic_task(crontab(minute="50"))
def portal_refresh_hourly() -> list[str]:
    return services.versions_refresh()
