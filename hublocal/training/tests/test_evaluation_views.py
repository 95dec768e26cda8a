"""Evaluation pages and API: the survey form (bad input refused, nothing saved), the cohort
report for staff and the programme's instructors only, its PDF, the JSON figures, and query
counts that do not grow with the cohort."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hublocal.training import services
from hublocal.training.models import Cohort, SurveyResponse
from tests.helpers import api_client

from .test_evaluation import GOOD, SELF, make_cohort

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _survey_url(application, module) -> str:
    return reverse("training:survey_module", kwargs={"pk": application.pk, "module_pk": module.pk})


def test_survey_page_refuses_missing_items_then_saves(network, users):
    cohort, first, _second, apps = make_cohort(1)
    a = apps[0]
    client = _client(a.user)
    courses = client.get(reverse("training:my_courses")).content.decode()
    assert "Encuestas por responder" in courses and _survey_url(a, first) in courses
    page = client.get(_survey_url(a, first))
    assert page.status_code == 200 and 'name="q_contenido"' in page.content.decode()
    bad = client.post(_survey_url(a, first), {"q_contenido": "4"})
    body = bad.content.decode()
    assert bad.status_code == 400 and "Responda esta pregunta." in body and "no se guardó nada" in body
    assert 'value="4" checked' in body  # what the person chose is kept
    assert not SurveyResponse.objects.filter(application=a).exists()
    data = {f"q_{k}": v for k, v in GOOD.items()}
    assert client.post(_survey_url(a, first), data).status_code == 302
    assert SurveyResponse.objects.get(application=a).answers["contenido"] == 5
    again = client.get(_survey_url(a, first)).content.decode()
    assert "Ya respondió esta encuesta" in again


def test_survey_of_someone_else_is_not_found(network, users):
    cohort, first, _second, apps = make_cohort(1)
    assert _client(users["valparaiso"]).get(_survey_url(apps[0], first)).status_code == 404
    assert _client(users["staff"]).get(_survey_url(apps[0], first)).status_code == 403
    own = _client(apps[0].user)
    bad_moment = reverse("training:survey_self_assessment", kwargs={"pk": apps[0].pk, "moment": "otro"})
    assert own.get(bad_moment).status_code == 404
    closed = reverse("training:survey_self_assessment", kwargs={"pk": apps[0].pk, "moment": "inicial"})
    r = own.post(closed, {"q_datos": "3"})
    assert r.status_code == 400 and "cerró" in r.content.decode()


def test_report_for_staff_and_instructors_only(network, users):
    cohort, first, _second, apps = make_cohort(3)
    for a in apps:
        services.survey_submit(actor=a.user, application=a, kind="satisfaction", module=first, raw=GOOD)
    url = reverse("training:cohort_report", kwargs={"pk": cohort.pk})
    page = _client(users["staff"]).get(url)
    body = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in body and "<table" in body and "Muy útil." in body
    assert "menos de 3 respuestas" in body  # the second module: nobody answered yet
    for a in apps:
        assert a.full_name not in body  # anonymous
    assert _client(apps[0].user).get(url).status_code == 403
    assert Client().get(url).status_code == 302
    cohort.programme.instructors.add(users["partner"])
    assert _client(users["partner"]).get(url).status_code == 200


def test_api_report_same_permissions(network, users):
    cohort, first, _second, apps = make_cohort(3)
    for a in apps:
        services.survey_submit(actor=a.user, application=a, kind="satisfaction", module=first, raw=GOOD)
    url = f"/api/v1/training/cohorts/{cohort.pk}/report/"
    data = api_client(users["staff"]).get(url).json()
    assert data["cohort"] == cohort.pk and data["enrolment"]["seated"] == 3
    assert data["satisfaction"][0]["items"][0]["mean"] == 5.0 and data["satisfaction"][1]["suppressed"] is True
    assert api_client(users["valparaiso"]).get(url).status_code == 403
    assert api_client(None).get(url).status_code in (401, 403)
    assert api_client(users["staff"]).get("/api/v1/training/cohorts/999999/report/").status_code == 404


def test_demo_cohort_report_has_real_figures(network, users):
    cohort = Cohort.objects.get(name="Cohorte regional 2025 · municipios rurales")
    from django.contrib.auth import get_user_model

    docente = get_user_model().objects.get(username="docente")
    body = _client(docente).get(reverse("training:cohort_report", kwargs={"pk": cohort.pk})).content.decode()
    assert "Satisfacción por módulo" in body and "chart-learning" in body and "Ganancia pareada" in body


def _cohort_with_responses(n: int):
    cohort, first, _second, apps = make_cohort(n)
    for s in cohort.sessions.all():
        services.attendance_mark(actor=None, session=s, marks={a.pk: "present" for a in apps})
    for a in apps:
        services.survey_submit(actor=a.user, application=a, kind="satisfaction", module=first, raw=GOOD)
        services.survey_submit(
            actor=a.user, application=a, kind="pre", raw=SELF, now=timezone.now() - timedelta(days=4)
        )
    return cohort


@pytest.mark.parametrize("kind", ["page", "api"])
def test_report_queries_do_not_grow(network, users, kind):
    counts = []
    for size in (3, 40):
        cohort = _cohort_with_responses(size)
        url = (
            reverse("training:cohort_report", kwargs={"pk": cohort.pk})
            if kind == "page"
            else f"/api/v1/training/cohorts/{cohort.pk}/report/"
        )
        client = _client(users["staff"]) if kind == "page" else api_client(users["staff"])
        client.get(url)  # warm the session and caches
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
    assert counts[1] <= 20, counts


def test_home_lists_open_surveys(network, users):
    cohort, first, _second, apps = make_cohort(1)
    body = _client(apps[0].user).get(reverse("core:my_home")).content.decode()
    assert "Encuesta del módulo" in body
