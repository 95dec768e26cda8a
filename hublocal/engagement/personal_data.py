"""Personal data held by engagement (Ley 21.719): the log of reminders and escalation notices,
which names the official each one went to.

Declared in EngagementConfig.ready(); read by the privacy app (record, notice, rights, retention)."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from hublocal.core.registry import (
    ERASED_NAME,
    LegalBasis,
    PersonalData,
    register_personal_data,
    row_export,
    scrub,
    subject_identifiers,
)

from .models import Message

FIELDS = ("recipient_name", "recipient_email", "sent_at")
FREE_TEXT = ("subject", "body")
RETENTION_DAYS = 2 * 365


def _messages(user: Any) -> QuerySet[Message]:
    # Messages name their recipient by e-mail and name, not by account: the designated person may
    # have no account at all.
    names, emails = subject_identifiers(user)
    conditions = [Q(recipient_email__iexact=e) for e in emails] + [Q(recipient_name__iexact=n) for n in names]
    if not conditions:
        return Message.objects.none()
    return Message.objects.filter(reduce(or_, conditions))


def export(user: Any) -> list[dict]:
    return [row_export(m, ("track", "level", "role", *FIELDS, *FREE_TEXT, "outcome")) for m in _messages(user)]


def anonymise(user: Any) -> int:
    """The log stays (it is how the hub sees which chains broke) without the recipient."""
    names, emails = subject_identifiers(user)
    messages = list(_messages(user))
    for message in messages:
        message.recipient_name = ERASED_NAME if message.recipient_name else ""
        message.recipient_email = ""
        message.subject = scrub(message.subject, names + emails)
        message.body = scrub(message.body, names + emails)
    Message.objects.bulk_update(messages, ["recipient_name", "recipient_email", "subject", "body"])
    return len(messages)


def expire(now: datetime) -> int:
    """After two years the log keeps the fact (process, level, role, outcome) but not who it went
    to nor the text, which names them."""
    old = Message.objects.filter(sent_at__lt=now - timedelta(days=RETENTION_DAYS)).exclude(
        recipient_name="", recipient_email="", body=""
    )
    return old.update(recipient_name="", recipient_email="", body="")


def register() -> None:
    register_personal_data(
        PersonalData(
            key="engagement.message",
            model="engagement.Message",
            fields=FIELDS,
            free_text_fields=FREE_TEXT,
            purpose=_(
                "Recordar a los municipios los procesos pendientes y avisar a la administración municipal o a "
                "la alcaldía cuando no hay respuesta, dejando registro de cada aviso."
            ),
            # Public function: following up the municipalities' participation in the hub's programmes
            # is part of the public function those officials and the hub perform.
            legal_basis=LegalBasis.PUBLIC_FUNCTION,
            retention=_(
                "2 años desde el envío; luego se borran el destinatario y el texto y queda solo el hecho del aviso."
            ),
            recipients=_("Equipo del Hub y su municipio."),
            export=export,
            anonymise=anonymise,
            retention_days=RETENTION_DAYS,
            expire=expire,
        )
    )
