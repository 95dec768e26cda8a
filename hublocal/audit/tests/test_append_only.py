"""The trail is append-only in Python and in the database (SQLite here; PostgreSQL with
DATABASE_URL=postgres://…: the same tests run against its trigger)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from hublocal.audit import services
from hublocal.audit.appendonly import AuditTrailImmutable, audit_trail_unlocked
from hublocal.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(users) -> AuditEvent:
    return services.audit_record(
        actor=users["staff"],
        action="test.something",
        object_type="test.thing",
        object_id="7",
        object_repr="Cosa",
        before={"a": 1},
        after={"a": 2},
    )


def _raw(sql: str, params: list) -> None:
    # A savepoint, so the refused statement does not break the test's transaction.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def _fresh(event: AuditEvent) -> AuditEvent:
    return AuditEvent.objects.get(pk=event.pk)


# ---------------------------------------------------------------------------- Python layer


def test_saving_an_existing_event_is_refused(event):
    event.action = "test.rewritten"
    with pytest.raises(AuditTrailImmutable, match="append-only"):
        event.save()
    assert _fresh(event).action == "test.something"


def test_deleting_an_event_is_refused(event):
    with pytest.raises(AuditTrailImmutable):
        event.delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_queryset_update_and_delete_are_refused(event):
    with pytest.raises(AuditTrailImmutable):
        AuditEvent.objects.filter(pk=event.pk).update(action="test.rewritten")
    with pytest.raises(AuditTrailImmutable):
        AuditEvent.objects.filter(pk=event.pk).delete()
    # bulk_update runs in its own atomic block: keep the test's transaction usable.
    with pytest.raises(AuditTrailImmutable), transaction.atomic():
        AuditEvent.objects.bulk_update([event], ["action"])
    assert _fresh(event).action == "test.something"


def test_new_events_are_still_written(users):
    before = AuditEvent.objects.count()
    services.audit_record(actor=users["staff"], action="test.new", object_type="test.thing")
    AuditEvent.objects.bulk_create([AuditEvent(action="test.bulk", object_type="test.thing")])
    assert AuditEvent.objects.count() == before + 2


# ---------------------------------------------------------------------------- database layer


def test_triggers_are_installed():
    if connection.vendor == "sqlite":
        sql = "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_auditevent'"
    else:
        sql = "SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_auditevent'::regclass AND NOT tgisinternal"
    with connection.cursor() as cursor:
        cursor.execute(sql)
        names = {row[0] for row in cursor.fetchall()}
    # A migration that rebuilds the table on SQLite drops them: it must install them again.
    assert names, "the append-only triggers are missing"


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("action", "test.rewritten"),
        ("object_repr", "Otra cosa"),
        ("object_id", "8"),
        ("actor_username", "otra-persona"),  # not a pseudonym: rewriting who did it
        ("created_at", "2020-01-01 00:00:00"),
    ],
)
def test_raw_sql_update_is_refused(event, column, value):
    with pytest.raises(DatabaseError, match="append-only"):
        _raw(f"UPDATE audit_auditevent SET {column} = %s WHERE id = %s", [value, event.pk])  # noqa: S608
    assert _fresh(event).action == "test.something"


def test_raw_sql_update_of_json_is_refused(event):
    cast = "::jsonb" if connection.vendor == "postgresql" else ""
    with pytest.raises(DatabaseError, match="append-only"):
        _raw(f"UPDATE audit_auditevent SET after = %s{cast} WHERE id = %s", ['{"a": 3}', event.pk])  # noqa: S608
    assert _fresh(event).after == {"a": 2}


def test_raw_sql_delete_is_refused(event):
    with pytest.raises(DatabaseError, match="append-only"):
        _raw("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    with pytest.raises(DatabaseError, match="append-only"):
        _raw("DELETE FROM audit_auditevent", [])
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_raw_sql_may_only_anonymise_the_actor(event):
    sql = "UPDATE audit_auditevent SET actor_id = NULL, actor_username = %s WHERE id = %s"
    _raw(sql, ["persona-0a1b2c3d", event.pk])
    fresh = _fresh(event)
    assert (fresh.actor_id, fresh.actor_username, fresh.action, fresh.after) == (
        None,
        "persona-0a1b2c3d",
        "test.something",
        {"a": 2},
    )
    # Mixed with any other change, the whole statement is refused.
    with pytest.raises(DatabaseError, match="append-only"):
        _raw("UPDATE audit_auditevent SET actor_username = '', action = 'x' WHERE id = %s", [event.pk])


def test_deleting_an_account_keeps_its_events_without_the_link(event, users):
    user = get_user_model().objects.create_user(username="temporal", password="una-clave-larga-123", role="hub_analyst")
    mine = services.audit_record(actor=user, action="test.mine", object_type="test.thing")
    user.delete()
    fresh = _fresh(mine)
    assert (fresh.actor_id, fresh.actor_username, fresh.action) == (None, "temporal", "test.mine")


def test_escape_hatch_lifts_every_layer(event):
    with audit_trail_unlocked():
        _raw("UPDATE audit_auditevent SET action = 'test.fixed' WHERE id = %s", [event.pk])
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert not AuditEvent.objects.filter(pk=event.pk).exists()
    # And the guards are back afterwards.
    other = AuditEvent.objects.create(action="test.after", object_type="test.thing")
    with pytest.raises(DatabaseError, match="append-only"):
        _raw("DELETE FROM audit_auditevent WHERE id = %s", [other.pk])


# ---------------------------------------------------------------------------- anonymisation


def test_anonymise_actor_replaces_the_name_and_records_itself(users):
    santiago = users["santiago"]
    mine = services.audit_record(actor=santiago, action="test.mine", object_type="test.thing", after={"x": 1})
    count = services.audit_anonymise_actor(user_id=santiago.pk, replacement="persona-12345678", actor=users["staff"])
    assert count >= 1
    fresh = _fresh(mine)
    assert (fresh.actor_id, fresh.actor_username, fresh.action, fresh.after) == (
        None,
        "persona-12345678",
        "test.mine",
        {"x": 1},
    )
    assert not AuditEvent.objects.filter(actor_username="santiago").exclude(action="audit.actor_anonymise").exists()
    record = AuditEvent.objects.filter(action="audit.actor_anonymise").latest("id")
    assert (record.actor_id, record.object_id, record.after["events"]) == (users["staff"].pk, str(santiago.pk), count)


def test_anonymise_requested_by_the_person_does_not_name_them(users):
    santiago = users["santiago"]
    services.audit_anonymise_actor(user_id=santiago.pk, replacement="persona-12345678", actor=santiago)
    record = AuditEvent.objects.filter(action="audit.actor_anonymise").latest("id")
    assert (record.actor_id, record.actor_username) == (None, "")
    assert record.after["requested_by_subject"] is True


@pytest.mark.parametrize("replacement", ["otro-nombre", "persona-" + "x" * 200])
def test_anonymise_refuses_a_replacement_that_is_not_a_pseudonym(users, replacement):
    with pytest.raises(ValidationError):
        services.audit_anonymise_actor(user_id=users["santiago"].pk, replacement=replacement)


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="PostgreSQL flushes with TRUNCATE, which row triggers never see"
)
def test_flush_may_empty_the_trail(event):
    """`manage.py flush` (run by pytest-django after `transaction=True` tests) is the one
    sanctioned wipe: on SQLite it is a DELETE the trigger would refuse (our flush lifts the
    guard). Run inside this test's transaction, so the rollback brings every row back
    (sequences are left alone for that)."""
    call_command("flush", interactive=False, reset_sequences=False, inhibit_post_migrate=True, verbosity=0)
    assert not AuditEvent.objects.exists()
