"""Export jobs: requested (audited), run by the task queue with progress, fetched only by the
person who asked, deleted when they expire (issue 16, item 3)."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from hublocal.audit import exports as audit_exports
from hublocal.audit.models import AuditEvent
from hublocal.core import registry
from hublocal.exports import services
from hublocal.exports.models import ExportJob

LIST_URL = reverse("exports:job_list")


def download_url(job: ExportJob) -> str:
    return reverse("exports:job_download", kwargs={"pk": job.pk})


def request_audit_job(user: Any, capture: Any) -> ExportJob:
    """An audit-trail job as the audit page creates it, run by the (immediate) task queue."""
    from hublocal.audit import services as audit_services

    with capture(execute=True):
        job = audit_services.audit_export_job_request(actor=user, filters={}, record_filters={}, rows=0, language="es")
    job.refresh_from_db()
    return job


def test_job_lifecycle_request_progress_done_download(users, client_for, django_capture_on_commit_callbacks):
    staff = users["staff"]
    expected = AuditEvent.objects.count()
    job = request_audit_job(staff, django_capture_on_commit_callbacks)
    assert job.status == ExportJob.Status.DONE and job.progress == 100
    assert job.rows_total == job.rows_done == expected
    assert job.started_at and job.finished_at and job.expires_at > timezone.now()
    assert default_storage.exists(job.file)
    # Audited: the request of the trail (audit.export) and the job (exports.job_request).
    assert AuditEvent.objects.filter(action="audit.export", actor=staff).exists()
    assert AuditEvent.objects.filter(action=services.JOB_REQUEST, actor=staff, object_id=str(job.pk)).exists()

    client = client_for("staff")
    page = client.get(LIST_URL)
    assert page.status_code == 200
    assert download_url(job) in page.content.decode()
    response = client.get(download_url(job))
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("private")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][0] == "Fecha y hora (UTC)" and len(rows) == expected + 1
    assert int(response["Content-Length"]) == len(body.encode("utf-8")) + 3  # and the BOM


@pytest.mark.parametrize("other", [None, "analista", "santiago", "startup-a"])
def test_someone_elses_job_is_not_found(users, client_for, other, django_capture_on_commit_callbacks):
    job = request_audit_job(users["staff"], django_capture_on_commit_callbacks)
    response = client_for(other).get(download_url(job))
    if other is None:
        assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    else:
        assert response.status_code == 404
        assert download_url(job) not in client_for(other).get(LIST_URL).content.decode()


def test_a_person_who_lost_the_right_loses_the_file(users, client_for, django_capture_on_commit_callbacks):
    analyst = users["analista"]
    job = request_audit_job(analyst, django_capture_on_commit_callbacks)
    assert client_for("analista").get(download_url(job)).status_code == 200
    analyst.role = "partner"
    analyst.organization = users["partner"].organization
    analyst.save(update_fields=["role", "organization"])
    assert client_for("analista").get(download_url(job)).status_code == 404


def test_only_allowed_people_may_request_a_kind(users):
    with pytest.raises(ValidationError):
        services.job_request(actor=users["santiago"], kind=audit_exports.KIND, params={}, title="x")
    with pytest.raises(ValidationError):
        services.job_request(actor=users["staff"], kind="no.such.kind", params={}, title="x")
    assert not ExportJob.objects.exists()


def test_progress_is_written_while_running(users, monkeypatch, django_capture_on_commit_callbacks):
    seen: list[tuple[int, int]] = []
    monkeypatch.setattr(services, "PROGRESS_EVERY", 2)
    real = services._progress

    def spy(job_id: int, done: int, total: int | None) -> None:
        real(job_id, done, total)
        row = ExportJob.objects.get(pk=job_id)
        seen.append((row.rows_done, row.progress))

    monkeypatch.setattr(services, "_progress", spy)
    job = request_audit_job(users["staff"], django_capture_on_commit_callbacks)
    # Written every 2 rows while the file is written, never 100 before it is complete.
    assert len(seen) >= 2 and seen == sorted(seen) and seen[0][0] == 2
    assert all(p < 100 for _done, p in seen)
    assert job.progress == 100


def test_a_failing_job_says_so(users, monkeypatch, client_for, django_capture_on_commit_callbacks):
    def broken(params: dict) -> Any:
        raise RuntimeError("boom")

    kind = registry.export_kind(audit_exports.KIND)
    monkeypatch.setitem(
        registry._EXPORT_KINDS, audit_exports.KIND, registry.ExportKind(**{**kind.__dict__, "rows": broken})
    )
    job = request_audit_job(users["staff"], django_capture_on_commit_callbacks)
    assert job.status == ExportJob.Status.FAILED and job.error and not job.file
    page = client_for("staff").get(LIST_URL).content.decode()
    assert "Pida la exportación de nuevo" in page
    assert client_for("staff").get(download_url(job)).status_code == 404


def test_expired_jobs_and_files_are_deleted(users, client_for, django_capture_on_commit_callbacks):
    job = request_audit_job(users["staff"], django_capture_on_commit_callbacks)
    keep = request_audit_job(users["staff"], django_capture_on_commit_callbacks)
    ExportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert client_for("staff").get(download_url(job)).status_code == 404  # expired: gone already
    with django_capture_on_commit_callbacks(execute=True):
        assert services.jobs_expire() == 1
    assert not ExportJob.objects.filter(pk=job.pk).exists() and not default_storage.exists(job.file)
    assert ExportJob.objects.filter(pk=keep.pk).exists() and default_storage.exists(keep.file)


def test_large_audit_export_becomes_a_job(users, client_for, settings, django_capture_on_commit_callbacks):
    settings.AUDIT_EXPORT_STREAM_LIMIT = 1
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("staff").get(reverse("audit:export"))
    assert response.status_code == 302 and response["Location"] == LIST_URL
    job = ExportJob.objects.get(requested_by=users["staff"])
    assert job.kind == audit_exports.KIND and job.status == ExportJob.Status.DONE
    # The file holds the events before the request's own record, as the streamed download does.
    record = AuditEvent.objects.filter(action="audit.export").latest("pk")
    assert job.params["before_id"] == record.pk
    assert job.rows_done == AuditEvent.objects.filter(pk__lt=record.pk).count()


def test_small_audit_export_still_streams(users, client_for):
    response = client_for("staff").get(reverse("audit:export"))
    assert response.status_code == 200 and response.streaming
    assert not ExportJob.objects.exists()


def test_job_list_queries_are_bounded(users, client_for, django_assert_max_num_queries):
    staff = users["staff"]
    now = timezone.now()
    ExportJob.objects.bulk_create(
        [
            ExportJob(
                requested_by=staff,
                kind=audit_exports.KIND,
                title=f"Exportación {i}",
                status=ExportJob.Status.RUNNING if i % 2 else ExportJob.Status.DONE,
                file=f"exports/jobs/none-{i}.csv",
                progress=40,
                expires_at=now + timedelta(days=1),
            )
            for i in range(40)
        ]
    )
    client = client_for("staff")
    client.get(LIST_URL)  # warm the session
    with django_assert_max_num_queries(8):
        response = client.get(LIST_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'hx-trigger="every 3s"' in html and "<progress" in html
    fragment = client.get(LIST_URL, HTTP_HX_REQUEST="true").content.decode()
    assert fragment.lstrip().startswith('<div id="jobs"') and "<html" not in fragment


def test_large_responses_workbook_becomes_a_job(users, client_for, settings, django_capture_on_commit_callbacks):
    from openpyxl import load_workbook

    from hublocal.diagnosis.models import Campaign

    campaign = Campaign.objects.get(is_demo=True)
    url = reverse("diagnosis:export_responses", kwargs={"pk": campaign.pk, "fmt": "xlsx"})
    inline = client_for("staff").get(url)
    assert inline.status_code == 200  # a small campaign: the workbook in the response, as before
    settings.DIAGNOSIS_XLSX_INLINE_LIMIT = 0
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("staff").get(url)
    assert response.status_code == 302 and response["Location"] == LIST_URL
    job = ExportJob.objects.get(requested_by=users["staff"], kind="diagnosis.responses_xlsx")
    assert job.status == ExportJob.Status.DONE and job.download_name.endswith(".xlsx")
    download = client_for("staff").get(download_url(job))
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(b"".join(download.streaming_content)), read_only=True)
    assert book.sheetnames == ["respuestas", "diccionario"]
    assert client_for("analista").get(download_url(job)).status_code == 404
