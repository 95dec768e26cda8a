"""Daily reminder to the hub's administrators about data-subject requests close to their legal
deadline or past it.

A separate module from tasks.py (the retention jobs): huey's autodiscovery imports only
`tasks` modules, so PrivacyConfig.ready() imports this one to register the periodic task."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import selectors

logger = logging.getLogger(__name__)


def send_request_reminders() -> int:
    """E-mail every hub administrator one list of the requests due within
    selectors.REMINDER_DAYS days or overdue; the number of requests listed (0: no mail)."""
    due = selectors.requests_needing_reminder()
    recipients = selectors.hub_admin_emails()
    if not due or not recipients:
        return len(due) if recipients else 0
    today = timezone.localdate()
    with override(settings.LANGUAGE_CODE):
        lines = []
        for r in due:
            state = _("VENCIDA") if r.is_overdue(today) else _("vence")
            lines.append(f"- {r.get_kind_display()} n.º {r.pk}: {state} {r.due_on:%d-%m-%Y}")
        body = "\n".join(
            [
                _("Solicitudes de derechos sobre datos personales que vencen pronto o ya vencieron:"),
                "",
                *lines,
                "",
                _("Cola de solicitudes: %(url)s") % {"url": reverse("privacy:request_queue")},
            ]
        )
        subject = _("Hub Local: %(n)s solicitudes de datos personales por vencer") % {"n": len(due)}
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    except Exception:
        # Logged, not raised: the next day's run tries again and the queue shows the same list.
        logger.exception("Could not send the privacy requests reminder")
    return len(due)


# 07:40 Santiago time (the scheduler runs in TIME_ZONE): before the working day starts.
@db_periodic_task(crontab(hour="7", minute="40"))
def remind_privacy_requests_daily() -> int:
    return send_request_reminders()
