"""Writes of the exports app: building open datasets and running personal export jobs.

Open datasets (registered by the apps in core.registry) are files built by the task queue into
storage, never computed in a request:

- a service that changes a dataset's data calls `dataset_changed(key)`; after its transaction
  commits, a build is queued `EXPORTS_DEBOUNCE_SECONDS` later, and every further change before it
  starts joins that build (one row flag, set with a conditional UPDATE, so any number of web
  processes agree on it);
- the build writes a new generation of every format and variant, then switches the row to it in
  one short transaction; the generation before stays until the next build (downloads in flight);
- a periodic task rebuilds what is stale or missing hourly and everything once a night, which
  also covers changes made outside the services (seeders, the admin, renamed municipalities).

Export jobs are CSV exports for one person that would hold a web worker too long: the request
creates the job (audited) and the task queue writes the file, updating its progress; the file is
deleted when the job expires.

This app sits just above core and below every domain app (audit included): it imports none of
them. Audit events go through core.registry.record_event, which the audit app fills in."""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from hublocal.core import registry
from hublocal.core.csvexport import csv_chunks
from hublocal.core.exports import CONTENT_TYPES, StoredFile, delete_files, write_file

from .models import ExportJob, OpenDataset

logger = logging.getLogger(__name__)

JOB_REQUEST = "exports.job_request"
DATASET_DIR = "exports/open-data"
JOB_DIR = "exports/jobs"
# A queued build whose task never ran (a worker lost it) no longer holds back new ones after this.
QUEUE_TIMEOUT = timedelta(minutes=15)
PROGRESS_EVERY = 2000  # rows between progress writes of a job


def _debounce() -> int:
    return int(getattr(settings, "EXPORTS_DEBOUNCE_SECONDS", 30))


def job_lifetime() -> timedelta:
    return timedelta(hours=int(getattr(settings, "EXPORTS_JOB_LIFETIME_HOURS", 72)))


# --- Open datasets ------------------------------------------------------------------------------


def dataset_changed(key: str) -> None:
    """The data of dataset `key` changed in the current transaction: rebuild its files once it
    commits (coalesced with other changes of the next seconds). Nothing happens on rollback."""
    transaction.on_commit(lambda: dataset_schedule(key, delay=_debounce()))


def dataset_request(key: str) -> bool:
    """Someone asked for a dataset that is not built yet: queue its build now (coalesced)."""
    return dataset_schedule(key, delay=0)


def dataset_schedule(key: str, *, delay: int) -> bool:
    """Queue a build of `key` unless one is already queued; whether this call queued it.

    Marks the dataset stale either way, so the build that runs next knows it has work."""
    if registry.dataset(key) is None:
        raise KeyError(key)
    now = timezone.now()
    # One UPDATE in the usual case (the row exists and no build is queued).
    claimed = (
        OpenDataset.objects.filter(key=key)
        .filter(Q(queued_at__isnull=True) | Q(queued_at__lt=now - QUEUE_TIMEOUT))
        .update(queued_at=now, stale_since=Coalesce(F("stale_since"), Value(now)))
    )
    if not claimed:
        if OpenDataset.objects.filter(key=key).exists():
            OpenDataset.objects.filter(key=key, stale_since__isnull=True).update(stale_since=now)
            return False
        _row, claimed = OpenDataset.objects.get_or_create(key=key, defaults={"queued_at": now, "stale_since": now})
        if not claimed:  # another process created it a moment ago, and queued its build
            return False
    from . import tasks

    def enqueue() -> None:
        if delay > 0:
            tasks.dataset_build_task.schedule((key,), delay=delay)
        else:
            tasks.dataset_build_task(key)

    transaction.on_commit(enqueue)
    return True


def _file_key(variant: str, fmt: str) -> str:
    return f"{variant}|{fmt}"


def _generation(started: datetime) -> str:
    return f"{started:%Y%m%dT%H%M%S}-{secrets.token_hex(3)}"


def dataset_build(key: str) -> OpenDataset:
    """Build every format and variant of dataset `key` now and switch to them.

    The queued flag is cleared before reading the data, so a change committed during the build
    queues the next one; the switch keeps whichever build started last (two workers may race)."""
    ds = registry.dataset(key)
    if ds is None:
        raise KeyError(key)
    OpenDataset.objects.get_or_create(key=key)
    OpenDataset.objects.filter(key=key).update(queued_at=None)
    started = timezone.now()
    clock = time.monotonic()
    generation = _generation(started)
    variants = [""] + [str(v) for v in (ds.variants() if ds.variants else []) if str(v)]
    files: dict[str, dict[str, Any]] = {}
    written: list[str] = []
    try:
        for variant in variants:
            for fmt in ds.formats:
                stem = f"{ds.slug}-{variant}" if variant else ds.slug
                out = write_file(f"{DATASET_DIR}/{stem}-{generation}.{fmt}", ds.build(fmt, variant))
                written += [out.name, out.gz_name]
                filename = ds.filename(fmt, variant) if ds.filename else f"{stem}.{fmt}"
                files[_file_key(variant, fmt)] = StoredFile(
                    name=out.name,
                    size=out.size,
                    etag=f'"{out.sha256[:40]}"',
                    modified=started,
                    filename=filename,
                    content_type=CONTENT_TYPES[fmt],
                    gz_name=out.gz_name,
                    gz_size=out.gz_size,
                ).as_dict()
    except Exception:
        delete_files(written)
        raise
    obsolete: list[str] = []
    with transaction.atomic():
        row = OpenDataset.objects.select_for_update().get(key=key)
        if row.built_at is not None and row.built_at > started:
            obsolete = written  # a build that started later already switched: ours is older
        else:
            obsolete = list(row.previous_names)
            row.previous_names = [n for f in row.files.values() for n in (f["name"], f.get("gz_name", "")) if n]
            row.files = files
            row.built_at = started
            row.build_seconds = round(time.monotonic() - clock, 3)
            if row.stale_since is not None and row.stale_since <= started:
                row.stale_since = None
            row.save()
        transaction.on_commit(lambda: delete_files(obsolete))
        transaction.on_commit(lambda: registry.dataset_built(key))
    logger.info("open dataset %s built in %.2f s (%d files)", key, time.monotonic() - clock, len(files))
    return row


