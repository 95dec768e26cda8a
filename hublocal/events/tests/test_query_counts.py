"""The agenda, an event page and the awards page run the same number of queries whatever the
number of events, registrations, pitches and nominations."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hublocal.events.models import (
    AwardEdition,
    AwardStatus,
    Event,
    EventKind,
    EventStatus,
    Nomination,
    Pitch,
    PitchStatus,
    Registration,
    RegistrationStatus,
)

pytestmark = pytest.mark.django_db

CEILINGS = {"list": 12, "congress": 14, "demo_day": 16, "award": 14, "jury": 14, "registrants": 14}


def _grow(n: int, tag: str) -> None:
    now = timezone.now()
    events = Event.objects.bulk_create(
        Event(
            kind=EventKind.WORKSHOP,
            title=f"AAA Taller {i:03d}",
            slug=f"aaa-taller-{tag}-{i:03d}",
            starts_at=now + timedelta(days=3, minutes=i),
            ends_at=now + timedelta(days=3, hours=1, minutes=i),
            registration_opens_at=now - timedelta(days=1),
            registration_closes_at=now + timedelta(days=2),
            place="Sala",
            capacity=10,
            status=EventStatus.PUBLISHED,
        )
        for i in range(n)
    )
    congress = Event.objects.get(is_demo=True, kind=EventKind.CONGRESS)
    demo_day = Event.objects.get(is_demo=True, kind=EventKind.DEMO_DAY)
    start = Registration.objects.count()
    Registration.objects.bulk_create(
        Registration(
            event=congress if i % 2 else events[i % len(events)],
            full_name=f"Persona {start + i}",
            participant_type="public",
            status=RegistrationStatus.WAITLISTED,
            waitlist_position=100 + start + i,
            registered_at=now,
        )
        for i in range(n)
    )
    a = Pitch.objects.filter(event=demo_day, organization__slug="datamuni-spa").order_by("pk").first()
    Pitch.objects.bulk_create(
        Pitch(
            event=demo_day,
            organization_id=a.organization_id,
            solution_id=10_000 + start + i,
            solution_name=f"Solución {i}",
            summary="x",
            status=PitchStatus.SELECTED,
            agenda_order=10 + i,
        )
        for i in range(n)
    )
    current = AwardEdition.objects.get(is_demo=True, status=AwardStatus.JUDGING)
    some = Nomination.objects.filter(category__edition=current).first()
    Nomination.objects.bulk_create(
        Nomination(category=some.category, organization=some.organization, title=f"N {i}", description="d")
        for i in range(n)
    )


def _urls() -> dict[str, str]:
    congress = Event.objects.get(is_demo=True, kind=EventKind.CONGRESS)
    demo_day = Event.objects.get(is_demo=True, kind=EventKind.DEMO_DAY)
    current = AwardEdition.objects.get(is_demo=True, status=AwardStatus.JUDGING)
    return {
        "list": "/eventos/",
        "congress": f"/eventos/{congress.slug}/",
        "demo_day": f"/eventos/{demo_day.slug}/",
        "award": f"/premios/{current.slug}/",
        "jury": f"/premios/{current.slug}/jurado/",
        "registrants": f"/eventos/{congress.slug}/inscritos/",
    }


def _count(client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize("viewer", [None, "santiago", "staff", "valparaiso"])
def test_counts_do_not_grow(viewer, client_for):
    client = client_for(viewer)
    urls = _urls()
    pages = [k for k in urls if viewer in ("staff",) or k not in ("registrants",)]
    pages = [k for k in pages if k != "jury" or viewer == "valparaiso"]
    _grow(3, "a")
    small = {k: _count(client, urls[k]) for k in pages}
    _grow(40, "b")
    big = {k: _count(client, urls[k]) for k in pages}
    assert big == small, (small, big)
    for k, n in big.items():
        assert n <= CEILINGS[k], (k, n)
