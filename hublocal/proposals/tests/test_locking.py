"""Optimistic locking of proposals and working sessions (hublocal/core/locking.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from hublocal.core.locking import StaleVersion
from hublocal.proposals import services
from hublocal.proposals.models import Proposal, WorkingSession

from .conftest import TERMS

pytestmark = pytest.mark.django_db


def test_proposal_update_stale_version_changes_nothing(users, proposal_a):
    services.proposal_update(
        actor=users["startup-a"], proposal=proposal_a, expected_version=1, **{**TERMS, "approach": "Colega"}
    )
    with pytest.raises(StaleVersion) as exc:
        services.proposal_update(
            actor=users["startup-a"], proposal=proposal_a, expected_version=1, **{**TERMS, "approach": "Mío"}
        )
    assert exc.value.current.approach == "Colega"
    fresh = Proposal.objects.get(pk=proposal_a.pk)
    assert (fresh.approach, fresh.row_version) == ("Colega", 2)


def test_withdrawing_counts_as_an_edit(users, proposal_a):
    services.proposal_withdraw(actor=users["startup-a"], proposal=proposal_a)
    with pytest.raises(StaleVersion):
        services.proposal_update(actor=users["startup-a"], proposal=proposal_a, expected_version=1, **TERMS)


@pytest.fixture
def held(users, evaluated, closed_challenge):
    a, _b = evaluated
    services.proposal_shortlist(actor=users["staff"], proposal=a)
    return services.session_schedule(
        actor=users["santiago"],
        challenge=closed_challenge,
        starts_at=timezone.now() - timedelta(hours=1),
        place="Sala",
        proposals=[a],
    )


def test_session_record_stale_version_changes_nothing(users, held):
    services.session_record(actor=users["santiago"], session=held, minutes="Acta del colega", expected_version=1)
    with pytest.raises(StaleVersion):
        services.session_record(actor=users["staff"], session=held, minutes="Mi acta", expected_version=1)
    assert WorkingSession.objects.get(pk=held.pk).minutes == "Acta del colega"


def test_session_record_page_conflict_is_409_with_both_versions(users, client_for, held):
    services.session_record(actor=users["staff"], session=held, minutes="Acta del Hub", expected_version=1)
    url = reverse("proposals:session_record", kwargs={"pk": held.pk})
    response = client_for("santiago").post(url, {"minutes": "Acta escrita por Santiago", "row_version": "1"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Acta del Hub" in html and "Acta escrita por Santiago" in html
    assert WorkingSession.objects.get(pk=held.pk).minutes == "Acta del Hub"
