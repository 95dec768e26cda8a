"""Project services and selectors: progress weighted by milestones and never typed, dates and
percentages checked with clear errors and nothing written, partners edit, outsiders do not."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from hublocal.audit.models import AuditEvent
from hublocal.core.locking import StaleVersion
from hublocal.projects import selectors, services
from hublocal.projects.models import FundingSource, Milestone, Project, Result

from .factories import milestone, org, project

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_progress_is_weighted_by_milestone_weight(users):
    p = project(users)
    milestone(users, p, weight=1, progress=100)
    milestone(users, p, weight=3, progress=0)
    p = selectors.project_get(slug=p.slug)
    assert selectors.progress_of(list(p.milestones.all())) == 25
    listed = selectors.project_list().get(pk=p.pk)
    assert selectors.list_progress(listed) == 25


def test_setting_a_milestone_to_100_changes_the_project_progress(users):
    p = project(users)
    m = milestone(users, p, weight=1, progress=0)
    milestone(users, p, weight=1, progress=50)
    services.milestone_update(
        actor=users["partner"],
        milestone=m,
        progress=100,
        starts_on=m.starts_on,
        due_on=m.due_on,
        weight=1,
        expected_version=m.row_version,
    )
    assert selectors.list_progress(selectors.project_list().get(pk=p.pk)) == 75
    assert AuditEvent.objects.filter(action="projects.milestone_update", object_id=str(m.pk)).exists()


def test_progress_over_100_is_refused_and_nothing_changes(users):
    p = project(users)
    m = milestone(users, p, progress=10)
    with pytest.raises(ValidationError) as exc:
        services.milestone_update(
            actor=users["staff"], milestone=m, progress=120, starts_on=m.starts_on, due_on=m.due_on, weight=1
        )
    assert "entre 0 y 100" in exc.value.message_dict["progress"][0]
    m.refresh_from_db()
    assert m.progress == 10 and m.row_version == 1


def test_milestone_ending_before_the_project_starts_is_refused(users):
    p = project(users)
    before = Milestone.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.milestone_add(
            actor=users["staff"],
            project=p,
            title="Antes",
            starts_on=p.starts_on - timedelta(days=20),
            due_on=p.starts_on - timedelta(days=10),
        )
    assert "antes de que empiece el proyecto" in exc.value.message_dict["due_on"][0]
    assert "starts_on" in exc.value.message_dict
    assert Milestone.objects.count() == before


def test_stale_milestone_edit_is_refused(users):
    p = project(users)
    m = milestone(users, p)
    services.milestone_update(
        actor=users["staff"],
        milestone=m,
        progress=20,
        starts_on=m.starts_on,
        due_on=m.due_on,
        weight=1,
        expected_version=1,
    )
    with pytest.raises(StaleVersion):
        services.milestone_update(
            actor=users["staff"],
            milestone=m,
            progress=30,
            starts_on=m.starts_on,
            due_on=m.due_on,
            weight=1,
            expected_version=1,
        )


def test_only_staff_and_partner_members_edit(users):
    p = project(users)
    m = milestone(users, p)
    for name in ("valparaiso", "startup-a"):
        with pytest.raises(ValidationError):
            services.milestone_update(
                actor=users[name], milestone=m, progress=5, starts_on=m.starts_on, due_on=m.due_on, weight=1
            )
    services.milestone_update(
        actor=users["santiago"], milestone=m, progress=5, starts_on=m.starts_on, due_on=m.due_on, weight=1
    )


def test_project_refuses_a_partner_twice_and_amounts_without_currency(users):
    n = Project.objects.count()
    uni = org("universidad-de-los-andes-del-sur")
    with pytest.raises(ValidationError) as exc:
        project(
            users,
            partners=[(uni, "partner"), (uni, "advisor")],
            funding=[{"funder": uni, "amount": "100", "currency": ""}],
        )
    assert "dos veces" in exc.value.message_dict["partners"][0]
    assert "moneda" in exc.value.message_dict["funding"][0]
    assert Project.objects.count() == n and not FundingSource.objects.filter(funder=uni, amount=100).exists()


def test_result_with_evidence_file_checked_by_the_library(users):
    p = project(users)
    with pytest.raises(ValidationError) as exc:
        services.result_add(
            actor=users["partner"], project=p, title="R", evidence="E", file_name="x.pdf", data=b"not a pdf"
        )
    assert "file" in exc.value.message_dict
    r = services.result_add(
        actor=users["partner"],
        project=p,
        title="Informe",
        evidence="Entregado",
        file_name="informe.pdf",
        data=PDF,
        link="https://example.cl/x",
    )
    assert r.file_fmt == "pdf" and Result.objects.filter(project=p).count() == 1
    with pytest.raises(ValidationError):
        services.result_add(actor=users["partner"], project=p, title="R", evidence="E", link="javascript:alert(1)")


def test_demo_project_is_at_40_percent(users):
    demo = selectors.project_list().get(slug="red-observatorios-comunales-seguridad")
    assert selectors.list_progress(demo) == 40
