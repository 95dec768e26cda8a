"""Personal data held by the privacy app itself (Ley 21.719): the rights people exercise, the
blocking of their data, and the consents they give and withdraw.

Declared in PrivacyConfig.ready(); read by this same app (record, notice, rights, retention)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hublocal.core.registry import (
    LegalBasis,
    PersonalData,
    register_personal_data,
    row_export,
    scrub,
    subject_identifiers,
)

from .models import OPEN_STATUSES, Consent, DataSubjectRequest, ProcessingRestriction, RequestKind

REQUEST_FIELDS = ("user", "kind", "reply_email", "received_at", "status", "decided_by")
REQUEST_TEXT = ("details", "extension_reason", "answer")
RESTRICTION_FIELDS = ("user", "since", "lifted_at")
RESTRICTION_TEXT = ("reason",)
CONSENT_FIELDS = ("user", "text", "given_at", "withdrawn_at")
REQUEST_DAYS = 6 * 365


# ----------------------------------------------------------------------- data-subject requests


def request_export(user: Any) -> list[dict]:
    rows = DataSubjectRequest.objects.filter(user_id=user.pk)
    return [row_export(r, REQUEST_FIELDS + REQUEST_TEXT) for r in rows]


def request_anonymise(user: Any) -> int:
    """Requests are the proof that the hub answered in time: they stay, without the person's name
    in the texts. The reply address is kept only on an erasure still being answered (the answer goes
    there after the erasure); closed requests lose the account link too."""
    names, emails = subject_identifiers(user)
    rows = list(DataSubjectRequest.objects.filter(Q(user_id=user.pk) | Q(decided_by_id=user.pk)))
    for row in rows:
        for field in REQUEST_TEXT:
            setattr(row, field, scrub(getattr(row, field), names + emails))
        if row.decided_by_id == user.pk:
            row.decided_by = None
        if row.user_id == user.pk:
            answering = row.kind == RequestKind.ERASURE and row.status in OPEN_STATUSES
            if not answering:
                row.reply_email = ""
                row.user = None
    DataSubjectRequest.objects.bulk_update(rows, ["user", "decided_by", "reply_email", *REQUEST_TEXT])
    return len(rows)


def request_expire(now: datetime) -> int:
    """Six years after the answer (like the audit trail), a request keeps only its kind and dates."""
    old = DataSubjectRequest.objects.exclude(status__in=OPEN_STATUSES).filter(
        decided_at__lt=now - timedelta(days=REQUEST_DAYS)
    )
    old = old.exclude(user=None, reply_email="", details="", extension_reason="", answer="")
    return old.update(user=None, reply_email="", details="", extension_reason="", answer="")


# ------------------------------------------------------------------------------- blocking


def restriction_export(user: Any) -> list[dict]:
    rows = ProcessingRestriction.objects.filter(user_id=user.pk)
    return [row_export(r, RESTRICTION_FIELDS + RESTRICTION_TEXT) for r in rows]


def restriction_anonymise(user: Any) -> int:
    # Once the data are erased there is nothing left to keep blocked.
    return ProcessingRestriction.objects.filter(user_id=user.pk).delete()[0]


# -------------------------------------------------------------------------------- consent


def consent_export(user: Any) -> list[dict]:
    return [row_export(c, CONSENT_FIELDS) for c in Consent.objects.filter(user_id=user.pk)]


def consent_anonymise(user: Any) -> int:
    """Consents stay as the proof of what was accepted, withdrawn, on the anonymised account."""
    return Consent.objects.filter(user_id=user.pk, withdrawn_at__isnull=True).update(withdrawn_at=timezone.now())


def register() -> None:
    register_personal_data(
        PersonalData(
            key="privacy.datasubjectrequest",
            model="privacy.DataSubjectRequest",
            fields=REQUEST_FIELDS,
            free_text_fields=REQUEST_TEXT,
            purpose=_(
                "Atender las solicitudes de acceso, rectificación, supresión, oposición, portabilidad y bloqueo, "
                "y poder demostrar que se respondieron a tiempo."
            ),
            # Legal obligation: Ley 21.719 obliges the hub to answer these requests within its deadlines.
            legal_basis=LegalBasis.LEGAL_OBLIGATION,
            retention=_(
                "6 años desde la respuesta; luego queda solo el tipo de solicitud y sus fechas. Tras una supresión "
                "se conserva la solicitud sin el nombre de la persona."
            ),
            recipients=_(
                "Equipo del Hub (administración); la Agencia de Protección de Datos Personales si lo requiere."
            ),
            export=request_export,
            anonymise=request_anonymise,
            retention_days=REQUEST_DAYS,
            expire=request_expire,
        )
    )
    register_personal_data(
        PersonalData(
            key="privacy.processingrestriction",
            model="privacy.ProcessingRestriction",
            fields=RESTRICTION_FIELDS,
            free_text_fields=RESTRICTION_TEXT,
            purpose=_("Bloquear temporalmente el tratamiento de los datos de una persona cuando lo pide."),
            legal_basis=LegalBasis.LEGAL_OBLIGATION,
            retention=_("Mientras dure el bloqueo y se conserven los datos bloqueados."),
            recipients=_("Equipo del Hub (administración)."),
            export=restriction_export,
            anonymise=restriction_anonymise,
        )
    )
    register_personal_data(
        PersonalData(
            key="privacy.consent",
            model="privacy.Consent",
            fields=CONSENT_FIELDS,
            purpose=_("Saber qué consentimientos dio o retiró cada persona, con el texto exacto que aceptó."),
            # Legal obligation: the hub must be able to prove each consent it relies on.
            legal_basis=LegalBasis.LEGAL_OBLIGATION,
            retention=_("Mientras la cuenta exista; al suprimirla, los consentimientos quedan retirados."),
            recipients=_("Equipo del Hub (administración)."),
            export=consent_export,
            anonymise=consent_anonymise,
        )
    )
