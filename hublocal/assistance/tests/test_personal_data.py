"""Assistance's personal data: export finds the person's requests, versions, reviews and rating;
erasure unlinks them and scrubs their name from the free text, keeping the record."""

from __future__ import annotations

import pytest

from hublocal.assistance import services
from hublocal.assistance.models import AssistanceRequest, DeliverableVersion, Rating, TeamMember
from hublocal.core import registry

from .factories import engagement

pytestmark = pytest.mark.django_db


def _declaration(key: str) -> registry.PersonalData:
    return next(d for d in registry.personal_data() if d.key == key)


def test_export_and_anonymise(users):
    stgo, partner = users["santiago"], users["partner"]
    e = engagement(users)
    d = e.deliverables.get()
    name = stgo.get_full_name()
    services.deliverable_submit(actor=partner, deliverable=d, text=f"Revisado con {name} en terreno.")
    services.deliverable_review(actor=stgo, deliverable=d, decision="accepted")
    e.refresh_from_db()
    services.rating_submit(
        actor=stgo, engagement=e, scores=dict.fromkeys(services.RATING_CRITERIA, 5), comment="Muy bien."
    )

    assert any(r["id"] == e.request_id for r in _declaration("assistance.request").export(stgo))
    assert _declaration("assistance.rating").export(stgo)
    assert _declaration("assistance.deliverable_version").export(partner)
    assert _declaration("assistance.team").export(partner)

    _declaration("assistance.request").anonymise(stgo)
    _declaration("assistance.deliverable_version").anonymise(stgo)
    _declaration("assistance.rating").anonymise(stgo)
    assert AssistanceRequest.objects.get(pk=e.request_id).requested_by is None
    version = DeliverableVersion.objects.get(deliverable=d)
    assert version.reviewed_by is None and name not in version.text and registry.ERASED_NAME in version.text
    assert Rating.objects.get(engagement=e).rated_by is None

    _declaration("assistance.team").anonymise(partner)
    assert not TeamMember.objects.filter(user=partner, engagement=e).exists()
