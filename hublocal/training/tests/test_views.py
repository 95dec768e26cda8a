"""Pages and API of training: what each person sees, the forms' refusals, and query counts of
the roster and attendance pages that do not grow with the cohort."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hublocal.training import services
from hublocal.training.models import Application, Attendance, Cohort
from tests.helpers import api_client

from . import factories as f

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _open_demo_cohort():
    return Cohort.objects.get(name="Ciberseguridad municipal · cohorte 1")


def test_catalogue_and_detail_public(network):
    c = Client()
    body = c.get(reverse("training:programme_list")).content.decode()
    assert "Innovación como herramienta para el buen gobierno" in body
    detail = c.get(reverse("training:programme_detail", kwargs={"slug": "ciberseguridad-municipal"}))
    assert detail.status_code == 200 and "Postular" in detail.content.decode()


def test_apply_page_full_cohort_goes_to_waitlist(network, users):
    cohort = _open_demo_cohort()
    c = _client(users["valparaiso"])
    r = c.post(reverse("training:cohort_apply", kwargs={"pk": cohort.pk}), {"motivation": "x" * 40}, follow=True)
    assert "lista de espera" in r.content.decode()
    a = Application.objects.get(cohort=cohort, user=users["valparaiso"])
    assert a.status == "waitlisted" and a.waitlist_position == 3
    again = c.post(reverse("training:cohort_apply", kwargs={"pk": cohort.pk}), {"motivation": "x" * 40})
    assert again.status_code in (200, 400) and "Ya postuló" in again.content.decode()


def test_apply_page_explains_ineligibility(network, users):
    r = _client(users["startup-a"]).get(reverse("training:cohort_apply", kwargs={"pk": _open_demo_cohort().pk}))
    assert "funcionarios y funcionarias municipales" in r.content.decode()


def test_api_lists_and_apply_rules(network, users):
    anon = api_client(None)
    programmes = anon.get("/api/v1/training/programmes/").json()
    assert {p["slug"] for p in programmes["results"]} >= {"ciberseguridad-municipal"}
    cohorts = anon.get("/api/v1/training/cohorts/", {"status": "open"}).json()["results"]
    assert all(c["status"] == "open" for c in cohorts)
    assert anon.get("/api/v1/training/cohorts/", {"status": "nada"}).status_code == 400
    assert anon.get("/api/v1/training/cohorts/", {"unknown": "1"}).status_code == 400  # strict params
    cohort = _open_demo_cohort()
    url = f"/api/v1/training/cohorts/{cohort.pk}/applications/"
    client = api_client("santiago")
    r = client.post(
        url,
        json.dumps({"motivation": "Necesitamos un plan de respuesta a incidentes."}),
        content_type="application/json",
    )
    assert r.status_code == 201 and r.json()["status"] == "waitlisted"
    dup = client.post(
        url,
        json.dumps({"motivation": "Necesitamos un plan de respuesta a incidentes."}),
        content_type="application/json",
    )
    assert dup.status_code == 400 and "Ya postuló" in dup.json()["detail"] + str(dup.json()["errors"])
    extra = api_client("valparaiso").post(
        url, json.dumps({"motivation": "x" * 30, "status": "confirmed"}), content_type="application/json"
    )
    assert extra.status_code == 400  # strict body


def test_instructor_sees_only_own_cohorts(network, users):
    mine = f.cohort(programme_obj=f.programme(instructors=[users["partner"]]))
    body = _client(users["partner"]).get(reverse("training:teaching")).content.decode()
    assert mine.name in body and "Ciberseguridad municipal · cohorte 1" not in body


def test_my_courses_shows_what_is_lacking(network, users):
    cohort = f.cohort(capacity=5)
    s = f.session(cohort, starts_at=timezone.now() + timedelta(days=2))
    a = services.application_enrol(actor=None, cohort=cohort, user=users["valparaiso"])
    services.attendance_mark(actor=None, session=s, marks={a.pk: "absent"})
    body = _client(users["valparaiso"]).get(reverse("training:my_courses")).content.decode()
    assert "Te falta:" in body and "1 sesión de asistencia" in body


def test_municipality_panel_counts_and_names(network, users, client_for):
    cohort = f.cohort(capacity=5)
    services.application_enrol(actor=None, cohort=cohort, user=users["valparaiso"], full_name="Jorge Alarcón (demo)")
    url = "/municipios/05101/"
    anon = Client().get(url).content.decode()
    own = client_for("valparaiso").get(url).content.decode()
    other = client_for("santiago").get(url).content.decode()
    assert "Funcionarios formados" in anon and "Jorge Alarcón (demo) ·" not in anon
    assert "Jorge Alarcón (demo) ·" in own and "Jorge Alarcón (demo) ·" not in other


def test_next_steps_recommend_programmes(network):
    from hublocal.core import registry

    steps = registry.next_steps("05101", [("digital", "ciberseguridad")], limit=20)
    assert any(s.title == "Ciberseguridad municipal" and s.dimension == "ciberseguridad" for s in steps)


def _big_cohort(n: int, sessions: int = 3):
    cohort = f.cohort(capacity=1000)
    made = [f.session(cohort, starts_at=timezone.now() + timedelta(days=i + 1)) for i in range(sessions)]
    users = [f.official() for _i in range(n)]
    apps = [services.application_enrol(actor=None, cohort=cohort, user=u) for u in users]
    for s in made:
        services.attendance_mark(actor=None, session=s, marks={a.pk: "present" for a in apps})
    return cohort, made


@pytest.mark.parametrize("page", ["roster", "attendance"])
def test_roster_and_attendance_queries_do_not_grow(network, users, page):
    counts = []
    for size in (3, 70):
        cohort, sessions = _big_cohort(size)
        url = (
            reverse("training:roster", kwargs={"pk": cohort.pk})
            if page == "roster"
            else reverse("training:attendance", kwargs={"pk": sessions[0].pk})
        )
        client = _client(users["staff"])
        client.get(url)  # warm the session and caches
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
    assert counts[1] <= 20, counts


def test_attendance_post_and_import_preview(network, users):
    cohort, sessions = _big_cohort(2, sessions=1)
    session = sessions[0]
    a = Application.objects.filter(cohort=cohort).order_by("pk").first()
    client = _client(users["staff"])
    url = reverse("training:attendance", kwargs={"pk": session.pk})
    assert client.post(url, {f"a{a.pk}": "excused"}).status_code == 302
    assert Attendance.objects.get(session=session, application=a).status == "excused"
    bad = client.post(url, {f"a{a.pk}": "quizás"})
    assert bad.status_code == 400
    from django.core.files.uploadedfile import SimpleUploadedFile

    csv = f"Email,Duration\n{a.user.email},50\nnadie@example.org,10\n".encode()
    preview = client.post(
        reverse("training:attendance_import", kwargs={"pk": session.pk}),
        {"file": SimpleUploadedFile("zoom.csv", csv, "text/csv"), "min_minutes": 30},
    )
    body = preview.content.decode()
    assert preview.status_code == 200 and "Vista previa" in body and "nadie@example.org" in body
    assert Attendance.objects.get(session=session, application=a).status == "excused"  # nothing written yet
