"""Personal data held by innovation (Ley 21.719): questions asked on a call's public board and
registrations to solution-presentation events (visitors without an account too).

Declared in InnovationConfig.ready(); read by the privacy app (record, notice, rights, retention)."""

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

from .models import EventRegistration, Question

QUESTION_FIELDS = ("asked_by", "anonymous", "answered_by", "created_at")
QUESTION_TEXT = ("text",)
REGISTRATION_FIELDS = ("user", "full_name", "email", "organization_name", "attended", "created_at")
REGISTRATION_DAYS = 365


# -------------------------------------------------------------------------------- questions


def question_export(user: Any) -> list[dict]:
    rows = Question.objects.filter(Q(asked_by_id=user.pk) | Q(answered_by_id=user.pk))
    return [row_export(q, ("call", *QUESTION_FIELDS, *QUESTION_TEXT)) for q in rows]


def question_anonymise(user: Any) -> int:
    """Questions and answers stay on the board (every applicant must see the same answers); the
    asker's link and any name or address they wrote in the question go."""
    names, emails = subject_identifiers(user)
    asked = list(Question.objects.filter(asked_by_id=user.pk))
    for question in asked:
        question.text = scrub(question.text, names + emails)
        question.asked_by = None
        question.anonymous = True
    Question.objects.bulk_update(asked, ["text", "asked_by", "anonymous"])
    return len(asked) + Question.objects.filter(answered_by_id=user.pk).update(answered_by=None)


# ------------------------------------------------------------------------- event registrations


def _registrations(user: Any) -> QuerySet[EventRegistration]:
    # A visitor may have registered with the same e-mail before having an account.
    _names, emails = subject_identifiers(user)
    condition = reduce(or_, (Q(email__iexact=e) for e in emails), Q(user_id=user.pk))
    return EventRegistration.objects.filter(condition)


def registration_export(user: Any) -> list[dict]:
    return [row_export(r, ("event", *REGISTRATION_FIELDS)) for r in _registrations(user)]


def _erase_registrations(rows: list[EventRegistration]) -> int:
    """Keep the row (attendance figures of the event) without the person. The address becomes a
    per-row placeholder on the reserved .invalid domain: an event allows each address once."""
    for row in rows:
        row.user = None
        row.full_name = ERASED_NAME
        row.email = f"eliminado-{row.pk}@anonimo.invalid"
        row.organization_name = ""
    EventRegistration.objects.bulk_update(rows, ["user", "full_name", "email", "organization_name"])
    return len(rows)


def registration_anonymise(user: Any) -> int:
    return _erase_registrations(list(_registrations(user)))


def registration_expire(now: datetime) -> int:
    """Visitors without an account are anonymised a year after the event; an account holder's
    registrations stay in their account's history until the account is erased."""
    rows = EventRegistration.objects.filter(
        user__isnull=True, event__ends_at__lt=now - timedelta(days=REGISTRATION_DAYS)
    ).exclude(email__endswith="@anonimo.invalid")
    return _erase_registrations(list(rows))


def register() -> None:
    register_personal_data(
        PersonalData(
            key="innovation.question",
            model="innovation.Question",
            fields=QUESTION_FIELDS,
            free_text_fields=QUESTION_TEXT,
            purpose=_(
                "Responder públicamente las preguntas sobre una convocatoria, igual para todos los postulantes; "
                "quien pregunta puede quedar anónimo para todos salvo el Hub."
            ),
            # Legitimate interest: answering the questions of whoever may apply keeps the call fair;
            # the asker chooses to ask and may stay anonymous.
            legal_basis=LegalBasis.LEGITIMATE_INTEREST,
            retention=_(
                "Mientras la convocatoria esté publicada y su historial; a pedido de la persona se corta el "
                "vínculo con su cuenta y se borra su nombre del texto."
            ),
            recipients=_(
                "Equipo del Hub; la pregunta y la respuesta son públicas, el autor solo si no pidió anonimato."
            ),
            export=question_export,
            anonymise=question_anonymise,
        )
    )
    register_personal_data(
        PersonalData(
            key="innovation.eventregistration",
            model="innovation.EventRegistration",
            fields=REGISTRATION_FIELDS,
            purpose=_(
                "Inscribir a las personas en los eventos de presentación de soluciones y registrar su asistencia."
            ),
            # Consent: registering is the person's own, optional choice.
            legal_basis=LegalBasis.CONSENT,
            retention=_(
                "Visitantes sin cuenta: 1 año después del evento, luego se anonimiza. Con cuenta: mientras la "
                "cuenta exista."
            ),
            recipients=_("Equipo del Hub y quienes organizan el evento."),
            export=registration_export,
            anonymise=registration_anonymise,
            retention_days=REGISTRATION_DAYS,
            expire=registration_expire,
        )
    )