def datasets_refresh(*, everything: bool = False) -> list[str]:
    """Build the registered datasets that are missing or stale (every one if `everything`); the
    keys built. Used by the periodic tasks and `manage.py build_open_data`."""
    state = {r.key: r for r in OpenDataset.objects.all()}
    built = []
    for ds in registry.datasets():
        row = state.get(ds.key)
        if everything or row is None or row.built_at is None or row.stale_since is not None:
            try:
                dataset_build(ds.key)
            except Exception:  # one broken dataset must not stop the others
                logger.exception("open dataset %s failed to build", ds.key)
                continue
            built.append(ds.key)
    return built


def seed_open_data(write: Any) -> None:
    """The demo seeder's last step: build every open dataset now."""
    built = datasets_refresh(everything=True)
    write(f"Open data: {len(built)} datasets built")


# --- Export jobs --------------------------------------------------------------------------------


@transaction.atomic
def job_request(*, actor: Any, kind: str, params: dict[str, Any], title: str) -> ExportJob:
    """Queue an export for `actor` (audited); the task queue starts it once this commits."""
    spec = registry.export_kind(kind)
    if spec is None:
        raise ValidationError(_("Esta exportación no existe."))
    if not spec.allowed(actor, params):
        raise ValidationError(_("Su cuenta no puede pedir esta exportación."))
    now = timezone.now()
    job = ExportJob.objects.create(
        requested_by=actor,
        kind=kind,
        title=title[:200],
        params=params,
        expires_at=now + job_lifetime(),
    )
    registry.record_event(
        actor=actor,
        action=JOB_REQUEST,
        object_type="exports.exportjob",
        object_id=str(job.pk),
        object_repr=job.title,
        after={"kind": kind, "params": params},
    )
    from . import tasks

    transaction.on_commit(lambda: tasks.job_run_task(job.pk))
    return job


def _progress(job_id: int, done: int, total: int | None) -> None:
    percent = min(99, int(done * 100 / total)) if total else 0
    ExportJob.objects.filter(pk=job_id).update(rows_done=done, progress=percent)


def _counted(job: ExportJob, rows: Iterator[list[Any]]) -> Iterator[list[Any]]:
    """The rows, writing the progress every PROGRESS_EVERY data rows (the header is not counted)."""
    done = -1
    for row in rows:
        yield row
        done += 1
        if done and done % PROGRESS_EVERY == 0:
            _progress(job.pk, done, job.rows_total)
    job.rows_done = max(done, 0)


def job_run(job_id: int) -> ExportJob | None:
    """Run a queued job: count, write the CSV to storage with progress, mark it done (or failed
    with a message the person can read). None if the job is gone or was already taken."""
    now = timezone.now()
    if not ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.QUEUED).update(
        status=ExportJob.Status.RUNNING, started_at=now
    ):
        return None
    job = ExportJob.objects.select_related("requested_by").get(pk=job_id)
    spec = registry.export_kind(job.kind)
    try:
        if spec is None:
            raise LookupError(job.kind)
        job.rows_total = spec.count(job.params)
        ExportJob.objects.filter(pk=job.pk).update(rows_total=job.rows_total)
        name = f"{JOB_DIR}/{job.requested_by_id}/{job.pk}-{secrets.token_hex(8)}.{spec.fmt}"
        if spec.content is not None:
            out = write_file(name, spec.content(job.params), compressed_copy=False)
            job.rows_done = job.rows_total or 0
        elif spec.rows is not None:
            out = write_file(name, csv_chunks(_counted(job, iter(spec.rows(job.params)))), compressed_copy=False)
        else:
            raise LookupError(job.kind)
    except Exception as exc:
        logger.exception("export job %s failed", job_id)
        ExportJob.objects.filter(pk=job_id).update(
            status=ExportJob.Status.FAILED,
            finished_at=timezone.now(),
            error=_("No se pudo generar el archivo (%(e)s). Pida la exportación de nuevo.") % {"e": type(exc).__name__},
        )
        return ExportJob.objects.get(pk=job_id)
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJob.Status.DONE,
        progress=100,
        rows_done=job.rows_done,
        file=out.name,
        file_size=out.size,
        file_sha256=out.sha256,
        download_name=spec.filename(job.params),
        finished_at=timezone.now(),
    )
    return ExportJob.objects.get(pk=job_id)


def jobs_expire(*, now: datetime | None = None) -> int:
    """Delete expired jobs and their files; how many."""
    now = now or timezone.now()
    expired = list(ExportJob.objects.filter(expires_at__lte=now).values_list("pk", "file"))
    if not expired:
        return 0
    with transaction.atomic():
        ExportJob.objects.filter(pk__in=[pk for pk, _name in expired]).delete()
        transaction.on_commit(lambda: delete_files(name for _pk, name in expired))
    return len(expired)


def jobs_delete_of(*, user_id: int) -> int:
    """Delete one account's jobs and files (erasure); runs inside the caller's transaction."""
    jobs = ExportJob.objects.filter(requested_by_id=user_id)
    names = list(jobs.values_list("file", flat=True))
    count, _detail = jobs.delete()
    transaction.on_commit(lambda: delete_files(names))
    return count
