"""Writes of certificates: issue (a service other apps call), build the PDF (task queue),
revoke (hub administrators, with a reason). Each in a transaction, each audited.

A certificate is never edited afterwards; its signed credential stays as issued (revocation is
published by the verification page and API, which credentialStatus points to)."""

from __future__ import annotations

import secrets
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hublocal.audit.services import audit_record, snapshot
from hublocal.notifications import services as notification_services

from . import codes, credential, pdf
from .models import Certificate

AUDIT_FIELDS = [
    "code",
    "holder_user",
    "title",
    "hours",
    "start_date",
    "end_date",
    "completion_date",
    "issuer",
    "source",
    "source_id",
    "revoked_at",
    "revocation_reason",
]
REASON_MIN = 10
REASON_MAX = 2000
CODE_ATTEMPTS = 8


def _clean_signatories(signatories: list[dict[str, Any]]) -> list[dict[str, str]]:
    cleaned = []
    for s in signatories or []:
        name = str((s or {}).get("name", "")).strip()
        if not name:
            raise ValidationError({"signatories": _("Cada firmante necesita un nombre.")})
        cleaned.append({"name": name[:200], "position": str(s.get("position", "")).strip()[:200]})
    if len(cleaned) > 4:
        raise ValidationError({"signatories": _("Un certificado lleva como máximo cuatro firmantes.")})
    return cleaned


def _check_facts(
    *, holder_name: str, title: str, hours: Any, start_date: date, end_date: date, completion_date: date, issuer: str
) -> Decimal:
    errors: dict[str, str] = {}
    if not holder_name.strip():
        errors["holder_name"] = _("Falta el nombre de la persona titular.")
    if not title.strip():
        errors["title"] = _("Falta el nombre del programa.")
    if not issuer.strip():
        errors["issuer_name"] = _("Falta la institución emisora.")
    try:
        value = Decimal(str(hours)).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError):
        value = Decimal(0)
    if value <= 0 or value >= 100000:
        errors["hours"] = _("Las horas deben ser un número mayor que cero.")
    if end_date < start_date:
        errors["end_date"] = _("El término no puede ser anterior al inicio.")
    if completion_date < start_date:
        errors["completion_date"] = _("La fecha de aprobación no puede ser anterior al inicio del programa.")
    if errors:
        raise ValidationError(errors)
    return value


def certificate_issue(
    *,
    actor: Any,
    holder_user: Any,
    holder_name: str,
    title: str,
    hours: Decimal | int,
    start_date: date,
    end_date: date,
    completion_date: date,
    issuer_name: str,
    signatories: list[dict[str, Any]],
    source: str,
    source_id: int,
    language: str = "es",
) -> Certificate:
    """Issue a certificate with a new unique code and its signed Open Badges 3.0 credential; the
    PDF is built by the task queue and the holder is notified once the transaction commits.

    Idempotent per (source, source_id, holder_user): issuing again (also concurrently) returns the
    certificate already issued, unchanged. Raises ValidationError for missing or inconsistent
    facts (no name, hours ≤ 0, dates out of order)."""
    hours_value = _check_facts(
        holder_name=holder_name,
        title=title,
        hours=hours,
        start_date=start_date,
        end_date=end_date,
        completion_date=completion_date,
        issuer=issuer_name,
    )
    if holder_user is not None:
        existing = Certificate.objects.filter(source=source, source_id=source_id, holder_user=holder_user).first()
        if existing is not None:
            return existing
    clean_signatories = _clean_signatories(signatories)
    for _attempt in range(CODE_ATTEMPTS):
        try:
            with transaction.atomic():
                certificate = _create(
                    actor=actor,
                    holder_user=holder_user,
                    holder_name=holder_name.strip()[:200],
                    title=title.strip()[:300],
                    hours=hours_value,
                    start_date=start_date,
                    end_date=end_date,
                    completion_date=completion_date,
                    issuer=issuer_name.strip()[:300],
                    signatories=clean_signatories,
                    source=source,
                    source_id=source_id,
                    language=language,
                )
            return certificate
        except IntegrityError:
            # Either another request issued the same certificate first (return theirs) or the
            # random code collided (try another one).
            if holder_user is not None:
                existing = Certificate.objects.filter(
                    source=source, source_id=source_id, holder_user=holder_user
                ).first()
                if existing is not None:
                    return existing
    raise RuntimeError("could not find a free certificate code")


