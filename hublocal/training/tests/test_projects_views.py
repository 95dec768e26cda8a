"""Group project pages and API: what each person sees and can do, bad input answered with a
message and nothing written, and query counts that do not grow with the number of groups."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hublocal.training import selectors, services
from hublocal.training.models import CohortStatus, PrototypeVersion

from . import factories as f

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _cohort_with_groups(users, groups: int, size: int = 3):
    docente = users["partner"]
    programme = f.programme(instructors=[docente], rules={"project_presented": True})
    cohort = f.cohort(programme_obj=programme, capacity=groups * size + 5)
    people = [f.official() for _i in range(groups * size)]
    apps = [services.application_enrol(actor=None, cohort=cohort, user=u) for u in people]
    cohort = services.cohort_set_status(actor=None, cohort=cohort, status=CohortStatus.RUNNING)
    made = [
        services.group_create(
            actor=None,
            cohort=cohort,
            name=f"Grupo {g}",
            applications=apps[g * size : (g + 1) * size],
            mentor=docente,
        )
        for g in range(groups)
    ]
    return cohort, people, apps, made


def test_member_submits_prototype_bad_file_first(network, users):
    cohort, people, apps, groups = _cohort_with_groups(users, 1)
    project = groups[0].project
    member = _client(people[0])
    url = reverse("training:prototype_submit", kwargs={"pk": project.pk})
    bad = SimpleUploadedFile("prototipo.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    text = "Un formulario de una página para pedir horas médicas por mensaje."
    response = member.post(url, {"text": text, "file": bad})
    assert response.status_code == 400
    assert "no es de un tipo aceptado" in response.content.decode()
    assert not PrototypeVersion.objects.filter(project=project).exists()
    good = SimpleUploadedFile("ficha.pdf", PDF, content_type="application/pdf")
    response = member.post(url, {"text": text, "file": good})
    assert response.status_code == 302
    page = member.get(reverse("training:project_detail", kwargs={"pk": project.pk})).content.decode()
    assert "Versión 1" in page and "ficha.pdf" in page


def test_feedback_presentation_and_my_courses(network, users):
    cohort, people, apps, groups = _cohort_with_groups(users, 1)
    project = groups[0].project
    docente = _client(users["partner"])
    response = docente.post(
        reverse("training:project_feedback", kwargs={"pk": project.pk}), {"body": "Prueben con vecinos mayores."}
    )
    assert response.status_code == 302
    member = _client(people[0])
    assert "Prueben con vecinos mayores." in member.get(response["Location"]).content.decode()
    courses = member.get(reverse("training:my_courses")).content.decode()
    assert "presentar el proyecto grupal" in courses and project.title in courses
    staff = _client(users["staff"])
    url = reverse("training:project_presentation", kwargs={"pk": project.pk})
    assert staff.post(url, {"presented_on": "", "url": ""}).status_code == 400
    today = timezone.localdate().isoformat()
    assert staff.post(url, {"presented_on": today, "url": "https://video.example.org/p"}).status_code == 302
    courses = member.get(reverse("training:my_courses")).content.decode()
    assert "presentar el proyecto grupal" not in courses


def test_convert_to_challenge_shows_link_once(network, users):
    cohort, people, apps, groups = _cohort_with_groups(users, 1)
    project = services.project_update(
        actor=people[0],
        project=groups[0].project,
        data={
            "problem": "Las personas viajan horas para pedir una hora médica.",
            "local_context": "Comuna rural con baja conectividad.",
            "concept": "Pedir horas por mensaje de texto.",
        },
    )
    staff = _client(users["staff"])
    url = reverse("training:project_convert", kwargs={"pk": project.pk})
    assert staff.post(url, {"target": "challenge", "area": ""}).status_code == 400  # no area: nothing written
    response = staff.post(url, {"target": "challenge", "area": "aps"})
    assert response.status_code == 302
    page = staff.get(response["Location"]).content.decode()
    assert "Convertido en desafío:" in page
    again = staff.post(url, {"target": "challenge", "area": "aps"})
    assert again.status_code == 400 and "ya se convirtió en desafío" in again.content.decode()


def test_api_same_rules(network, users):
    cohort, people, apps, groups = _cohort_with_groups(users, 2)
    project = groups[0].project
    url = reverse("api:training_project_detail", kwargs={"pk": project.pk})
    assert _client(people[0]).get(url).status_code == 200
    assert _client(people[3]).get(url).status_code == 404  # a peer, the project is still an idea
    assert _client().get(url).status_code == 404
    listing = _client(people[3]).get(reverse("api:training_cohort_projects", kwargs={"pk": cohort.pk})).json()
    assert [p["id"] for p in listing] == [groups[1].project.pk]  # only their own


def test_group_form_refuses_bad_input(network, users):
    cohort, people, apps, groups = _cohort_with_groups(users, 1)
    extra = services.application_enrol(actor=None, cohort=cohort, user=f.official())
    url = reverse("training:group_create", kwargs={"pk": cohort.pk})
    staff = _client(users["staff"])
    assert staff.post(url, {"name": "", "members": []}).status_code == 400
    response = staff.post(url, {"name": "Grupo Norte", "members": [str(extra.pk)], "mentor": ""})
    assert response.status_code == 302
    assert selectors.ungrouped_applications(cohort=cohort) == []


@pytest.mark.parametrize("route", ["training:cohort_projects", "training:project_detail"])
def test_project_pages_queries_do_not_grow(network, users, route):
    counts = []
    for groups in (2, 12):
        cohort, people, apps, made = _cohort_with_groups(users, groups)
        for g in made:
            services.feedback_add(actor=users["partner"], project=g.project, body="Comentario de mentoría.")
        pk = cohort.pk if route == "training:cohort_projects" else made[0].project.pk
        url = reverse(route, kwargs={"pk": pk})
        client = _client(users["staff"])
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
    assert counts[1] <= 25, counts
