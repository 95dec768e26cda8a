"""Personal data held by core (Ley 21.719): messages sent to the hub from the contact page
(people without an account too).

Declared in CoreConfig.ready(); read by the privacy app (record, notice, rights, retention)."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from .models import ContactMessage
from .registry import LegalBasis, PersonalData, register_personal_data, row_export, subject_identifiers

CONTACT_FIELDS = ("name", "email", "organization_name", "topic", "created_at", "sent_at")
CONTACT_TEXT = ("message",)
CONTACT_RETENTION_DAYS = 365


def _messages(user: Any) -> QuerySet[ContactMessage]:
    # Contact messages have no account link: the person is found by the addresses they use.
    _names, emails = subject_identifiers(user)
    if not emails:
        return ContactMessage.objects.none()
    return ContactMessage.objects.filter(reduce(or_, (Q(email__iexact=e) for e in emails)))


def contact_export(user: Any) -> list[dict]:
    return [row_export(m, (*CONTACT_FIELDS, *CONTACT_TEXT)) for m in _messages(user)]


def contact_anonymise(user: Any) -> int:
    """A message is about its sender only: it goes whole."""
    deleted, _by_model = _messages(user).delete()
    return deleted


def contact_expire(now: datetime) -> int:
    deleted, _by_model = ContactMessage.objects.filter(
        created_at__lt=now - timedelta(days=CONTACT_RETENTION_DAYS)
    ).delete()
    return deleted


def register() -> None:
    register_personal_data(
        PersonalData(
            key="core.contact_message",
            model="core.ContactMessage",
            fields=CONTACT_FIELDS,
            free_text_fields=CONTACT_TEXT,
            purpose=_("Responder las consultas que las personas envían al Hub desde la página de contacto."),
            # Consent: the person writes to the hub and chooses what to tell it.
            legal_basis=LegalBasis.CONSENT,
            retention=_("Un año desde el envío; luego se borra el mensaje completo."),
            recipients=_("Equipo del Hub (el mensaje llega a su casilla de contacto)."),
            export=contact_export,
            anonymise=contact_anonymise,
            retention_days=CONTACT_RETENTION_DAYS,
            expire=contact_expire,
        )
    )