def _create(*, actor: Any, holder_user: Any, **facts: Any) -> Certificate:
    now = timezone.now()
    certificate = Certificate(
        code=codes.new_code(),
        holder_user=holder_user,
        organization_id=getattr(holder_user, "organization_id", None),
        issued_at=now,
        issued_by=actor if getattr(actor, "is_authenticated", False) else None,
        **facts,
    )
    certificate.full_clean(validate_unique=False, validate_constraints=False)
    certificate.credential = credential.signed(certificate, at=now)
    certificate.save()
    audit_record(actor=actor, action="certificates.issue", obj=certificate, after=snapshot(certificate, AUDIT_FIELDS))
    pk = certificate.pk
    from . import tasks

    transaction.on_commit(lambda: tasks.build_certificate_pdf(pk))
    if holder_user is not None:
        notification_services.notify(
            users=[holder_user],
            kind="certificates.issued",
            title=_("Certificado emitido: %(t)s") % {"t": certificate.title},
            body=_(
                "Su certificado de «%(t)s» está disponible. Código de verificación: %(c)s. Puede descargar el PDF "
                "y la credencial digital desde «Mis certificados»."
            )
            % {"t": certificate.title, "c": codes.display(certificate.code)},
            url=credential.mine_path(),
            dedupe_key=f"certificates.issued:{pk}",
        )
    return certificate


def certificate_build_pdf(*, certificate_id: int) -> Certificate | None:
    """Draw the certificate's PDF and store it under a random name (the file is private: served
    only to the holder and the hub). Run by the task queue after issue; again after an erasure
    request would leave the old name on paper, so an erased certificate gets none."""
    certificate = Certificate.objects.filter(pk=certificate_id).first()
    if certificate is None or certificate.holder_erased:
        return None
    content = pdf.render(certificate)
    name = f"certificado-{certificate.code}-{secrets.token_hex(8)}.pdf"
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate_id)
        old = locked.pdf.name
        locked.pdf.save(name, ContentFile(content), save=False)
        Certificate.objects.filter(pk=certificate_id).update(pdf=locked.pdf.name)
        if old:
            storage = locked.pdf.storage
            transaction.on_commit(lambda: storage.delete(old))
    return locked


@transaction.atomic
def certificate_revoke(*, actor: Any, certificate: Certificate, reason: str) -> Certificate:
    """Revoke with a reason the verification page shows publicly (so it must say why without
    personal details). Refused (ValidationError) without a reason or when already revoked.
    Precondition: the caller checked permissions.Action.REVOKE."""
    reason = (reason or "").strip()
    if len(reason) < REASON_MIN:
        raise ValidationError(
            {"reason": _("Indique el motivo de la revocación (al menos %(n)s caracteres).") % {"n": REASON_MIN}}
        )
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": _("El motivo admite hasta %(n)s caracteres.") % {"n": REASON_MAX}})
    locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if locked.revoked_at is not None:
        raise ValidationError(_("Este certificado ya fue revocado el %(d)s.") % {"d": locked.revoked_at.date()})
    before = snapshot(locked, AUDIT_FIELDS)
    locked.revoked_at = timezone.now()
    locked.revoked_by = actor
    locked.revocation_reason = reason
    locked.save(update_fields=["revoked_at", "revoked_by", "revocation_reason"])
    audit_record(
        actor=actor, action="certificates.revoke", obj=locked, before=before, after=snapshot(locked, AUDIT_FIELDS)
    )
    if locked.holder_user_id is not None:
        notification_services.notify(
            users=[locked.holder_user],
            kind="certificates.revoked",
            title=_("Certificado revocado: %(t)s") % {"t": locked.title},
            body=_("El Hub revocó su certificado %(c)s. Motivo: %(r)s")
            % {"c": codes.display(locked.code), "r": reason},
            url=credential.verify_path(locked.code),
            dedupe_key=f"certificates.revoked:{locked.pk}",
        )
    certificate.revoked_at, certificate.revoked_by, certificate.revocation_reason = (
        locked.revoked_at,
        locked.revoked_by,
        locked.revocation_reason,
    )
    return locked


def certificate_withhold_holder(*, certificate: Certificate) -> None:
    """After the holder's erasure request: the certificate stays verifiable ("valid, holder's name
    withheld"), its credential is signed again without the name and the PDF (which prints the
    name) is deleted. Precondition: inside the erasure's transaction (privacy.services)."""
    certificate.holder_erased = True
    certificate.holder_name = credential.WITHHELD[:200]
    certificate.holder_user = None
    certificate.credential = credential.signed(certificate, at=timezone.now())
    old = certificate.pdf.name
    certificate.pdf = ""
    certificate.save(update_fields=["holder_erased", "holder_name", "holder_user", "credential", "pdf"])
    if old:
        storage = Certificate._meta.get_field("pdf").storage
        transaction.on_commit(lambda: storage.delete(old))
