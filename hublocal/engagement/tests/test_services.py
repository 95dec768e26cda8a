from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage

from hublocal.audit.models import AuditEvent
from hublocal.directory import services as directory_services
from hublocal.engagement import services
from hublocal.engagement.models import EscalationLevel, Message, MessageOutcome, Track, TrackStatus

from .conftest import LABEL, PROCESS, SUBJECT, day


def _activity(org, at, **kw):
    return services.track_activity(process=PROCESS, subject_key=SUBJECT, organization=org, at=at, **kw)


def _refresh(track: Track) -> Track:
    track.refresh_from_db()
    return track


# --- policy


@pytest.mark.parametrize(
    "days",
    [(0, 14, 21), (-1, 14, 21), (7, 7, 21), (7, 14, 14), (14, 7, 21), (7, 21, 14)],
)
def test_policy_rejects_non_positive_or_non_increasing_days(days):
    with pytest.raises(ValidationError) as exc:
        services.Policy(*days)
    assert "plazos" in exc.value.messages[0]


def test_policy_defaults_and_validate():
    policy = services.Policy()
    assert (policy.remind_after_days, policy.escalate_admin_after_days, policy.escalate_mayor_after_days) == (7, 14, 21)
    policy.validate()  # valid policies validate again without error


def test_track_copies_its_policy(santiago, open_track):
    track = open_track(santiago, policy=services.Policy(2, 4, 6))
    assert services.escalate_due(now=day(1.9)) == []
    assert [m.level for m in services.escalate_due(now=day(2))] == [1]
    assert [m.level for m in services.escalate_due(now=day(4))] == [2]
    assert [m.level for m in services.escalate_due(now=day(6))] == [3]
    assert _refresh(track).next_due_at is None


# --- opening


def test_track_open_is_idempotent_and_updates(santiago, open_track):
    first = open_track(santiago)
    second = services.track_open(
        process=PROCESS,
        subject_key=SUBJECT,
        organization=santiago,
        label="Nuevo nombre",
        url="/otro/",
        policy=services.Policy(3, 6, 9),
        actor=None,
    )
    assert second.pk == first.pk
    assert Track.objects.filter(process=PROCESS, subject_key=SUBJECT).count() == 1
    second.refresh_from_db()
    assert (second.label, second.url, second.remind_after_days) == ("Nuevo nombre", "/otro/", 3)
    assert second.created_at == day(0)  # the invitation date is kept
    assert second.next_due_at == day(3)
    assert AuditEvent.objects.filter(action="engagement.track_open", object_id=str(first.pk)).count() == 2


def test_track_open_again_with_same_values_is_not_audited_twice(santiago, open_track):
    track = open_track(santiago)
    open_track(santiago)
    assert AuditEvent.objects.filter(action="engagement.track_open", object_id=str(track.pk)).count() == 1


def test_track_open_rejects_done_status(santiago, open_track):
    with pytest.raises(ValidationError):
        open_track(santiago, status=TrackStatus.DONE)


# --- the escalation chain, on a simulated clock


def test_no_message_before_remind_days(santiago, open_track):
    track = open_track(santiago)
    assert services.escalate_due(now=day(6.99)) == []
    assert mail.outbox == []
    assert _refresh(track).escalation_level == EscalationLevel.NONE
    assert track.status == TrackStatus.INVITED


def test_reminder_to_focal_point_at_day_7(santiago, open_track):
    track = open_track(santiago)
    sent = services.escalate_due(now=day(7))
    assert len(sent) == 1
    msg = sent[0]
    assert (msg.level, msg.role, msg.outcome) == (1, "focal_point", MessageOutcome.SENT)
    assert msg.recipient_name == "Daniela Soto (demo)"
    assert msg.recipient_email == "santiago@demo.hublocal.cl"
    assert msg.days_inactive == 7
    assert msg.sent_at == day(7)
    assert [m.to for m in mail.outbox] == [["santiago@demo.hublocal.cl"]]
    track = _refresh(track)
    assert (track.escalation_level, track.status) == (EscalationLevel.FOCAL_POINT, TrackStatus.SILENT)
    assert track.next_due_at == day(14)


def test_administrator_at_14_and_mayor_at_21(santiago, open_track):
    track = open_track(santiago)
    services.escalate_due(now=day(7))
    assert services.escalate_due(now=day(13)) == []
    admin = services.escalate_due(now=day(14))
    assert [(m.level, m.role, m.recipient_email) for m in admin] == [
        (2, "administrator", "administracion.santiago@demo.hublocal.cl")
    ]
    assert services.escalate_due(now=day(20)) == []
    mayor = services.escalate_due(now=day(21))
    assert [(m.level, m.role, m.recipient_email) for m in mayor] == [(3, "mayor", "alcaldia.santiago@demo.hublocal.cl")]
    assert _refresh(track).escalation_level == EscalationLevel.MAYOR
    assert track.next_due_at is None
    assert services.escalate_due(now=day(400)) == []
    assert len(mail.outbox) == 3


