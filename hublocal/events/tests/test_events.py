"""Events services, pages and API: capacity, waitlist and promotion, double registration,
participant types and fees, demo-day pitches (a startup never sees another's application),
awards (conflict of interest refused, scores, results) and the rubric's validation."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from hublocal.audit.models import AuditEvent
from hublocal.core import registry
from hublocal.events import home, rubric, selectors, services
from hublocal.events.models import (
    AwardEdition,
    AwardStatus,
    Event,
    EventKind,
    EventStatus,
    Nomination,
    Pitch,
    Registration,
    RegistrationStatus,
    Score,
)
from hublocal.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _event(users, *, capacity: int = 2, **extra) -> Event:
    now = timezone.now()
    data = {
        "kind": EventKind.WORKSHOP,
        "title": "Taller de prueba",
        "description": "Un taller.",
        "timezone": "America/Santiago",
        "starts_at": now + timedelta(days=10),
        "ends_at": now + timedelta(days=10, hours=2),
        "registration_opens_at": now - timedelta(days=1),
        "registration_closes_at": now + timedelta(days=9),
        "place": "Sala 1",
        "online_url": "",
        "capacity": capacity,
        "fee_municipal": 0,
        "fee_startup": 10000,
        "fee_partner": 5000,
        "fee_public": 20000,
    } | extra
    event = services.event_create(actor=users["staff"], data=data)
    return services.event_set_status(actor=users["staff"], event=event, status=EventStatus.PUBLISHED)


def _current() -> AwardEdition:
    return AwardEdition.objects.get(is_demo=True, status=AwardStatus.JUDGING)


# --- Registrations -----------------------------------------------------------------------------


def test_capacity_fills_then_waitlist_then_promotion_on_cancel(users):
    event = _event(users, capacity=2)
    a = services.registration_create(actor=users["santiago"], event=event)
    b = services.registration_create(actor=users["valparaiso"], event=event)
    c = services.registration_create(actor=users["partner"], event=event)
    d = services.registration_create(actor=users["startup-a"], event=event)
    assert [r.status for r in (a, b)] == [RegistrationStatus.CONFIRMED] * 2
    assert (c.status, c.waitlist_position) == (RegistrationStatus.WAITLISTED, 1)
    assert (d.status, d.waitlist_position) == (RegistrationStatus.WAITLISTED, 2)
    services.registration_cancel(actor=users["santiago"], registration=a)
    c.refresh_from_db()
    d.refresh_from_db()
    assert c.status == RegistrationStatus.CONFIRMED and c.waitlist_position is None
    assert d.status == RegistrationStatus.WAITLISTED
    assert Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).count() == 2
    assert AuditEvent.objects.filter(action="events.waitlist_promote", object_id=str(c.pk)).exists()
    # The promoted person is told, with the calendar invitation.
    assert Notification.objects.filter(user=users["partner"], kind="events.registration_confirmed").exists()


def test_double_registration_is_refused_and_nothing_changes(users):
    event = _event(users)
    services.registration_create(actor=users["santiago"], event=event)
    before = Registration.objects.count(), AuditEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.registration_create(actor=users["santiago"], event=event)
    assert "Ya está inscrita" in str(exc.value)
    assert (Registration.objects.count(), AuditEvent.objects.count()) == before


def test_one_registration_per_person_is_a_database_constraint(users):
    from django.db import IntegrityError, transaction

    event = _event(users)
    r = services.registration_create(actor=users["santiago"], event=event)
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(
            event=event,
            user=users["santiago"],
            full_name="x",
            participant_type="public",
            status=RegistrationStatus.CONFIRMED,
            registered_at=r.registered_at,
        )


def test_cancelled_registration_may_register_again(users):
    event = _event(users)
    r = services.registration_create(actor=users["santiago"], event=event)
    services.registration_cancel(actor=users["santiago"], registration=r)
    again = services.registration_create(actor=users["santiago"], event=event)
    assert again.pk == r.pk and again.status == RegistrationStatus.CONFIRMED


def test_participant_type_and_fee_come_from_the_organisation(users):
    event = _event(users)
    muni = services.registration_create(actor=users["santiago"], event=event)
    startup = services.registration_create(actor=users["startup-a"], event=event)
    assert (muni.participant_type, muni.fee, muni.payment_status) == ("municipal", 0, "not_due")
    assert (startup.participant_type, startup.fee, startup.payment_status) == ("startup", 10000, "pending")
    services.registration_set_payment(actor=users["staff"], registration=startup, payment_status="paid")
    startup.refresh_from_db()
    assert startup.payment_status == "paid"
    with pytest.raises(ValidationError):
        services.registration_set_payment(actor=users["staff"], registration=muni, payment_status="paid")
    with pytest.raises(ValidationError):
        services.registration_set_payment(actor=users["santiago"], registration=startup, payment_status="waived")


def test_registration_outside_the_window_or_draft_is_refused(users):
    now = timezone.now()
    closed = _event(
        users, registration_opens_at=now - timedelta(days=5), registration_closes_at=now - timedelta(days=1)
    )
    with pytest.raises(ValidationError):
        services.registration_create(actor=users["santiago"], event=closed)
    draft = services.event_create(
        actor=users["staff"],
        data={
            "kind": "congress",
            "title": "Borrador",
            "timezone": "America/Santiago",
            "starts_at": now + timedelta(days=3),
            "ends_at": now + timedelta(days=4),
            "registration_opens_at": now - timedelta(days=1),
            "registration_closes_at": now + timedelta(days=2),
            "place": "X",
            "capacity": 10,
        },
    )
    with pytest.raises(ValidationError):
        services.registration_create(actor=users["santiago"], event=draft)


def test_event_validation_reports_every_problem_and_writes_nothing(users):
    before = Event.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.event_create(
            actor=users["staff"],
            data={"kind": "fiesta", "title": "", "timezone": "Marte/Olimpo", "starts_at": None, "capacity": 0},
        )
    errors = exc.value.message_dict
    assert {"kind", "title", "timezone", "starts_at", "capacity"} <= set(errors)
    assert Event.objects.count() == before


def test_naive_times_are_wall_time_in_the_event_zone(users):
    event = _event(
        users,
        timezone="Pacific/Easter",
        starts_at=datetime(2031, 3, 10, 10, 0),
        ends_at=datetime(2031, 3, 10, 12, 0),
        registration_opens_at=datetime(2031, 1, 1, 9, 0),
        registration_closes_at=datetime(2031, 3, 9, 9, 0),
    )
    assert event.starts_at.astimezone(ZoneInfo("Pacific/Easter")).hour == 10
    cal = Calendar.from_ical(services.event_ics(event))
    vevent = next(c for c in cal.walk("VEVENT"))
    assert vevent.decoded("dtstart").hour == 10
    assert str(vevent.decoded("dtstart").tzinfo) == "Pacific/Easter"


def test_capacity_cannot_drop_below_seats_and_more_seats_promote(users):
    event = _event(users, capacity=1)
    services.registration_create(actor=users["santiago"], event=event)
    waiting = services.registration_create(actor=users["valparaiso"], event=event)
    from hublocal.events.views import EVENT_FIELDS

    data = {f: getattr(event, f) for f in EVENT_FIELDS} | {"organisers": []}
    with pytest.raises(ValidationError):
        services.event_update(
            actor=users["staff"], event=event, data=data | {"capacity": 0}, expected_version=event.row_version
        )
    services.event_update(
        actor=users["staff"], event=event, data=data | {"capacity": 2}, expected_version=event.row_version
    )
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED


# --- Demo days ---------------------------------------------------------------------------------


def test_startup_pitches_only_its_own_solution(users):
    from hublocal.solutions import selectors as solution_selectors

    event = _event(users, kind=EventKind.DEMO_DAY)
    other = solution_selectors.solutions_of(organization_id=users["startup-b"].organization_id).first()
    with pytest.raises(ValidationError) as exc:
        services.pitch_apply(actor=users["startup-a"], event=event, solution_id=other.pk, summary="x" * 40)
    assert "solution" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.pitch_apply(actor=users["santiago"], event=event, solution_id=other.pk, summary="x" * 40)


def test_startup_b_cannot_read_startup_a_application(client_for):
    pitch = Pitch.objects.get(event__is_demo=True, organization__slug="datamuni-spa")
    url = reverse("events:pitch_detail", kwargs={"pk": pitch.pk})
    assert client_for("startup-b").get(url).status_code == 404
    assert client_for("startup-a").get(url).status_code == 200
    assert client_for("staff").get(url).status_code == 200


def test_municipal_interest_notifies_the_startup(users):
    pitch = Pitch.objects.get(event__is_demo=True, organization__slug="datamuni-spa")
    services.pitch_interest(actor=users["valparaiso"], pitch=pitch)
    assert Notification.objects.filter(user=users["startup-a"], kind="events.pitch_interest").exists()
    with pytest.raises(ValidationError):
        services.pitch_interest(actor=users["valparaiso"], pitch=pitch)
    with pytest.raises(ValidationError):
        services.pitch_interest(actor=users["startup-b"], pitch=pitch)


# --- Awards ------------------------------------------------------------------------------------


def _nomination(edition, org_slug: str) -> Nomination:
    return Nomination.objects.filter(category__edition=edition, organization__slug=org_slug).order_by("pk").first()


VALUES = {"impacto": 5, "novedad": 4, "replicabilidad": 3, "sostenibilidad": 2}


def test_conflict_of_interest_is_refused(users):
    edition = _current()
    own = _nomination(edition, "municipalidad-valparaiso")
    before = Score.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.score_submit(actor=users["valparaiso"], nomination=own, values=VALUES, no_conflict=True)
    assert "conflicto de interés" in str(exc.value)
    assert Score.objects.count() == before


def test_scores_need_the_declaration_values_on_scale_and_are_final(users):
    edition = _current()
    target = Nomination.objects.filter(category__edition=edition).exclude(scores__juror__user=users["partner"]).first()
    with pytest.raises(ValidationError) as exc:
        services.score_submit(
            actor=users["partner"], nomination=target, values=VALUES | {"impacto": 9}, no_conflict=False
        )
    assert {"impacto", "no_conflict"} <= set(exc.value.message_dict)
    score = services.score_submit(actor=users["partner"], nomination=target, values=VALUES, no_conflict=True)
    # 5*.40 + 4*.20 + 3*.25 + 2*.15 = 3.85
    assert score.weighted == Decimal("3.850")
    with pytest.raises(ValidationError):
        services.score_submit(actor=users["partner"], nomination=target, values=VALUES, no_conflict=True)


def test_only_the_jury_scores(users):
    target = Nomination.objects.filter(category__edition=_current()).first()
    with pytest.raises(ValidationError):
        services.score_submit(actor=users["santiago"], nomination=target, values=VALUES, no_conflict=True)


def test_results_rank_by_mean_of_weighted_scores_and_publish(users):
    edition = _current()
    results = selectors.results(edition=edition)
    first = Nomination.objects.filter(category__edition=edition).order_by("pk").first()
    row = next(r for rows in results.values() for r in rows if r.nomination.pk == first.pk)
    expected = sum(s.weighted for s in first.scores.all()) / first.scores.count()
    assert row.mean == expected.quantize(Decimal("0.001")) and row.n_scores == 2
    for rows in results.values():
        means = [r.mean for r in rows if r.mean is not None]
        assert means == sorted(means, reverse=True)
    with pytest.raises(ValidationError):
        services.winners_publish(
            actor=users["staff"],
            edition=edition,
            winner_ids=[n.pk for n in Nomination.objects.filter(category=first.category)],
        )
    services.winners_publish(actor=users["staff"], edition=edition, winner_ids=[first.pk])
    assert list(selectors.winners(edition=AwardEdition.objects.get(pk=edition.pk))) == [first]


def test_scores_hidden_from_other_jurors_until_published(client_for):
    edition = _current()
    url = reverse("events:award_detail", kwargs={"slug": edition.slug})
    assert "Puntaje ponderado" not in client_for("partner").get(url).content.decode()
    assert "Puntaje ponderado" in client_for("staff").get(url).content.decode()
    api = reverse("api:awards_results", kwargs={"pk": edition.pk})
    assert client_for(None).get(api).status_code == 404
    past = AwardEdition.objects.get(is_demo=True, status=AwardStatus.PUBLISHED)
    body = client_for(None).get(reverse("api:awards_results", kwargs={"pk": past.pk})).json()
    assert any(r["winner"] for c in body["categories"] for r in c["rows"])


def test_municipality_nominates_itself_only(users):
    from hublocal.events.models import AwardCategory

    edition = services.edition_create(actor=users["staff"], title="Premio prueba", year=2030)
    cat = services.category_add(actor=users["staff"], edition=edition, name="General")
    n = services.nomination_create(
        actor=users["santiago"],
        category=cat,
        organization_id=users["valparaiso"].organization_id,
        title="Algo",
        description="Descripción",
    )
    assert n.organization_id == users["santiago"].organization_id
    with pytest.raises(ValidationError):
        services.nomination_create(
            actor=users["startup-a"], category=cat, organization_id=None, title="x", description="y"
        )
    assert AwardCategory.objects.filter(edition=edition).count() == 1


def test_rubric_files_are_valid_and_validation_catches_errors():
    for slug, version in rubric.available():
        r = rubric.load(slug, version)
        assert sum(c.weight for c in r.criteria) == 100
    good = {
        "slug": "x",
        "version": 1,
        "title": "T",
        "scale": {"min": 1, "max": 5},
        "criteria": [{"id": "a", "label": "A", "weight": 60}, {"id": "b", "label": "B", "weight": 40}],
    }
    rubric.parse(good)
    for bad in (
        good | {"criteria": [{"id": "a", "label": "A", "weight": 50}]},
        good | {"scale": {"min": 5, "max": 1}},
        good | {"criteria": [{"id": "a", "label": "A", "weight": 50}, {"id": "a", "label": "B", "weight": 50}]},
        good | {"version": 0},
    ):
        with pytest.raises(rubric.RubricError):
            rubric.parse(bad)


# --- Pages, API, home ----------------------------------------------------------------------------


def test_link_only_for_registered_people(client_for):
    congress = Event.objects.get(is_demo=True, kind=EventKind.CONGRESS)
    url = reverse("events:detail", kwargs={"slug": congress.slug})
    assert congress.online_url not in client_for(None).get(url).content.decode()
    assert congress.online_url not in client_for("santiago").get(url).content.decode()
    assert congress.online_url in client_for("valparaiso").get(url).content.decode()


def test_ics_download(client_for):
    congress = Event.objects.get(is_demo=True, kind=EventKind.CONGRESS)
    r = client_for(None).get(reverse("events:ics", kwargs={"slug": congress.slug}))
    assert r.status_code == 200 and r["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VEVENT" in r.content and congress.online_url.encode() not in r.content


def test_list_filters_and_bad_year(client_for):
    c = client_for(None)
    r = c.get(reverse("events:list"), {"kind": "congress"})
    assert "Congreso Nacional" in r.content.decode() and "Demo Day" not in r.content.decode()
    assert c.get(reverse("events:list"), {"year": "99999999999"}).status_code == 200
    past = c.get(reverse("events:list"), {"cuando": "pasados"}).content.decode()
    assert "Ceremonia" in past
    assert c.get(reverse("api:events_list"), {"year": "1"}).status_code == 400
    assert c.get(reverse("api:events_list"), {"kind": "nope"}).status_code == 400


def test_api_register_and_cancel(users):
    from rest_framework.test import APIClient

    event = _event(users, capacity=1)
    client = APIClient()
    client.force_authenticate(users["santiago"])
    url = reverse("api:events_registration", kwargs={"pk": event.pk})
    r = client.post(url)
    assert r.status_code == 201 and r.json()["status"] == "confirmed"
    assert client.post(url).status_code == 400
    assert client.delete(url).json()["status"] == "cancelled"
    assert APIClient().post(url).status_code in (401, 403)


def test_home_sections(users):
    assert any("Congreso" in str(i.title) for i in home.collect_registrations(users["valparaiso"]))
    assert home.collect_scoring(users["partner"])
    # Valparaíso's juror never gets Valparaíso's nominations to score.
    assert all(
        n.organization_id != users["valparaiso"].organization_id
        for n in selectors.nominations_to_score(user_id=users["valparaiso"].pk)
    )
    assert home.collect_pitches(users["startup-b"])
    assert home.collect_pitches(users["santiago"]) == []


def test_site_search_finds_published_events_and_never_a_draft_or_its_connection_link(users):
    published = _event(
        users, title="Encuentro de compras públicas", online_url="https://reunion.example.cl/sala-secreta"
    )
    draft = services.event_create(
        actor=users["staff"],
        data={
            "kind": EventKind.WORKSHOP,
            "title": "Borrador interno",
            "description": "",
            "timezone": "America/Santiago",
            "starts_at": timezone.now() + timedelta(days=20),
            "ends_at": timezone.now() + timedelta(days=20, hours=1),
            "registration_opens_at": timezone.now(),
            "registration_closes_at": timezone.now() + timedelta(days=19),
            "place": "Sala 2",
            "online_url": "",
            "capacity": 5,
            "fee_municipal": 0,
            "fee_startup": 0,
            "fee_partner": 0,
            "fee_public": 0,
        },
    )
    search_type = registry.search_type("events.event")
    assert search_type is not None
    docs = {d.object_id: d for d in search_type.documents([published.pk, draft.pk])}
    assert set(docs) == {published.pk}
    doc = docs[published.pk]
    assert doc.url == reverse("events:detail", kwargs={"slug": published.slug})
    assert "sala-secreta" not in doc.text + doc.summary
