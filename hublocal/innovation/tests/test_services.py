"""Open-innovation writes: validation, the challenge workflow, criteria, Q&A and events."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from hublocal.audit.models import AuditEvent
from hublocal.diagnosis import selectors as diagnosis_selectors
from hublocal.diagnosis import services as diagnosis_services
from hublocal.directory import selectors as directory_selectors
from hublocal.engagement import selectors as engagement_selectors
from hublocal.innovation import selectors, services
from hublocal.innovation.models import Call, Challenge, ChallengeStatus, Criterion, Event, EventRegistration, Question
from hublocal.innovation.permissions import Action, can

from .conftest import CRITERIA, STATEMENT, with_status

# --- Challenges -------------------------------------------------------------------------------


def test_create_indexes_shares_and_audits(users, santiago_org, valparaiso_org):
    challenge = services.challenge_create(
        actor=users["santiago"],
        owner=santiago_org,
        co_municipalities=[valparaiso_org, santiago_org],
        budget_min=1_000_000,
        budget_max=5_000_000,
        **STATEMENT,
    )
    assert challenge.status == "draft" and challenge.origin == "direct"
    assert selectors.challenge_municipality_ids(challenge=challenge) == {santiago_org.pk, valparaiso_org.pk}
    assert challenge.terms and "reclamos" in challenge.search_text
    event = AuditEvent.objects.filter(action="innovation.challenge_create", object_id=str(challenge.pk)).get()
    assert event.actor_username == "santiago"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"affected": "  "}, "affected"),
        ({"success": ""}, "success"),
        ({"title": ""}, "title"),
        ({"area": "otra"}, "area"),
        ({"budget_min": 5_000_000, "budget_max": 1_000_000}, "budget_max"),
        ({"budget_min": -1}, "budget_min"),
        ({"problem": "con \x00 nulo"}, "problem"),
    ],
)
def test_create_refuses_incomplete_or_inconsistent_statements(users, santiago_org, change, field):
    before = Challenge.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.challenge_create(actor=users["santiago"], owner=santiago_org, **{**STATEMENT, **change})
    assert field in exc.value.message_dict
    assert Challenge.objects.count() == before


def test_only_municipalities_own_or_share_challenges(users, santiago_org):
    startup = directory_selectors.organization_get(slug="datamuni-spa")
    with pytest.raises(ValidationError) as exc:
        services.challenge_create(actor=users["staff"], owner=startup, **STATEMENT)
    assert "owner" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.challenge_create(actor=users["staff"], owner=santiago_org, co_municipalities=[startup], **STATEMENT)
    assert "municipalities" in exc.value.message_dict


def _fresh_gap(users, santiago_org):
    participation = next(
        p
        for p in diagnosis_selectors.participations_for_organization(organization_id=santiago_org.pk)
        if p.status == "submitted"
    )
    taken = {
        g.dimension
        for status in ("draft", "adopted", "discarded")
        for g in diagnosis_selectors.proposed_challenges_for_organization(
            organization_id=santiago_org.pk, status=status
        )
    }
    instrument = diagnosis_selectors.instrument_of(participation.campaign.instrument_version)
    dimension = [d.id for d in instrument.dimensions if d.id not in taken][-1]
    return diagnosis_services.proposed_challenge_create(
        actor=users["santiago"], participation=participation, dimension=dimension
    )


def test_from_gap_prefills_and_adopts_once(users, santiago_org):
    gap = _fresh_gap(users, santiago_org)
    challenge = services.challenge_create_from_gap(actor=users["santiago"], proposed=gap)
    assert challenge.origin == "diagnosis" and challenge.proposed_challenge_id == gap.pk
    assert (challenge.title, challenge.area, challenge.problem) == (gap.title, gap.area, gap.problem)
    assert challenge.owner_id == santiago_org.pk and challenge.affected == ""
    assert diagnosis_selectors.proposed_challenge_get(pk=gap.pk).status == "adopted"
    before = Challenge.objects.count()
    with pytest.raises(ValidationError):
        services.challenge_create_from_gap(actor=users["santiago"], proposed=gap)
    assert Challenge.objects.count() == before


def test_from_gap_is_all_or_nothing(users, santiago_org, monkeypatch):
    gap = _fresh_gap(users, santiago_org)

    def refuse(**kwargs):
        raise ValidationError({"title": ["refused"]})

    monkeypatch.setattr(services, "challenge_create", refuse)
    with pytest.raises(ValidationError):
        services.challenge_create_from_gap(actor=users["santiago"], proposed=gap)
    assert diagnosis_selectors.proposed_challenge_get(pk=gap.pk).status == "draft"


def test_gap_draft_must_be_completed_before_review(users, santiago_org):
    challenge = services.challenge_create_from_gap(actor=users["santiago"], proposed=_fresh_gap(users, santiago_org))
    with pytest.raises(ValidationError) as exc:
        services.challenge_transition(actor=users["santiago"], challenge=challenge, to="in_review")
    assert {"affected", "current_process", "success"} <= set(exc.value.message_dict)
    services.challenge_update(
        expected_version=None,
        actor=users["santiago"],
        challenge=challenge,
        data={k: STATEMENT[k] for k in ("affected", "current_process", "success")},
    )
    assert services.challenge_transition(actor=users["santiago"], challenge=challenge, to="in_review").status == (
        "in_review"
    )


def test_update_replaces_municipalities_and_is_frozen_after_publication(users, draft, valparaiso_org, call):
    services.challenge_update(
        expected_version=None,
        actor=users["santiago"],
        challenge=draft,
        data={"title": "Nuevo título"},
        co_municipalities=[valparaiso_org],
    )
    assert selectors.challenge_municipality_ids(challenge=draft) == {draft.owner_id, valparaiso_org.pk}
    services.challenge_update(
        expected_version=None, actor=users["santiago"], challenge=draft, data={}, co_municipalities=[]
    )
    assert selectors.challenge_municipality_ids(challenge=draft) == {draft.owner_id}
    with pytest.raises(ValidationError):
        services.challenge_update(expected_version=None, actor=users["santiago"], challenge=draft, data={"owner": 1})
    with_status(draft, "published", call)
    with pytest.raises(ValidationError):
        services.challenge_update(expected_version=None, actor=users["staff"], challenge=draft, data={"title": "Tarde"})
    assert Challenge.objects.get(pk=draft.pk).title == "Nuevo título"


ALLOWED = {(t.source, t.target) for t in services.TRANSITIONS}
PAIRS = [(a, b) for a in ChallengeStatus.values for b in ChallengeStatus.values if a != b]


@pytest.mark.parametrize(("source", "target"), PAIRS, ids=[f"{a}->{b}" for a, b in PAIRS])
def test_transition_table(users, draft, call, source, target):
    challenge = with_status(draft, source, call if source != "draft" else None)
    kwargs = {"note": "Precise el problema.", "call": call}
    if (source, target) in ALLOWED:
        moved = services.challenge_transition(actor=users["staff"], challenge=challenge, to=target, **kwargs)
        assert moved.status == target
        assert AuditEvent.objects.filter(action="innovation.challenge_transition", object_id=str(draft.pk)).exists()
    else:
        with pytest.raises(ValidationError):
            services.challenge_transition(actor=users["staff"], challenge=challenge, to=target, **kwargs)
        assert Challenge.objects.get(pk=draft.pk).status == source


# Who may make each move (the permission named by the table), for the demo accounts.
WHO = {
    Action.SEND_TO_REVIEW: {"santiago", "staff"},
    Action.RETURN_CHALLENGE: {"staff", "analista"},
    Action.PUBLISH_CHALLENGE: {"staff"},
    Action.CLOSE_CHALLENGE: {"staff"},
    Action.ARCHIVE_CHALLENGE: {"staff"},
}


@pytest.mark.parametrize("transition", services.TRANSITIONS, ids=lambda t: f"{t.source}->{t.target}")
def test_who_may_make_each_move(users, draft, call, transition):
    challenge = with_status(draft, transition.source, call)
    allowed = {name for name, user in users.items() if can(user, transition.action, challenge)}
    assert allowed == WHO[transition.action]
    assert not can(None, transition.action, challenge)


def test_return_to_draft_needs_a_note(users, draft):
    services.challenge_transition(actor=users["santiago"], challenge=draft, to="in_review")
    with pytest.raises(ValidationError) as exc:
        services.challenge_transition(actor=users["analista"], challenge=draft, to="draft", note="  ")
    assert "note" in exc.value.message_dict
    back = services.challenge_transition(actor=users["analista"], challenge=draft, to="draft", note="Falta el costo.")
    assert back.status == "draft" and back.review_note == "Falta el costo."


def test_publication_needs_an_open_published_call(users, draft, draft_call):
    services.challenge_transition(actor=users["santiago"], challenge=draft, to="in_review")
    for call in (None, draft_call):
        with pytest.raises(ValidationError) as exc:
            services.challenge_transition(actor=users["staff"], challenge=draft, to="published", call=call)
        assert "call" in exc.value.message_dict
    assert Challenge.objects.get(pk=draft.pk).status == "in_review"


def test_publishing_opens_engagement_and_closing_ends_it(users, draft, call, valparaiso_org):
    services.challenge_update(
        expected_version=None, actor=users["santiago"], challenge=draft, data={}, co_municipalities=[valparaiso_org]
    )
    services.challenge_transition(actor=users["santiago"], challenge=draft, to="in_review")
    services.challenge_transition(actor=users["staff"], challenge=draft, to="published", call=call)
    key = services.subject_key(draft)
    tracks = list(engagement_selectors.track_list(process=services.PROCESS, subject_key=key))
    assert {t.organization_id for t in tracks} == {draft.owner_id, valparaiso_org.pk}
    assert all(t.status == "invited" for t in tracks)
    published = Challenge.objects.get(pk=draft.pk)
    assert published.call_id == call.pk and published.published_at is not None
    services.challenge_transition(actor=users["staff"], challenge=draft, to="closed")
    tracks = engagement_selectors.track_list(process=services.PROCESS, subject_key=key)
    assert set(tracks.values_list("status", flat=True)) == {"done"}


def test_pilot_statuses(users, published):
    with pytest.raises(ValidationError):
        services.challenge_set_status(actor=users["staff"], challenge=published, status="finished")
    services.challenge_set_status(actor=users["staff"], challenge=published, status="in_pilot")
    done = engagement_selectors.track_get(
        process=services.PROCESS, subject_key=services.subject_key(published), organization_id=published.owner_id
    )
    assert done.status == "done"
    finished = services.challenge_set_status(actor=users["staff"], challenge=published, status="finished")
    assert finished.status == "finished"
    with pytest.raises(ValidationError):
        services.challenge_set_status(actor=users["staff"], challenge=published, status="published")


# --- Calls and criteria -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("criteria", "message"),
    [
        ([], "al menos un criterio"),
        ([services.CriterionInput("A", 60), services.CriterionInput("B", 30)], "suman 90"),
        ([services.CriterionInput("A", 0), services.CriterionInput("B", 100)], "entre 1 y 100"),
        ([services.CriterionInput("A", 101)], "entre 1 y 100"),
        ([services.CriterionInput("Costo", 50), services.CriterionInput("costo", 50)], "repetido"),
        ([services.CriterionInput(" ", 100)], "no tiene nombre"),
    ],
)
def test_weights_validation(users, draft_call, criteria, message):
    services.call_criteria_set(actor=users["staff"], call=draft_call, criteria=CRITERIA)
    with pytest.raises(ValidationError) as exc:
        services.call_criteria_set(actor=users["staff"], call=draft_call, criteria=criteria)
    assert message in " ".join(exc.value.message_dict["criteria"])
    assert list(draft_call.criteria.values_list("name", "weight")) == [(c.name, c.weight) for c in CRITERIA]


def test_criteria_replace_all(users, draft_call):
    services.call_criteria_set(actor=users["staff"], call=draft_call, criteria=CRITERIA)
    services.call_criteria_set(actor=users["staff"], call=draft_call, criteria=[services.CriterionInput("Único", 100)])
    assert list(Criterion.objects.filter(call=draft_call).values_list("name", "weight")) == [("Único", 100)]


def test_publication_needs_criteria_and_a_future_close(users, draft_call):
    with pytest.raises(ValidationError):
        services.call_publish(actor=users["staff"], call=draft_call)
    services.call_criteria_set(actor=users["staff"], call=draft_call, criteria=CRITERIA)
    with pytest.raises(ValidationError) as exc:
        services.call_publish(actor=users["staff"], call=draft_call, now=draft_call.closes_at + timedelta(days=1))
    assert "closes_at" in exc.value.message_dict
    assert Call.objects.get(pk=draft_call.pk).status == "draft"


def test_publication_freezes_criteria_text_and_opening(users, call):
    with pytest.raises(ValidationError):
        services.call_criteria_set(actor=users["staff"], call=call, criteria=[services.CriterionInput("Otro", 100)])
    with pytest.raises(ValidationError):
        services.call_update(expected_version=None, actor=users["staff"], call=call, data={"opens_at": timezone.now()})
    with pytest.raises(ValidationError):
        services.call_publish(actor=users["staff"], call=call)
    assert list(call.criteria.values_list("name", flat=True)) == [c.name for c in CRITERIA]


def test_close_may_only_move_later_and_is_audited(users, call):
    with pytest.raises(ValidationError):
        services.call_extend_close(actor=users["staff"], call=call, closes_at=call.closes_at - timedelta(days=1))
    later = call.closes_at + timedelta(days=7)
    services.call_extend_close(actor=users["staff"], call=call, closes_at=later)
    assert Call.objects.get(pk=call.pk).closes_at == later
    event = AuditEvent.objects.filter(action="innovation.call_extend_close", object_id=str(call.pk)).get()
    assert event.before["closes_at"] != event.after["closes_at"]


def test_cancelling_a_call_closes_its_published_challenges(users, published, call):
    services.call_cancel(actor=users["staff"], call=call)
    assert Challenge.objects.get(pk=published.pk).status == "closed"
    assert not selectors.call_is_open(call=Call.objects.get(pk=call.pk), now=timezone.now())
    with pytest.raises(ValidationError):
        services.call_cancel(actor=users["staff"], call=call)


def test_reserved_and_duplicate_slugs(users, call):
    now = timezone.now()
    base = {"description": "d", "eligibility": "e", "opens_at": now, "closes_at": now + timedelta(days=1)}
    assert services.call_create(actor=users["staff"], title="Nueva", **base).slug == "nueva-2"
    with pytest.raises(ValidationError) as exc:
        services.call_create(actor=users["staff"], title="X", slug=call.slug, **base)
    assert "slug" in exc.value.message_dict


# --- Questions and answers --------------------------------------------------------------------


def test_questions_only_on_published_open_calls(users, draft_call, call):
    with pytest.raises(ValidationError):
        services.question_ask(actor=users["startup-a"], call=draft_call, text="¿Hay presupuesto?")
    with pytest.raises(ValidationError):
        services.question_ask(actor=None, call=call, text="¿Hay presupuesto?")
    with pytest.raises(ValidationError):
        services.question_ask(actor=users["startup-a"], call=call, text="  ")
    with pytest.raises(ValidationError):
        services.question_ask(
            actor=users["startup-a"], call=call, text="¿Sigue abierta?", now=call.closes_at + timedelta(minutes=1)
        )
    assert not Question.objects.filter(call__in=[draft_call, call]).exists()


def test_anonymous_asker_is_known_only_to_the_hub(users, call):
    question = services.question_ask(actor=users["startup-a"], call=call, text="¿Se aceptan consorcios?")
    services.question_answer(actor=users["analista"], question=question, answer="Sí.")
    for viewer in ("startup-b", "santiago", "partner", None):
        shown = selectors.questions_visible(call=call, viewer=users.get(viewer))
        assert [q.asker_label for q in shown] == [None], viewer
    staff_view = selectors.questions_visible(call=call, viewer=users["staff"])
    assert "Valentina" in staff_view[0].asker_label


def test_unanswered_questions_visible_to_asker_and_hub_only(users, call):
    services.question_ask(actor=users["startup-a"], call=call, text="¿Puedo postular dos veces?", anonymous=False)
    assert len(selectors.questions_visible(call=call, viewer=users["startup-a"])) == 1
    assert len(selectors.questions_visible(call=call, viewer=users["analista"])) == 1
    assert selectors.questions_visible(call=call, viewer=users["startup-b"]) == []
    assert selectors.questions_visible(call=call, viewer=None) == []


def test_municipality_answering_about_its_challenge_counts_as_activity(users, published, call):
    question = services.question_ask(
        actor=users["startup-b"], call=call, text="¿Cuántos reclamos al mes?", challenge=published
    )
    assert can(users["santiago"], Action.ANSWER_QUESTION, question)
    assert not can(users["valparaiso"], Action.ANSWER_QUESTION, question)
    services.question_answer(actor=users["santiago"], question=question, answer="Unos 400 al mes.")
    track = engagement_selectors.track_get(
        process=services.PROCESS, subject_key=services.subject_key(published), organization_id=published.owner_id
    )
    assert track.status == "in_progress" and track.last_activity_at is not None


# --- Events -----------------------------------------------------------------------------------


@pytest.fixture
def small_event(users):
    starts = timezone.now() + timedelta(days=3)
    return services.event_create(
        actor=users["staff"],
        title="Demostración",
        description="Muestra.",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        capacity=2,
        place="Santiago",
    )


def test_capacity_and_duplicates(users, small_event):
    services.event_register(actor=None, event=small_event, full_name="Ana", email="ana@example.cl")
    with pytest.raises(ValidationError) as exc:
        services.event_register(actor=None, event=small_event, full_name="Ana otra vez", email="ANA@example.cl ")
    assert "ya está inscrito" in exc.value.message_dict["email"][0]
    services.event_register(actor=users["partner"], event=small_event, full_name="Francisca", email="f@example.cl")
    with pytest.raises(ValidationError) as exc:
        services.event_register(actor=None, event=small_event, full_name="Tercera", email="t@example.cl")
    assert "No quedan cupos" in exc.value.messages[0]
    assert EventRegistration.objects.filter(event=small_event).count() == 2


def test_registration_validates_and_closes_when_the_event_ends(small_event):
    with pytest.raises(ValidationError) as exc:
        services.event_register(actor=None, event=small_event, full_name="", email="no-es-correo")
    assert set(exc.value.message_dict) == {"full_name", "email"}
    with pytest.raises(ValidationError):
        services.event_register(
            actor=None,
            event=small_event,
            full_name="Tarde",
            email="tarde@example.cl",
            now=small_event.ends_at + timedelta(minutes=1),
        )
    assert not EventRegistration.objects.filter(event=small_event).exists()


def test_capacity_never_below_registrations(users, small_event):
    services.event_register(actor=None, event=small_event, full_name="Ana", email="ana@example.cl")
    services.event_register(actor=None, event=small_event, full_name="Bea", email="bea@example.cl")
    with pytest.raises(ValidationError) as exc:
        services.event_update(expected_version=None, actor=users["staff"], event=small_event, data={"capacity": 1})
    assert "capacity" in exc.value.message_dict
    assert Event.objects.get(pk=small_event.pk).capacity == 2


def test_attendance(users, small_event, valparaiso_org):
    ana = services.event_register(actor=None, event=small_event, full_name="Ana", email="ana@example.cl")
    assert services.event_set_attendance(actor=users["staff"], event=small_event, attended={ana.pk: True}) == 1
    assert EventRegistration.objects.get(pk=ana.pk).attended is True
    other = Event.objects.exclude(pk=small_event.pk).first()
    foreign = other.registrations.first()
    with pytest.raises(ValidationError):
        services.event_set_attendance(actor=users["staff"], event=small_event, attended={foreign.pk: True})


# Skipped at collection on SQLite: a transactional test flushes the shared test database at the
# end, and SQLite serialises writers anyway (it has no row locks to race on).
@pytest.mark.skipif("postgresql" not in settings.DATABASES["default"]["ENGINE"], reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_last_seat_race(users):
    """Eight people racing for three seats: exactly three get one, the rest a clear refusal."""
    starts = timezone.now() + timedelta(days=1)
    event = services.event_create(
        actor=None,
        title="Carrera",
        description="Cupos escasos.",
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        capacity=3,
        place="Aquí",
    )
    barrier = threading.Barrier(8)
    outcomes: list[str] = []

    def register(i: int) -> None:
        try:
            barrier.wait(10)
            services.event_register(actor=None, event=event, full_name=f"P{i}", email=f"p{i}@example.cl")
            outcomes.append("ok")
        except ValidationError as exc:
            outcomes.append(" ".join(exc.messages))
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert outcomes.count("ok") == 3
    assert all("No quedan cupos" in o for o in outcomes if o != "ok")
    assert EventRegistration.objects.filter(event=event).count() == 3


def test_a_closed_call_cannot_be_reopened_by_extending_it(users, call):
    # Reopening would let proposals change while the committee scores them.
    closed_at = call.closes_at
    with pytest.raises(ValidationError) as exc:
        services.call_extend_close(
            actor=users["staff"], call=call, closes_at=closed_at + timedelta(days=30), now=closed_at
        )
    assert exc.value.messages == ["La convocatoria ya cerró; no se puede extender su plazo."]
    assert Call.objects.get(pk=call.pk).closes_at == closed_at
    assert not AuditEvent.objects.filter(action="innovation.call_extend_close", object_id=str(call.pk)).exists()
