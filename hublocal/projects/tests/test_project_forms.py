"""The staff's pages to register and edit a collaborative project: bad input first (400, nothing
saved), a stale edit (409, the colleague's values shown), audited writes, staff only."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from hublocal.audit.models import AuditEvent
from hublocal.directory.models import Organization
from hublocal.projects.models import Project

from .factories import milestone, project

pytestmark = pytest.mark.django_db


def _data(**over: str) -> dict[str, str]:
    today = timezone.localdate()
    hub = Organization.objects.get(slug="hub-nacional-de-gobierno-local")
    uni = Organization.objects.get(slug="universidad-de-los-andes-del-sur")
    data = {
        "title": "Gestión de residuos con datos abiertos",
        "summary": "Municipios y academia miden la gestión de residuos.",
        "objectives": "Medir.\nComparar.",
        "starts_on": today.isoformat(),
        "ends_on": (today + timedelta(days=300)).isoformat(),
        "status": "planned",
        "contact_name": "",
        "contact_email": "",
        "partner_1_organization": str(hub.pk),
        "partner_1_role": "lead",
        "partner_2_organization": str(uni.pk),
        "partner_2_role": "advisor",
    }
    data.update(over)
    return data


def test_staff_registers_a_project_after_bad_input(client_for):
    staff = client_for("staff")
    url = reverse("projects:project_create")
    before = Project.objects.count()
    early = (timezone.localdate() - timedelta(days=1)).isoformat()
    for bad, message in [
        ({"ends_on": early}, "no puede terminar antes de empezar"),
        ({"partner_2_organization": _data()["partner_1_organization"]}, "figura dos veces"),
        (
            {"partner_1_organization": "", "partner_1_role": "", "partner_2_organization": "", "partner_2_role": ""},
            "al menos una organización socia",
        ),
        ({"partner_2_role": ""}, "Elija el rol"),
        ({"title": ""}, "Revise los siguientes datos"),
        ({"contact_email": "no-es-correo"}, "Revise los siguientes datos"),
    ]:
        r = staff.post(url, _data(**bad))
        assert r.status_code == 400 and message in r.content.decode(), bad
    assert Project.objects.count() == before
    ok = staff.post(url, _data())
    created = Project.objects.get(title="Gestión de residuos con datos abiertos")
    assert ok.status_code == 302 and ok["Location"].endswith(f"/{created.slug}/")
    assert created.partners.count() == 2
    assert AuditEvent.objects.filter(action="projects.project_create", object_id=str(created.pk)).exists()


def test_only_staff_manage_projects(client_for, users):
    p = project(users)
    for username in (None, "santiago", "partner"):
        assert client_for(username).get(reverse("projects:project_create")).status_code in (302, 403)
        assert client_for(username).get(reverse("projects:project_edit", kwargs={"slug": p.slug})).status_code in (
            302,
            403,
        )


def test_staff_edits_with_version_check(client_for, users):
    p = project(users)
    m = milestone(users, p)
    url = reverse("projects:project_edit", kwargs={"slug": p.slug})
    staff = client_for("staff")
    page = staff.get(url)
    assert page.status_code == 200 and 'name="row_version"' in page.content.decode()
    base = {
        "title": "Título nuevo",
        "summary": p.summary,
        "objectives": p.objectives,
        "starts_on": p.starts_on.isoformat(),
        "ends_on": p.ends_on.isoformat(),
        "status": "active",
        "contact_name": "",
        "contact_email": "",
        "row_version": str(p.row_version),
    }
    # A milestone would fall outside the project: refused, nothing saved.
    short = base | {"ends_on": (m.due_on - timedelta(days=1)).isoformat()}
    r = staff.post(url, short)
    assert r.status_code == 400 and "Hay hitos que terminan después" in r.content.decode()
    assert Project.objects.get(pk=p.pk).title == p.title
    assert staff.post(url, base).status_code == 302
    saved = Project.objects.get(pk=p.pk)
    assert saved.title == "Título nuevo" and saved.row_version == p.row_version + 1
    stale = staff.post(url, base | {"title": "Otro título"})  # still the old version
    assert stale.status_code == 409 and "Título nuevo" in stale.content.decode()
    assert Project.objects.get(pk=p.pk).title == "Título nuevo"
    assert AuditEvent.objects.filter(action="projects.project_update", object_id=str(p.pk)).count() == 1
