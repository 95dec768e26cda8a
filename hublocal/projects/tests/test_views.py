"""Project pages and API: the public timeline, the partner's milestone form with its clear
errors (400, nothing saved), the API's computed progress, bounded queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hublocal.projects.models import Milestone

from .factories import milestone, project

pytestmark = pytest.mark.django_db


def test_public_page_shows_the_timeline_and_progress(client_for, users):
    p = project(users)
    milestone(users, p, weight=1, progress=100)
    milestone(users, p, weight=1, progress=0, days=(30, 90))
    response = client_for(None).get(reverse("projects:project_detail", kwargs={"slug": p.slug}))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Avance del proyecto: 50 %" in body
    assert "<svg" in body and "Cumplido" in body
    assert "Actualizar" not in body  # no edit links for the public


def test_partner_updates_a_milestone_and_bad_input_is_a_400(client_for, users):
    p = project(users)
    m = milestone(users, p)
    client = client_for("partner")
    url = reverse("projects:milestone_edit", kwargs={"pk": m.pk})
    data = {
        "progress": "120",
        "starts_on": str(m.starts_on),
        "due_on": str(m.due_on),
        "weight": "1",
        "row_version": "1",
    }
    response = client.post(url, data)
    assert response.status_code == 400 and "entre 0 y 100" in response.content.decode()
    assert Milestone.objects.get(pk=m.pk).progress == 0
    response = client.post(url, {**data, "progress": "100"})
    assert response.status_code == 302
    assert Milestone.objects.get(pk=m.pk).progress == 100


def test_outsider_cannot_edit(client_for, users):
    p = project(users)
    m = milestone(users, p)
    assert client_for("valparaiso").get(reverse("projects:milestone_edit", kwargs={"pk": m.pk})).status_code == 403


def test_api_lists_projects_with_progress(client_for, users):
    p = project(users)
    milestone(users, p, weight=1, progress=60)
    data = client_for(None).get(reverse("api:project_list")).json()
    rows = data["results"] if isinstance(data, dict) else data
    assert any(r["slug"] == p.slug and r["progress"] == 60 for r in rows)
    detail = client_for(None).get(reverse("api:project_detail", kwargs={"slug": p.slug})).json()
    assert detail["progress"] == 60 and len(detail["milestones"]) == 1 and detail["partners"]


@pytest.mark.parametrize("name", ["projects:project_list", "projects:project_detail"])
def test_queries_do_not_grow_with_data(client_for, users, name):
    def count(n: int) -> int:
        p = project(users)
        for i in range(n):
            milestone(users, p, weight=1 + i, progress=i)
        kwargs = {"slug": p.slug} if name.endswith("detail") else {}
        client = client_for("staff")
        client.get(reverse(name, kwargs=kwargs))
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse(name, kwargs=kwargs)).status_code == 200
        return len(ctx.captured_queries)

    small = count(1)
    for _ in range(3):
        project(users)
    assert count(8) <= small
