"""Permission-matrix rows for the exports app (see tests/test_permission_matrix.py for the columns).

"Mis exportaciones" lists the signed-in person's own export jobs; a job's file is downloaded only
by the person who asked for it (anyone else gets 404: another person's exports do not exist for
them). `placeholders` adds a finished audit-trail export of the hub administrator (staff)."""

from __future__ import annotations

from typing import Any

from tests.matrix import LOGIN, Row, row

STAFF_JOB = "<exports: a finished export job of staff>"

NONE: dict[str, Any] = {}
JOB = {"pk": STAFF_JOB}

# fmt: off
ROWS: list[Row] = [
    #   route                  kwargs  method  anon   staff  anlst  stgo   valpo  st-a   st-b   partner
    row("exports:job_list",     NONE,   "GET",  LOGIN, 200,   200,   200,   200,   200,   200,   200),
    row("exports:job_download", JOB,    "GET",  LOGIN, 200,   404,   404,   404,   404,   404,   404,
        note="only the requester; others get 404"),
]
# fmt: on


def placeholders(users: dict[str, Any]) -> dict[str, Any]:
    from datetime import timedelta

    from django.utils import timezone

    from hublocal.audit import exports as audit_exports
    from hublocal.core.exports import write_file
    from hublocal.exports.models import ExportJob

    out = write_file("exports/jobs/matrix.csv", ["\ufeffa,b\r\n"], compressed_copy=False)
    now = timezone.now()
    job = ExportJob.objects.create(
        requested_by=users["staff"],
        kind=audit_exports.KIND,
        title="Registro de auditoría (matriz)",
        params={"filters": {}, "before_id": 0, "language": "es"},
        status=ExportJob.Status.DONE,
        progress=100,
        file=out.name,
        file_size=out.size,
        file_sha256=out.sha256,
        download_name="auditoria.csv",
        finished_at=now,
        expires_at=now + timedelta(days=1),
    )
    return {STAFF_JOB: job.pk}
