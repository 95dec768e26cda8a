"""Background jobs of the platform itself: the nightly backup."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task

from . import backup, registry

logger = logging.getLogger(__name__)

BACKUP_HOUR = 2
BACKUP_MINUTE = 0


def at_local_time(*, hour: int, minute: int) -> Callable[[datetime], bool]:
    """A Huey schedule that fires at hour:minute in the site's time zone (America/Santiago).

    Huey's own crontab compares against UTC (its default), so a fixed UTC hour would move by
    an hour twice a year with Chile's daylight saving time; this converts first."""
    zone = ZoneInfo(settings.TIME_ZONE)

    def validate(timestamp: datetime) -> bool:
        # Huey hands over a naive datetime: UTC when huey.utc (the default), else system local.
        aware = timestamp.replace(tzinfo=UTC) if HUEY.utc else timestamp.astimezone()
        local = aware.astimezone(zone)
        return local.hour == hour and local.minute == minute

    return validate


def run_backup() -> backup.BackupResult:
    """Make a backup now (the same as `manage.py backup`) and record it in the audit trail.

    A failed backup is recorded too (`core.backup_failed`), then the error is raised again so the
    worker logs it."""
    try:
        result = backup.backup_create()
    except backup.BackupError as exc:
        with transaction.atomic():
            registry.record_event(
                actor=None,
                action="core.backup_failed",
                object_type="core.backup",
                object_repr="backup",
                after={"error": str(exc)[:2000]},
            )
        logger.error("Backup failed: %s", exc)
        raise
    with transaction.atomic():
        registry.record_event(
            actor=None,
            action="core.backup",
            object_type="core.backup",
            object_id=result.path.name[:64],
            object_repr=str(result.path)[:255],
            after={
                "size": result.size,
                "sha256": result.sha256,
                "vendor": result.manifest["database"]["vendor"],
                "members": len(result.manifest["members"]),
                "deleted": [path.name for path in result.deleted],
            },
        )
    return result


@db_periodic_task(at_local_time(hour=BACKUP_HOUR, minute=BACKUP_MINUTE))
def backup_daily() -> str | None:
    """The nightly backup, when BACKUP_SCHEDULE_ENABLED (True in production, off elsewhere so
    development machines do not fill their disks); the archive's name."""
    if not getattr(settings, "BACKUP_SCHEDULE_ENABLED", False):
        return None
    return run_backup().path.name


@db_task(retries=3, retry_delay=300)
def send_contact_message(message_id: int) -> bool:
    """E-mail a contact-page message to the hub's address, with the sender as Reply-To so the
    team answers with one click. Retried when the mail server fails; False when the message was
    deleted meanwhile (retention, a data-subject request)."""
    from django.core.mail import EmailMessage
    from django.utils import translation

    from . import services
    from .models import ContactMessage

    message = ContactMessage.objects.filter(pk=message_id).first()
    if message is None:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        body = "\n".join(
            [
                f"Nombre: {message.name}",
                f"Correo: {message.email}",
                f"Organización: {message.organization_name or '—'}",
                f"Tema: {message.get_topic_display()}",
                "",
                message.message,
            ]
        )
        subject = f"[Hub Local · contacto] {message.get_topic_display()}"
    EmailMessage(subject=subject, body=body, to=[settings.HUB_CONTACT_EMAIL], reply_to=[message.email]).send(
        fail_silently=False
    )
    services.contact_message_mark_sent(message=message)
    return True
