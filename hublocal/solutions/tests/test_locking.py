"""Optimistic locking of solutions and startup profiles (hublocal/core/locking.py)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hublocal.core.locking import StaleVersion
from hublocal.solutions import selectors, services
from hublocal.solutions.models import StartupProfile

pytestmark = pytest.mark.django_db

SLUG = "tramite-facil-municipal"  # Trámite Fácil's (startup-b), published


def test_solution_update_stale_version_changes_nothing(users):
    solution = selectors.solution_get_by_slug(slug=SLUG)
    read = solution.row_version
    services.solution_update(
        actor=users["startup-b"], solution=solution, data={"summary": "Del colega"}, expected_version=read
    )
    with pytest.raises(StaleVersion) as exc:
        services.solution_update(
            actor=users["startup-b"], solution=solution, data={"summary": "Mío"}, expected_version=read
        )
    assert exc.value.current.summary == "Del colega"
    assert selectors.solution_get_by_slug(slug=SLUG).summary == "Del colega"


def test_publishing_counts_as_an_edit(users):
    solution = selectors.solution_get_by_slug(slug=SLUG)
    read = solution.row_version
    services.solution_set_published(actor=users["startup-b"], solution=solution, is_published=False)
    with pytest.raises(StaleVersion):
        services.solution_update(
            actor=users["startup-b"], solution=solution, data={"summary": "X"}, expected_version=read
        )


def test_solution_edit_conflict_is_409_with_both_values(users, client_for):
    solution = selectors.solution_get_by_slug(slug=SLUG)
    read = solution.row_version
    services.solution_update(
        actor=users["staff"], solution=solution, data={"summary": "Resumen del Hub"}, expected_version=read
    )
    page = client_for("startup-b").get(reverse("solutions:solution_edit", kwargs={"slug": SLUG}))
    form = {
        name: value
        for name, value in page.context["form"].initial.items()
        if name in services.SOLUTION_FIELDS and value is not None
    }
    form.update({"summary": "Mi resumen tecleado", "row_version": str(read)})
    form["is_published"] = "on"
    response = client_for("startup-b").post(reverse("solutions:solution_edit", kwargs={"slug": SLUG}), form)
    assert response.status_code == 409, response.content.decode()[:500]
    html = response.content.decode()
    assert "Resumen del Hub" in html and "Mi resumen tecleado" in html
    assert selectors.solution_get_by_slug(slug=SLUG).summary == "Resumen del Hub"


def test_profile_update_stale_version_changes_nothing(users):
    org = users["startup-a"].organization
    profile = StartupProfile.objects.get(organization=org)
    read = profile.row_version
    services.startup_profile_update(
        actor=users["startup-a"], organization=org, data={"team_size": 7}, expected_version=read
    )
    with pytest.raises(StaleVersion):
        services.startup_profile_update(
            actor=users["startup-a"], organization=org, data={"team_size": 8}, expected_version=read
        )
    assert StartupProfile.objects.get(organization=org).team_size == 7


def test_profile_edit_conflict_is_409(users, client_for):
    org = users["startup-a"].organization
    read = StartupProfile.objects.get(organization=org).row_version
    services.startup_profile_update(
        actor=users["staff"], organization=org, data={"team_size": 77}, expected_version=read
    )
    form = {"stage": "consolidated", "team_size": "31", "founded_year": "2019", "row_version": str(read)}
    response = client_for("startup-a").post(reverse("solutions:startup_edit", kwargs={"slug": org.slug}), form)
    assert response.status_code == 409
    html = response.content.decode()
    assert "77" in html and "31" in html
    assert StartupProfile.objects.get(organization=org).team_size == 77
