"""Background jobs of the inbox: the e-mail copy of each notice."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from huey.contrib.djhuey import db_task

from hublocal.privacy import selectors as privacy_selectors

from . import selectors, services

logger = logging.getLogger(__name__)

ICS_FILENAME = "evento.ics"


@db_task()
def send_notification_emails(ids: list[int], ics: bytes | None = None) -> int:
    """E-mail each notice to its person (queued on commit by services.notify); returns how many
    went out. Skipped: accounts without an e-mail and people who asked to block the processing of
    their data (Ley 21.719) — they still find the notice in their inbox."""
    sent: list[int] = []
    for notification in selectors.notifications_to_email(ids):
        user = notification.user
        if not user.email or privacy_selectors.is_restricted_id(user.pk):
            continue
        body = notification.body
        if notification.url:
            body = f"{body}\n\n{selectors.absolute_url(notification.url)}"
        message = EmailMessage(
            subject=f"{notification.title} · Hub Local",
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[user.email],
        )
        if ics:
            message.attach(ICS_FILENAME, ics, "text/calendar; charset=utf-8; method=PUBLISH")
        try:
            message.send()
        except Exception:
            # One unreachable mailbox must not stop the others; the notice stays in the inbox.
            logger.exception("notifications: could not e-mail notification %s", notification.pk)
            continue
        sent.append(notification.pk)
    if sent:
        services.mark_emailed(sent)
    return len(sent)
