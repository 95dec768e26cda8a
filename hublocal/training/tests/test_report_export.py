"""The cohort report's PDF is an export job: the request only queues it (audited), the task
queue draws it, the person fetches it from "Mis exportaciones"; same permissions as the report
(the hub team and the programme's instructors), asked again when the file is fetched."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from hublocal.audit.models import AuditEvent
from hublocal.exports.models import ExportJob
from hublocal.training import report_export

from .test_evaluation import make_cohort

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _pdf_url(cohort) -> str:
    return reverse("training:cohort_report_pdf", kwargs={"pk": cohort.pk})


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_the_button_queues_a_job_and_the_pdf_is_fetched_when_ready(network, users, django_capture_on_commit_callbacks):
    cohort, _first, _second, _apps = make_cohort(3)
    staff = _client(users["staff"])
    page = staff.get(reverse("training:cohort_report", kwargs={"pk": cohort.pk})).content.decode()
    assert f'action="{_pdf_url(cohort)}"' in page and 'method="post"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(_pdf_url(cohort))
    assert response.status_code == 302 and response["Location"] == reverse("exports:job_list")
    job = ExportJob.objects.get(requested_by=users["staff"], kind=report_export.COHORT_REPORT_PDF)
    assert job.status == ExportJob.Status.DONE, job.error if hasattr(job, "error") else job
    assert job.params["cohort"] == cohort.pk and job.download_name == f"informe-cohorte-{cohort.pk}.pdf"
    assert AuditEvent.objects.filter(action="exports.job_request", object_id=str(job.pk)).exists()
    listing = staff.get(reverse("exports:job_list")).content.decode()
    download = reverse("exports:job_download", kwargs={"pk": job.pk})
    assert download in listing and "preparando en segundo plano" in listing
    pdf = staff.get(download)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert _body(pdf).startswith(b"%PDF")
    assert f"informe-cohorte-{cohort.pk}.pdf" in pdf["Content-Disposition"]


def test_nothing_is_drawn_in_the_request(network, users, monkeypatch, django_capture_on_commit_callbacks):
    cohort, *_rest = make_cohort(1)

    def boom(**kwargs):
        raise AssertionError("the PDF must not be drawn by the web request")

    monkeypatch.setattr(report_export, "report_pdf", boom)
    # Without running the queued task (the web worker's part only): answered at once.
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = _client(users["staff"]).post(_pdf_url(cohort))
    assert response.status_code == 302 and len(callbacks) == 1
    job = ExportJob.objects.get(kind=report_export.COHORT_REPORT_PDF)
    assert job.status == ExportJob.Status.QUEUED


def test_same_permissions_as_the_report(network, users, django_capture_on_commit_callbacks):
    cohort, _first, _second, apps = make_cohort(2)
    # A participant, a municipal official, an analyst of another role: refused, nothing queued.
    for user in (apps[0].user, users["santiago"], users["partner"]):
        assert _client(user).post(_pdf_url(cohort)).status_code == 403
    assert Client().post(_pdf_url(cohort)).status_code == 302  # to the login page
    assert not ExportJob.objects.filter(kind=report_export.COHORT_REPORT_PDF).exists()
    assert _client(users["staff"]).get(_pdf_url(cohort)).status_code == 405  # a GET never queues

    # The programme's instructor may; once no longer teaching it, the file is gone for them.
    cohort.programme.instructors.add(users["partner"])
    with django_capture_on_commit_callbacks(execute=True):
        assert _client(users["partner"]).post(_pdf_url(cohort)).status_code == 302
    job = ExportJob.objects.get(requested_by=users["partner"], kind=report_export.COHORT_REPORT_PDF)
    download = reverse("exports:job_download", kwargs={"pk": job.pk})
    assert _client(users["partner"]).get(download).status_code == 200
    assert _client(users["staff"]).get(download).status_code == 404  # someone else's job
    cohort.programme.instructors.remove(users["partner"])
    assert _client(users["partner"]).get(download).status_code == 404


def test_a_refused_request_explains_itself_and_queues_nothing(network, users):
    from django.core.exceptions import ValidationError

    cohort, _first, _second, apps = make_cohort(1)
    with pytest.raises(ValidationError) as exc:
        report_export.request_report_pdf(actor=apps[0].user, cohort=cohort, language="es")
    assert "no puede pedir" in " ".join(exc.value.messages)
    assert not ExportJob.objects.exists()
