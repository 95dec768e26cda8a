"""The audit trail is append-only, in Python and in the database.

Three layers refuse to change or remove a recorded event:

1. `AuditEvent.save()` of an existing row and `AuditEvent.delete()` raise `AuditTrailImmutable`.
2. `AuditEvent.objects` (an `AuditEventQuerySet`) refuses `update()` and `delete()` the same way.
3. Database triggers (migration 0002) refuse UPDATE and DELETE on `audit_auditevent`, so raw SQL,
   `bulk_update`, the admin or a script on another connection cannot rewrite the trail either.

The triggers let exactly one kind of UPDATE through, for people's rights and account deletion:
a statement that changes nothing but `actor_id` to NULL (what `on_delete=SET_NULL` does when an
account is deleted) and/or `actor_username` to an anonymised value: '' or a pseudonym starting
with `ANONYMISED_PREFIX` (what `core.registry.pseudonym` returns). Every other column must stay
identical. In Python that path is `services.audit_anonymise_actor`.

The escape hatch, `audit_trail_unlocked()`, lifts all three layers for the current thread and
database connection. It exists for one purpose: wiping the whole database (`manage.py flush`,
which pytest-django runs after every `transaction=True` test; on SQLite flush is a plain DELETE
that the trigger would refuse, on PostgreSQL it is a TRUNCATE that row triggers never see) and
test fixtures that reset the trail. Application code must never use it. How the database knows:

- SQLite: the trigger's WHEN clause calls `hublocal_audit_unlocked()`, an SQL function this
  module registers on every connection Django opens (`register_sqlite_function`, connected to
  `connection_created` in AuditConfig.ready()). It reads a context variable of this thread. A
  connection opened outside Django (the sqlite3 shell) has no such function, so its UPDATE or
  DELETE fails too: the safe default.
- PostgreSQL: the trigger function reads the setting `hublocal.audit_unlocked`, which the
  context manager sets for the session and resets on exit.

This guards against mistakes and casual edits, not against the database owner, who can drop a
trigger; tamper-proofing against administrators needs a database role without UPDATE/DELETE on
the table (an operations task).

Note for future migrations of this app on SQLite: Django alters a SQLite table by rebuilding it,
which drops its triggers. A migration that alters `audit_auditevent` must install the triggers
again (re-run migration 0002's SQL); hublocal/audit/tests/test_append_only.py fails otherwise.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections

ANONYMISED_PREFIX = "persona-"
SQLITE_FUNCTION = "hublocal_audit_unlocked"
PG_SETTING = "hublocal.audit_unlocked"

_unlocked: ContextVar[bool] = ContextVar("hublocal_audit_unlocked", default=False)


class AuditTrailImmutable(Exception):
    """Raised on any attempt to change or delete a recorded audit event."""

    def __init__(self, what: str) -> None:
        super().__init__(
            f"The audit trail is append-only: {what} refused. Events are never changed or deleted; "
            "to erase a person's name use hublocal.audit.services.audit_anonymise_actor."
        )


def is_unlocked() -> bool:
    return _unlocked.get()


def is_anonymised_username(value: str) -> bool:
    """What the triggers accept as a new actor_username (kept in step with migration 0002)."""
    return value == "" or value.startswith(ANONYMISED_PREFIX)


@contextmanager
def audit_trail_unlocked(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Lift the append-only guards (flush and test fixtures only: see the module docstring)."""
    token = _unlocked.set(True)
    connection = connections[using]
    is_pg = connection.vendor == "postgresql"
    try:
        if is_pg:
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config(%s, 'on', false)", [PG_SETTING])
        yield
    finally:
        _unlocked.reset(token)
        if is_pg and connection.connection is not None and not connection.needs_rollback:
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config(%s, 'off', false)", [PG_SETTING])


def register_sqlite_function(sender: Any, connection: Any, **kwargs: Any) -> None:
    """connection_created receiver: give SQLite connections the function the triggers call."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_FUNCTION, 0, lambda: 1 if _unlocked.get() else 0)