def test_long_silence_sends_every_missing_level_in_order(santiago, open_track):
    open_track(santiago)
    sent = services.escalate_due(now=day(30))
    assert [m.level for m in sent] == [1, 2, 3]
    # The mayor's message names who was contacted before, so it never arrives out of the blue.
    assert "Daniela Soto (demo)" in sent[2].body
    assert "Rodrigo Herrera (demo)" in sent[2].body
    assert [m.to[0] for m in mail.outbox] == [
        "santiago@demo.hublocal.cl",
        "administracion.santiago@demo.hublocal.cl",
        "alcaldia.santiago@demo.hublocal.cl",
    ]


def test_activity_resets_the_chain(santiago, open_track):
    track = open_track(santiago)
    services.escalate_due(now=day(7))
    _activity(santiago, day(10))
    track = _refresh(track)
    assert (track.escalation_level, track.status) == (EscalationLevel.NONE, TrackStatus.IN_PROGRESS)
    assert track.last_activity_at == day(10)
    assert services.escalate_due(now=day(14)) == []  # the administrator is no longer due
    again = services.escalate_due(now=day(17))
    assert [(m.level, m.days_inactive) for m in again] == [(1, 7)]
    # The new chain starts afresh: the earlier reminder is not listed as "already contacted".
    assert "Ya hemos contactado" not in again[0].body


def test_activity_with_status_moves_forward_never_back(santiago, open_track):
    track = open_track(santiago)
    _activity(santiago, day(1), status="confirmed")
    assert _refresh(track).status == TrackStatus.CONFIRMED
    _activity(santiago, day(2), status="in_progress")
    assert _refresh(track).status == TrackStatus.IN_PROGRESS
    _activity(santiago, day(3), status="confirmed")
    assert _refresh(track).status == TrackStatus.IN_PROGRESS
    services.escalate_due(now=day(10))
    _activity(santiago, day(11), status="confirmed")
    assert _refresh(track).status == TrackStatus.CONFIRMED  # from silent, the status given wins


def test_activity_rejects_unknown_status_and_unknown_track(santiago, valparaiso, open_track):
    open_track(santiago)
    with pytest.raises(ValidationError):
        _activity(santiago, day(1), status="done")
    with pytest.raises(Track.DoesNotExist):
        _activity(valparaiso, day(1))


def test_done_tracks_never_escalate(santiago, open_track):
    track = open_track(santiago)
    services.track_done(process=PROCESS, subject_key=SUBJECT, organization=santiago, at=day(3))
    assert services.escalate_due(now=day(60)) == []
    track = _refresh(track)
    assert (track.status, track.closed_at, track.next_due_at) == (TrackStatus.DONE, day(3), None)
    # Late activity on a finished track is recorded but does not reopen it.
    _activity(santiago, day(61), status="in_progress")
    assert _refresh(track).status == TrackStatus.DONE
    assert services.escalate_due(now=day(120)) == []


def test_reopen_restarts_the_count(santiago, open_track):
    track = open_track(santiago)
    services.escalate_due(now=day(7))
    services.track_done(process=PROCESS, subject_key=SUBJECT, organization=santiago, at=day(8))
    services.track_reopen(process=PROCESS, subject_key=SUBJECT, organization=santiago, at=day(20))
    track = _refresh(track)
    assert (track.status, track.closed_at, track.escalation_level) == (TrackStatus.IN_PROGRESS, None, 0)
    assert services.escalate_due(now=day(26)) == []
    assert [m.level for m in services.escalate_due(now=day(27))] == [1]


def test_missing_designation_is_logged_as_no_contact(concepcion, open_track):
    track = open_track(concepcion)
    sent = services.escalate_due(now=day(21))
    assert [(m.level, m.outcome) for m in sent] == [(lvl, MessageOutcome.NO_CONTACT) for lvl in (1, 2, 3)]
    assert all(m.recipient_email == "" and m.error for m in sent)
    assert mail.outbox == []
    # The chain still advances: nobody designated must not shield a municipality from escalation.
    assert _refresh(track).escalation_level == EscalationLevel.MAYOR
    assert Message.objects.filter(track=track).count() == 3


def test_designated_person_without_email_is_no_contact(concepcion, open_track, users):
    person = directory_services.person_create(
        actor=users["staff"], full_name="Sin Correo (prueba)", email="antes@example.cl", organization=concepcion
    )
    directory_services.designation_set(actor=users["staff"], organization=concepcion, role="focal_point", person=person)
    # Directory asks for an e-mail when designating, but it can be removed afterwards.
    directory_services.person_update(expected_version=None, actor=users["staff"], person=person, data={"email": ""})
    open_track(concepcion)
    (msg,) = services.escalate_due(now=day(7))
    assert (msg.outcome, msg.recipient_name, msg.recipient_email) == (
        MessageOutcome.NO_CONTACT,
        "Sin Correo (prueba)",
        "",
    )


def test_email_content_names_process_days_and_absolute_link(santiago, open_track):
    open_track(santiago)
    services.escalate_due(now=day(7))
    (email,) = mail.outbox
    assert LABEL in email.subject
    assert "Municipalidad de Santiago" in email.body
    assert "desde hace 7 días" in email.body
    assert "http://127.0.0.1:8000/diagnostico/p/1/" in email.body
    assert email.body.startswith("Estimado/a Daniela Soto (demo):")


