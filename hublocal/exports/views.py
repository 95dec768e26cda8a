"""The page "Mis exportaciones": a person's export jobs with their progress, and the download of one."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.views.decorators.http import require_GET

from hublocal.core.exports import CONTENT_TYPES, StoredFile, file_response
from hublocal.core.web import paginate, require

from . import selectors
from .models import ExportJob
from .permissions import Action, can

PAGE_SIZE = 25
POLL_SECONDS = 3


@require_GET
def job_list(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.VIEW_JOBS)
    page = paginate(request, selectors.jobs_of(user=request.user), PAGE_SIZE)
    jobs = list(page.object_list)
    active = any(j.status in (ExportJob.Status.QUEUED, ExportJob.Status.RUNNING) for j in jobs)
    context = {
        "page_obj": page,
        "rows": [(j, can(request.user, Action.DOWNLOAD_JOB, j)) for j in jobs],
        "active": active,
        "poll_seconds": POLL_SECONDS,
    }
    if request.htmx:
        return render(request, "exports/_jobs.html", context)
    return render(request, "exports/job_list.html", context)


@require_GET
def job_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    require(request, can, Action.VIEW_JOBS)
    job = selectors.job_get(pk=pk)
    # Someone else's job, one not ready or expired: it does not exist for this person.
    if job is None or not can(request.user, Action.DOWNLOAD_JOB, job):
        raise Http404
    stored = StoredFile(
        name=job.file,
        size=job.file_size,
        etag=f'"{job.file_sha256[:40]}"',
        modified=job.finished_at or job.created_at,
        filename=job.download_name or f"exportacion-{job.pk}.csv",
        content_type=CONTENT_TYPES.get(job.file.rsplit(".", 1)[-1], "application/octet-stream"),
    )
    response = file_response(request, stored, cache_seconds=0, public=False)
    if response is None:
        raise Http404
    return response
