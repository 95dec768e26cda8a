"""`manage.py flush` that may empty the append-only audit trail.

Flush erases the whole database on purpose (pytest-django runs it after every
`transaction=True` test). On SQLite it is a DELETE, which the audit table's trigger refuses;
this command runs Django's flush with the trail's guards lifted (hublocal/audit/appendonly.py).
On PostgreSQL flush is a TRUNCATE, which row triggers never see, so nothing changes there."""

from typing import Any

from django.core.management.commands.flush import Command as FlushCommand

from hublocal.audit.appendonly import audit_trail_unlocked


class Command(FlushCommand):
    def handle(self, **options: Any) -> None:
        with audit_trail_unlocked(using=options["database"]):
            super().handle(**options)