def test_email_uses_site_url_and_stays_spanish(santiago, open_track, settings):
    from django.utils import translation

    settings.SITE_URL = "https://hublocal.cl"
    open_track(santiago)
    with translation.override("en"):
        services.escalate_due(now=day(14))
    first, second = mail.outbox
    assert "https://hublocal.cl/diagnostico/p/1/" in first.body
    assert "desde hace 14 días" in second.body
    # The administrator is told who else was contacted.
    assert "Ya hemos contactado a:" in second.body
    assert "Daniela Soto (demo) (Punto focal)" in second.body


def test_second_run_at_the_same_time_sends_nothing(santiago, valparaiso, open_track):
    open_track(santiago)
    open_track(valparaiso)
    assert len(services.escalate_due(now=day(15))) == 4
    assert services.escalate_due(now=day(15)) == []
    assert len(mail.outbox) == 4
    assert Message.objects.count() == 4


def test_mail_failure_is_logged_and_the_run_goes_on(santiago, valparaiso, open_track, monkeypatch):
    real_send = EmailMessage.send

    def flaky_send(self, *args, **kwargs):
        if self.to == ["santiago@demo.hublocal.cl"]:
            raise OSError("servidor de correo no disponible")
        return real_send(self, *args, **kwargs)

    monkeypatch.setattr(EmailMessage, "send", flaky_send)
    open_track(santiago)
    open_track(valparaiso)
    sent = services.escalate_due(now=day(7))
    outcomes = {m.track.organization_id: m.outcome for m in sent}
    assert outcomes == {santiago.pk: MessageOutcome.FAILED, valparaiso.pk: MessageOutcome.SENT}
    failed = next(m for m in sent if m.outcome == MessageOutcome.FAILED)
    assert "servidor de correo no disponible" in failed.error
    assert [m.to for m in mail.outbox] == [["valparaiso@demo.hublocal.cl"]]


def test_escalations_are_audited(santiago, open_track, users):
    track = open_track(santiago)
    services.escalate_due(now=day(7), actor=users["staff"])
    event = AuditEvent.objects.get(action="engagement.escalate", object_id=str(track.pk))
    assert event.before["escalation_level"] == 0 and event.after["escalation_level"] == 1
    run = AuditEvent.objects.get(action="engagement.escalate_run")
    assert run.actor == users["staff"] and run.after["messages"] == 1


def test_periodic_run_without_actor_is_not_audited_when_idle(santiago, open_track):
    open_track(santiago)
    before = AuditEvent.objects.filter(action__startswith="engagement.escalate").count()
    services.escalate_due(now=day(1))
    assert AuditEvent.objects.filter(action__startswith="engagement.escalate").count() == before


def test_tracks_that_are_not_due_cost_one_query(
    santiago, valparaiso, concepcion, open_track, django_assert_num_queries
):
    for org in (santiago, valparaiso, concepcion):
        open_track(org)
    with django_assert_num_queries(1):
        assert services.escalate_due(now=day(3)) == []


def test_query_count_per_due_track_is_bounded(santiago, valparaiso, open_track, django_assert_max_num_queries):
    open_track(santiago)
    open_track(valparaiso)
    # Per due track: lock, earlier messages, and per level one designation lookup, one insert,
    # plus the track update and audit; savepoints aside, it does not grow with other tracks.
    with django_assert_max_num_queries(2 * 12 + 1):
        assert len(services.escalate_due(now=day(7))) == 2


def test_startup_without_designations_is_reminded_at_its_contact_address(open_track):
    """Startups have no focal point, administrator or mayor: every step reaches the organisation's
    own contact address, so a silent startup is chased like a silent municipality."""
    from hublocal.directory import selectors as directory_selectors

    startup = directory_selectors.organization_get(slug="datamuni-spa")
    assert startup is not None and startup.email
    open_track(startup)
    sent = services.escalate_due(now=day(21))
    assert [(m.level, m.outcome) for m in sent] == [(lvl, MessageOutcome.SENT) for lvl in (1, 2, 3)]
    assert {m.recipient_email for m in sent} == {startup.email}
    assert {m.recipient_name for m in sent} == {startup.name}
    assert [m.to for m in mail.outbox] == [[startup.email]] * 3


def test_person_who_blocked_processing_is_not_written_to(santiago, open_track, users):
    """A blocking request (Ley 21.719) stops reminders to that person; the chain goes on."""
    from hublocal.privacy.models import ProcessingRestriction

    focal = users["santiago"]
    ProcessingRestriction.objects.create(user=focal, reason="Solicitud de bloqueo aprobada")
    open_track(santiago)
    sent = services.escalate_due(now=day(7))
    assert [(m.level, m.outcome, m.recipient_email) for m in sent] == [(1, MessageOutcome.NO_CONTACT, "")]
    assert "bloquear" in sent[0].error
    assert mail.outbox == []
