"""Background work of the exports app: dataset builds, export jobs, refresh and cleanup."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from hublocal.core.tasks import at_local_time

from . import services


@db_task()
def dataset_build_task(key: str) -> str:
    services.dataset_build(key)
    return key


@db_task()
def job_run_task(job_id: int) -> str | None:
    job = services.job_run(job_id)
    return job.status if job is not None else None


# Safety net: whatever changed outside the services (or a build a worker lost) is rebuilt within
# the hour; minute 20 keeps clear of the jobs that run on the hour and at minute 5.
@db_periodic_task(crontab(minute="20"))
def open_data_refresh_hourly() -> list[str]:
    return services.datasets_refresh()


# Every dataset rebuilt once a night (renamed municipalities, startups, campaigns...).
@db_periodic_task(at_local_time(hour=3, minute=40))
def open_data_rebuild_nightly() -> list[str]:
    return services.datasets_refresh(everything=True)


@db_periodic_task(crontab(minute="35"))
def export_jobs_expire_hourly() -> int:
    return services.jobs_expire()
