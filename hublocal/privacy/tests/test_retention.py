"""Retention (Ley 21.719): each declared `expire(now)` processes rows whose period has passed and
leaves recent rows untouched; the daily job runs them all and audits the counts."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.apps import apps
from django.utils import timezone

from hublocal.accounts.models import ApiToken
from hublocal.audit.models import AuditEvent
from hublocal.core import registry
from hublocal.engagement.models import Message, Track
from hublocal.innovation.models import Event, EventRegistration
from hublocal.privacy import tasks
from hublocal.privacy.models import DataSubjectRequest

pytestmark = pytest.mark.django_db


def _declaration(key: str) -> registry.PersonalData:
    found = {d.key: d for d in registry.personal_data()}
    assert key in found, key
    declaration = found[key]
    assert declaration.expire is not None
    return declaration


@pytest.mark.skipif(not apps.is_installed("axes"), reason="django-axes not installed")
@pytest.mark.parametrize("name", ["AccessAttempt", "AccessFailureLog", "AccessLog"])
def test_sign_in_records_are_deleted_after_180_days(name: str) -> None:
    model = apps.get_model("axes", name)
    extra: dict[str, Any] = (
        {"get_data": "", "post_data": "", "failures_since_start": 1} if name == "AccessAttempt" else {}
    )
    now = timezone.now()
    old = model.objects.create(username="vieja", ip_address="203.0.113.1", user_agent="x", http_accept="*/*", **extra)
    recent = model.objects.create(
        username="nueva", ip_address="203.0.113.2", user_agent="x", http_accept="*/*", **extra
    )
    model.objects.filter(pk=old.pk).update(attempt_time=now - timedelta(days=181))
    model.objects.filter(pk=recent.pk).update(attempt_time=now - timedelta(days=179))

    assert _declaration(model._meta.label_lower).expire(now) == 1  # type: ignore[misc]
    assert not model.objects.filter(pk=old.pk).exists()
    assert model.objects.filter(pk=recent.pk).exists()


def test_dead_api_tokens_are_deleted_after_180_days(users: dict) -> None:
    now = timezone.now()
    user = users["startup-a"]

    def token(prefix: str, **fields: Any) -> ApiToken:
        return ApiToken.objects.create(user=user, digest=ApiToken.hash(prefix), prefix=prefix, **fields)

    revoked_long_ago = token("rev-old", revoked_at=now - timedelta(days=200))
    expired_long_ago = token("exp-old", expires_at=now - timedelta(days=200))
    revoked_lately = token("rev-new", revoked_at=now - timedelta(days=10))
    active = token("active")

    assert _declaration("accounts.apitoken").expire(now) == 2  # type: ignore[misc]
    left = set(ApiToken.objects.filter(user=user).values_list("pk", flat=True))
    assert revoked_long_ago.pk not in left and expired_long_ago.pk not in left
    assert {revoked_lately.pk, active.pk} <= left


def _message(track: Track, *, sent_at: Any) -> Message:
    return Message.objects.create(
        track=track,
        level=1,
        role="focal_point",
        recipient_name="Ana Pérez",
        recipient_email="ana@municipio.cl",
        subject="Recordatorio",
        body="Estimada Ana Pérez: …",
        sent_at=sent_at,
        outcome="sent",
    )


def test_reminders_lose_their_recipient_after_two_years(network: None) -> None:
    now = timezone.now()
    org = apps.get_model("directory", "Organization").objects.filter(kind="municipality").first()
    track = Track.objects.create(process="test.retention", subject_key="s:1", organization=org, label="Proceso")
    old = _message(track, sent_at=now - timedelta(days=2 * 365 + 1))
    recent = _message(track, sent_at=now - timedelta(days=2 * 365 - 1))

    assert _declaration("engagement.message").expire(now) == 1  # type: ignore[misc]
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.recipient_name, old.recipient_email, old.body) == ("", "", "")
    assert (old.level, old.role, old.outcome) == (1, "focal_point", "sent")  # the fact of the notice stays
    assert recent.recipient_email == "ana@municipio.cl" and recent.body
    # A second run finds nothing left to do.
    assert _declaration("engagement.message").expire(now) == 0  # type: ignore[misc]


def _event(*, ended_days_ago: int) -> Event:
    ends = timezone.now() - timedelta(days=ended_days_ago)
    return Event.objects.create(
        title=f"Evento de hace {ended_days_ago} días",
        description="…",
        starts_at=ends - timedelta(hours=3),
        ends_at=ends,
        capacity=50,
    )


def test_visitors_registrations_are_anonymised_a_year_after_the_event(users: dict) -> None:
    now = timezone.now()
    past, recent = _event(ended_days_ago=366), _event(ended_days_ago=300)
    visitor_old = EventRegistration.objects.create(event=past, full_name="Ana Pérez", email="ana@correo.cl")
    account_old = EventRegistration.objects.create(
        event=past, user=users["partner"], full_name="Con Cuenta", email="partner@demo.hublocal.cl"
    )
    visitor_recent = EventRegistration.objects.create(event=recent, full_name="Luis Soto", email="luis@correo.cl")

    assert _declaration("innovation.eventregistration").expire(now) == 1  # type: ignore[misc]
    visitor_old.refresh_from_db()
    assert visitor_old.full_name == registry.ERASED_NAME
    assert visitor_old.email == f"eliminado-{visitor_old.pk}@anonimo.invalid"
    account_old.refresh_from_db()
    visitor_recent.refresh_from_db()
    assert account_old.full_name == "Con Cuenta"
    assert visitor_recent.email == "luis@correo.cl"
    assert _declaration("innovation.eventregistration").expire(now) == 0  # type: ignore[misc]


def test_answered_requests_keep_only_their_kind_and_dates_after_six_years(users: dict) -> None:
    now = timezone.now()

    def request(status: str, decided_days_ago: int | None) -> DataSubjectRequest:
        return DataSubjectRequest.objects.create(
            user=users["partner"],
            kind="access",
            details="Soy Ana Pérez",
            reply_email="ana@correo.cl",
            status=status,
            due_on=timezone.localdate(),
            answer="Respondida" if decided_days_ago is not None else "",
            decided_at=now - timedelta(days=decided_days_ago) if decided_days_ago is not None else None,
        )

    old = request("answered", 6 * 365 + 1)
    recent = request("answered", 6 * 365 - 1)
    still_open = request("received", None)
    DataSubjectRequest.objects.filter(pk=still_open.pk).update(received_at=now - timedelta(days=7 * 365))

    assert _declaration("privacy.datasubjectrequest").expire(now) == 1  # type: ignore[misc]
    old.refresh_from_db()
    assert (old.user_id, old.reply_email, old.details, old.answer) == (None, "", "", "")
    assert old.kind == "access" and old.decided_at is not None
    recent.refresh_from_db()
    still_open.refresh_from_db()
    assert recent.reply_email and still_open.reply_email


def test_daily_run_applies_every_period_and_audits_the_counts(network: None) -> None:
    now = timezone.now()
    org = apps.get_model("directory", "Organization").objects.filter(kind="municipality").first()
    track = Track.objects.create(process="test.retention", subject_key="s:2", organization=org, label="Proceso")
    _message(track, sent_at=now - timedelta(days=800))

    counts = tasks.run_retention(now=now)

    expiring = {d.key for d in registry.personal_data() if d.expire is not None}
    assert set(counts) == expiring
    assert counts["engagement.message"] == 1
    event = AuditEvent.objects.filter(action="privacy.retention_run").order_by("-id").first()
    assert event is not None and event.actor is None and event.after is not None
    assert event.after["counts"] == counts


def test_one_failing_declaration_does_not_stop_the_others(network: None, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(now: Any) -> int:
        raise RuntimeError("table locked")

    failing = registry.PersonalData(
        key="zz.broken",
        model="engagement.Message",
        fields=("recipient_email",),
        purpose="x",
        legal_basis=registry.LegalBasis.LEGITIMATE_INTEREST,
        retention="x",
        recipients="x",
        export=lambda user: [],
        anonymise=lambda user: 0,
        retention_days=1,
        expire=broken,
    )
    monkeypatch.setitem(registry._PERSONAL_DATA, failing.key, failing)

    counts = tasks.run_retention()

    assert counts["zz.broken"] == -1
    assert counts["engagement.message"] >= 0


def test_the_periodic_task_runs(network: None) -> None:
    counts = tasks.retention_daily.call_local()
    assert isinstance(counts, dict) and "innovation.eventregistration" in counts


def test_audit_events_lose_their_author_after_six_years(users: dict) -> None:
    from hublocal.audit.appendonly import audit_trail_unlocked
    from hublocal.audit.services import audit_record

    now = timezone.now()
    user = users["analista"]
    old = audit_record(actor=user, action="test.old", object_type="test", object_repr="x")
    recent = audit_record(actor=user, action="test.recent", object_type="test", object_repr="x")
    # Back-dating is a test fixture's change the trail refuses to the application.
    with audit_trail_unlocked():
        AuditEvent.objects.filter(pk=old.pk).update(created_at=now - timedelta(days=6 * 365 + 1))

    assert _declaration("audit.auditevent").expire(now) >= 1  # type: ignore[misc]
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.actor_id is None and old.actor_username == registry.pseudonym(user.pk)
    assert (old.action, old.object_repr) == ("test.old", "x")
    assert recent.actor_id == user.pk and recent.actor_username == "analista"
    assert _declaration("audit.auditevent").expire(now) == 0  # type: ignore[misc]
