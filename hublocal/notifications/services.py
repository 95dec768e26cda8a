"""Writes of the inbox: notify people, mark notices read. Each in a transaction, each audited.

E-mail leaves on the task queue once the transaction commits, so a rolled-back decision never
mails anyone and a slow mail server never holds a request."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from hublocal.audit.services import audit_record

from .ics import ics_event
from .models import Notification

__all__ = ["ics_event", "notification_mark_read", "notifications_mark_all_read", "notify"]

TITLE_MAX = 200
URL_MAX = 500


@transaction.atomic
def notify(
    *,
    users: Iterable[Any],
    kind: str,
    title: str,
    body: str,
    url: str = "",
    ics: bytes | None = None,
    email: bool = True,
    dedupe_key: str = "",
) -> list[Notification]:
    """One inbox entry per user (an account that already got `dedupe_key` is skipped, also under
    concurrent calls: the unique constraint decides) and, when `email`, one e-mail each with the
    .ics attached if given, sent by the task queue after commit. Returns the entries created."""
    people = {u.pk: u for u in users if u is not None and getattr(u, "pk", None)}
    if not people:
        return []
    title = title.strip()[:TITLE_MAX]
    url = url[:URL_MAX]
    now = timezone.now()
    created: list[Notification] = []
    for user_id in sorted(people):
        row = Notification(
            user_id=user_id, kind=kind, title=title, body=body, url=url, created_at=now, dedupe_key=dedupe_key
        )
        if dedupe_key:
            # A savepoint per row: a repeat (another process got there first) skips this person only.
            try:
                with transaction.atomic():
                    row.save()
            except IntegrityError:
                continue
        else:
            row.save()
        created.append(row)
    if not created:
        return []
    audit_record(
        actor=None,
        action="notifications.notify",
        object_type="notifications.notification",
        object_id=str(created[0].pk),
        object_repr=title[:255],
        after={"kind": kind, "notifications": [n.pk for n in created], "email": email, "ics": bool(ics)},
    )
    if email:
        ids = [n.pk for n in created]
        from . import tasks

        transaction.on_commit(lambda: tasks.send_notification_emails(ids, ics))
    return created


@transaction.atomic
def notification_mark_read(*, actor: Any, notification: Notification) -> Notification:
    """Mark one of the actor's own notices read (already read: left as it was, not audited again).
    Precondition: the caller checked permissions.Action.MARK_READ on it."""
    if notification.read_at is not None:
        return notification
    notification.read_at = timezone.now()
    Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at)
    audit_record(
        actor=actor,
        action="notifications.mark_read",
        obj=notification,
        before={"read_at": None},
        after={"read_at": notification.read_at.isoformat()},
    )
    return notification


@transaction.atomic
def notifications_mark_all_read(*, actor: Any) -> int:
    """Mark every unread notice of the actor read; how many changed (one UPDATE)."""
    now = timezone.now()
    count = Notification.objects.filter(user_id=actor.pk, read_at__isnull=True).update(read_at=now)
    audit_record(
        actor=actor,
        action="notifications.mark_all_read",
        object_type="accounts.user",
        object_id=str(actor.pk),
        object_repr=actor.get_username(),
        after={"marked": count},
    )
    return count


def mark_emailed(ids: list[int]) -> None:
    """Remember that these notices went out by e-mail (bookkeeping of the task, not a decision)."""
    Notification.objects.filter(pk__in=ids).update(emailed_at=timezone.now())
