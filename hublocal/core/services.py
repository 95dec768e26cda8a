"""Writes of core itself: a message to the hub from the contact page.

Core is the lowest layer and cannot import the audit app: its writes are recorded through
`registry.record_event`, which the audit app fills with `audit_record` (as the backup does)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from . import registry
from .models import ContactMessage

# At most this many messages per client address per hour: enough for a person who writes
# again, too few for a script.
CONTACT_RATE_LIMIT = 5
CONTACT_RATE_WINDOW = 3600


@dataclass(frozen=True)
class ContactInput:
    name: str
    email: str
    topic: str
    message: str
    organization_name: str = ""


def _rate_key(client: str) -> str:
    return f"core:contact-rate:{client or 'unknown'}"


def contact_rate_exceeded(client: str) -> bool:
    return int(cache.get(_rate_key(client), 0)) >= getattr(settings, "CONTACT_RATE_LIMIT", CONTACT_RATE_LIMIT)


def _count_attempt(client: str) -> None:
    key = _rate_key(client)
    if cache.add(key, 1, CONTACT_RATE_WINDOW):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, CONTACT_RATE_WINDOW)


def contact_message_create(*, actor: Any, data: ContactInput, client: str) -> ContactMessage:
    """Store a message for the hub and queue its e-mail (sent after the commit, so a failed
    write sends nothing and a slow mail server never slows the page). Raises ValidationError
    when the client sent too many messages in the last hour or a field is invalid; nothing is
    written then."""
    if contact_rate_exceeded(client):
        raise ValidationError(
            _(
                "Recibimos varios mensajes desde su conexión en la última hora. Espere un momento e intente "
                "de nuevo, o escríbanos directamente a %(e)s."
            )
            % {"e": settings.HUB_CONTACT_EMAIL},
            code="rate_limited",
        )
    _count_attempt(client)
    message = ContactMessage(
        name=data.name.strip(),
        email=data.email.strip(),
        organization_name=data.organization_name.strip(),
        topic=data.topic,
        message=data.message.strip(),
    )
    message.full_clean()
    with transaction.atomic():
        message.save()
        # The audit trail says that a message came and about what; who wrote it and what it says
        # stay in the message, which is deleted at the end of its retention period.
        registry.record_event(
            actor=actor,
            action="core.contact_message",
            obj=message,
            object_repr=str(message.get_topic_display()),
            after={"topic": message.topic, "length": len(message.message)},
        )
        from .tasks import send_contact_message

        transaction.on_commit(lambda: send_contact_message(message.pk))
    return message


def contact_message_mark_sent(*, message: ContactMessage) -> None:
    from django.utils import timezone

    with transaction.atomic():
        ContactMessage.objects.filter(pk=message.pk).update(sent_at=timezone.now())
        registry.record_event(
            actor=None,
            action="core.contact_message_sent",
            obj=message,
            object_repr=str(message.get_topic_display()),
            after={"to": settings.HUB_CONTACT_EMAIL},
        )
