"""Privacy writes: data-subject requests and their answers (erasure and blocking included),
consent, the breach register, and the audited delivery of a person's data.

Every function is keyword-only, atomic and audited. Refusals raise ValidationError with a
message a person understands; nothing is written then."""

from __future__ import annotations

import io
import json
import logging
import zipfile
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.mail import send_mail
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from hublocal.audit.services import audit_record, snapshot
from hublocal.core import registry
from hublocal.core.csvexport import csv_chunks
from hublocal.directory import services as directory_services

from . import consent_texts, selectors
from .models import (
    OPEN_STATUSES,
    Breach,
    Consent,
    ConsentText,
    DataSubjectRequest,
    ProcessingRestriction,
    RequestKind,
    RequestStatus,
    request_days,
)

logger = logging.getLogger(__name__)

REQUEST_FIELDS = [
    "kind",
    "status",
    "due_on",
    "started_at",
    "extended_at",
    "extension_reason",
    "answer",
    "decided_by",
    "decided_at",
]
BREACH_FIELDS = [
    "title",
    "description",
    "detected_at",
    "data_categories",
    "people_affected",
    "measures",
    "authority_notified_at",
    "people_notified_at",
]
# Rights whose request must say what to change or why: without it the hub cannot act.
DETAILS_REQUIRED = (RequestKind.RECTIFICATION, RequestKind.OBJECTION)
# The consent that makes a person's directory profile public (name, position, organisation).
PUBLIC_PROFILE = "public_profile"
MAX_DETAILS = 4000


def _kind_error(kind: str) -> ValidationError:
    valid = ", ".join(RequestKind.values)
    return ValidationError(
        {"kind": [_("Tipo de solicitud desconocido: «%(k)s». Use uno de: %(v)s.") % {"k": kind, "v": valid}]}
    )


# ----------------------------------------------------------------------------- requests


@transaction.atomic
def request_create(
    *, user: Any, kind: str, details: str = "", purpose: str = "", now: datetime | None = None
) -> DataSubjectRequest:
    """Record a request; the deadline runs from now (PRIVACY_REQUEST_DAYS calendar days).

    Portability is answered at once (the ZIP on /cuenta/mis-datos/ is the answer). An objection
    naming a consent purpose withdraws that consent at once. Raises ValidationError for an
    unknown kind, missing details where the right needs them, or an unknown purpose."""
    now = now or timezone.now()
    if kind not in RequestKind.values:
        raise _kind_error(str(kind)[:40])
    details = (details or "").strip()
    if kind in DETAILS_REQUIRED and not details:
        raise ValidationError(
            {"details": [_("Cuéntenos qué dato quiere corregir o por qué se opone; sin eso no podemos actuar.")]}
        )
    if len(details) > MAX_DETAILS:
        raise ValidationError({"details": [_("Máximo %(n)s caracteres.") % {"n": MAX_DETAILS}]})
    purpose = (purpose or "").strip()
    if purpose and (kind != RequestKind.OBJECTION or purpose not in selectors.consent_purposes()):
        raise ValidationError({"purpose": [_("Esa finalidad no existe o no admite oposición.")]})
    request = DataSubjectRequest(
        user=user,
        kind=kind,
        details=details,
        purpose=purpose,
        reply_email=getattr(user, "email", "") or "",
        received_at=now,
        due_on=timezone.localdate(now) + timedelta(days=request_days()),
    )
    request.full_clean()
    request.save()
    audit_record(actor=user, action="privacy.request_create", obj=request, after=snapshot(request, ["kind", "due_on"]))
    if kind == RequestKind.PORTABILITY:
        # The person downloads the ZIP themselves: the right is satisfied at once, no hub step.
        _close(
            request,
            actor=None,
            status=RequestStatus.ANSWERED,
            answer=_("Sus datos están disponibles de inmediato como archivo ZIP (JSON y CSV) en «Mis datos»."),
            now=now,
        )
    elif kind == RequestKind.OBJECTION and purpose and selectors.has_consent(user, purpose):
        consent_withdraw(user=user, purpose=purpose, now=now)
    return request


def _lock(request: DataSubjectRequest) -> DataSubjectRequest:
    return DataSubjectRequest.objects.select_for_update().get(pk=request.pk)


def _require_open(request: DataSubjectRequest) -> None:
    if request.status not in OPEN_STATUSES:
        raise ValidationError(_("Esta solicitud ya fue respondida; no se puede modificar."))


@transaction.atomic
def request_start(*, actor: Any, request: DataSubjectRequest, now: datetime | None = None) -> DataSubjectRequest:
    """received → in_progress. Raises ValidationError if it is not just received."""
    locked = _lock(request)
    if locked.status != RequestStatus.RECEIVED:
        raise ValidationError(_("Solo una solicitud recién recibida se puede poner en curso."))
    before = snapshot(locked, REQUEST_FIELDS)
    locked.status = RequestStatus.IN_PROGRESS
    locked.started_at = now or timezone.now()
    locked.full_clean()
    locked.save()
    audit_record(
        actor=actor, action="privacy.request_start", obj=locked, before=before, after=snapshot(locked, REQUEST_FIELDS)
    )
    return locked


@transaction.atomic
def request_extend(
    *, actor: Any, request: DataSubjectRequest, reason: str, now: datetime | None = None
) -> DataSubjectRequest:
    """Extend the deadline once by PRIVACY_REQUEST_DAYS days; the reason is mandatory (the person
    is told why). Raises ValidationError on a second extension, an empty reason or a closed request."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Indique el motivo de la prórroga: se le comunicará a la persona.")]})
    locked = _lock(request)
    _require_open(locked)
    if locked.extended_at is not None:
        raise ValidationError(_("El plazo ya se prorrogó una vez; la ley no permite una segunda prórroga."))
    before = snapshot(locked, REQUEST_FIELDS)
    locked.extended_at = now or timezone.now()
    locked.extension_reason = reason
    locked.due_on = locked.due_on + timedelta(days=request_days())
    locked.full_clean()
    locked.save()
    audit_record(
        actor=actor, action="privacy.request_extend", obj=locked, before=before, after=snapshot(locked, REQUEST_FIELDS)
    )
    return locked


@transaction.atomic
def request_answer(
    *, actor: Any, request: DataSubjectRequest, approve: bool, answer: str, now: datetime | None = None
) -> DataSubjectRequest:
    """Answer a request: approve (answered) or reject (rejected, the answer is the reason).

    Approving an erasure runs every registered `anonymise(user)` in this transaction; approving a
    blocking request sets a ProcessingRestriction. The answer is e-mailed, after commit, to the
    address captured with the request. Raises ValidationError if the request is already closed
    or the answer is empty."""
    now = now or timezone.now()
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": [_("Escriba la respuesta que recibirá la persona.")]})
    locked = _lock(request)
    _require_open(locked)
    if approve and locked.user_id is not None:
        if locked.kind == RequestKind.ERASURE:
            _erase(actor=actor, request=locked)
            # The anonymisers scrubbed this request's own texts too: save over those, not over
            # the copy read before the erasure.
            locked.refresh_from_db()
        elif locked.kind == RequestKind.BLOCKING:
            _restrict(actor=actor, request=locked, reason=locked.details or answer, now=now)
    _close(
        locked,
        actor=actor,
        status=RequestStatus.ANSWERED if approve else RequestStatus.REJECTED,
        answer=answer,
        now=now,
    )
    return locked


def _close(request: DataSubjectRequest, *, actor: Any, status: str, answer: str, now: datetime) -> None:
    before = snapshot(request, REQUEST_FIELDS)
    request.status = status
    request.answer = answer
    request.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    request.decided_at = now
    request.full_clean()
    request.save()
    audit_record(
        actor=actor,
        action="privacy.request_answer",
        obj=request,
        before=before,
        after=snapshot(request, REQUEST_FIELDS),
    )
    if request.reply_email:
        subject = _("Respuesta a su solicitud de %(kind)s · Hub Local") % {"kind": request.get_kind_display().lower()}
        body = "\n\n".join(
            [
                _("Solicitud n.º %(n)s, recibida el %(d)s.")
                % {"n": request.pk, "d": timezone.localtime(request.received_at).strftime("%d-%m-%Y")},
                str(request.get_status_display()),
                answer,
                _("Hub Nacional de Gobierno Local · AMUCH"),
            ]
        )
        to = request.reply_email
        transaction.on_commit(lambda: _mail(subject, body, to))


def _mail(subject: str, body: str, to: str) -> None:
    # A mail server outage must not undo an answer already recorded; the queue shows it anyway.
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
    except Exception:
        logger.exception("Could not e-mail a privacy answer")


def _erase(*, actor: Any, request: DataSubjectRequest) -> int:
    """Every app anonymises or deletes the person's rows; one failure undoes them all."""
    touched = registry.anonymise_subject(request.user)
    audit_record(
        actor=actor,
        action="privacy.erasure",
        object_type="accounts.user",
        object_id=str(request.user_id),
        object_repr=str(_("Supresión por solicitud n.º %(n)s") % {"n": request.pk}),
        after={"request": request.pk, "rows": touched},
    )
    return sum(touched.values())


def _restrict(*, actor: Any, request: DataSubjectRequest, reason: str, now: datetime) -> ProcessingRestriction:
    restriction = ProcessingRestriction(user=request.user, since=now, reason=reason[:2000], request=request)
    restriction.full_clean()
    restriction.save()
    audit_record(
        actor=actor,
        action="privacy.restriction_set",
        obj=restriction,
        object_repr=str(_("Bloqueo por solicitud n.º %(n)s") % {"n": request.pk}),
        after={"user": request.user_id, "request": request.pk},
    )
    return restriction


# ----------------------------------------------------------------------------- consent


@transaction.atomic
def consent_text_publish(*, actor: Any, purpose: str, version: int, title: str, text: str) -> ConsentText:
    """Publish a new version of a consent text. Published texts never change: a version that
    already exists is refused."""
    if ConsentText.objects.filter(purpose=purpose, version=version).exists():
        raise ValidationError(_("Esa versión ya está publicada y no se puede cambiar; publique una nueva."))
    consent_text = ConsentText(purpose=purpose, version=version, title=title, text=text)
    consent_text.full_clean()
    consent_text.save()
    audit_record(actor=actor, action="privacy.consent_text_publish", obj=consent_text)
    return consent_text


@transaction.atomic
def consent_texts_ensure() -> int:
    """Publish the standard consent texts (consent_texts.TEXTS) this database lacks; the number
    published. Existing versions are left as they are: published texts never change."""
    published = 0
    for entry in consent_texts.TEXTS:
        _text, created = ConsentText.objects.get_or_create(
            purpose=entry["purpose"],
            version=entry["version"],
            defaults={"title": entry["title"], "text": entry["text"], "published_at": timezone.now()},
        )
        published += int(created)
    return published


@transaction.atomic
def consent_give(*, user: Any, purpose: str, now: datetime | None = None) -> Consent:
    """Consent to the current text of `purpose`. Giving it again while it stands is a no-op."""
    current = selectors.consent_text_current(purpose=purpose)
    if current is None:
        raise ValidationError({"purpose": [_("Esa finalidad no existe.")]})
    active = selectors.consent_active(user=user, purpose=purpose)
    if active is not None and active.text_id == current.pk:
        return active
    if active is not None:
        # Consent to an older text is replaced by consent to the current one.
        active.withdrawn_at = now or timezone.now()
        active.save(update_fields=["withdrawn_at"])
    consent = Consent(user=user, text=current, given_at=now or timezone.now())
    consent.full_clean()
    consent.save()
    audit_record(
        actor=user, action="privacy.consent_give", obj=consent, object_repr=str(current), after={"text": str(current)}
    )
    _apply_consent(user=user, purpose=purpose, given=True)
    return consent


def consent_record_from_elsewhere(*, user: Any, purpose: str, given: bool) -> None:
    """Record a choice made on another app's page (the directory's public-profile checkbox), as
    if made here. A no-op when the records already agree, which also ends the round trip when
    consent_give/consent_withdraw below switch the directory flag themselves."""
    active = selectors.consent_active(user=user, purpose=purpose)
    current = selectors.consent_text_current(purpose=purpose)
    if given and current is not None and (active is None or active.text_id != current.pk):
        consent_give(user=user, purpose=purpose)
    elif not given and active is not None:
        consent_withdraw(user=user, purpose=purpose)


def _apply_consent(*, user: Any, purpose: str, given: bool) -> None:
    """What a consent switches on or off elsewhere, in the same transaction: today only the
    public directory profile (directory keeps the flag; this app keeps the proof)."""
    if purpose != PUBLIC_PROFILE:
        return
    person = _person_of(user)
    if person is not None:
        directory_services.person_set_public(actor=user, person=person, is_public=given)


def _person_of(user: Any) -> Any:
    try:
        return user.person
    except ObjectDoesNotExist:
        return None


@transaction.atomic
def consent_withdraw(*, user: Any, purpose: str, now: datetime | None = None) -> int:
    """Withdraw consent to `purpose` at once (as easy as giving it); the number of consents closed."""
    if selectors.consent_text_current(purpose=purpose) is None:
        raise ValidationError({"purpose": [_("Esa finalidad no existe.")]})
    now = now or timezone.now()
    closed = 0
    for consent in Consent.objects.select_for_update().filter(
        user_id=user.pk, text__purpose=purpose, withdrawn_at__isnull=True
    ):
        consent.withdrawn_at = now
        consent.save(update_fields=["withdrawn_at"])
        audit_record(actor=user, action="privacy.consent_withdraw", obj=consent, object_repr=purpose)
        closed += 1
    # Withdrawal takes effect at once, even if no consent row stood (e.g. a profile made public
    # before consent was recorded).
    _apply_consent(user=user, purpose=purpose, given=False)
    return closed


# ----------------------------------------------------------------------------- data delivery


def _json_bytes(groups: list[dict[str, Any]]) -> bytes:
    return json.dumps(groups, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()


def _csv_text(rows: list[dict[str, Any]]) -> str:
    columns: list[str] = []
    for r in rows:
        columns += [k for k in r if k not in columns]
    table = [columns] + [[_cell(r.get(c)) for c in columns] for r in rows]
    return "".join(csv_chunks(table))


def _cell(value: Any) -> Any:
    if isinstance(value, (dict, list)):
        return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)
    return value


@transaction.atomic
def data_export(*, user: Any, fmt: str) -> tuple[str, str, bytes]:
    """The person's data as (filename, content type, bytes): "json", or "zip" (the JSON plus one
    CSV per group, the portability answer). Audited as privacy.export."""
    if fmt not in ("json", "zip"):
        raise ValidationError(_("Formato desconocido: use json o zip."))
    groups = selectors.personal_data_for(user)
    stamp = timezone.localdate().isoformat()
    base = f"mis-datos-hublocal-{stamp}"
    if fmt == "json":
        result = (f"{base}.json", "application/json", _json_bytes(groups))
    else:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(f"{base}/datos.json", _json_bytes(groups))
            for group in groups:
                if group["rows"]:
                    name = slugify(group["key"].replace(".", "-")) or "datos"
                    archive.writestr(f"{base}/{name}.csv", _csv_text(group["rows"]))
        result = (f"{base}.zip", "application/zip", buffer.getvalue())
    audit_record(
        actor=user,
        action="privacy.export",
        object_type="accounts.user",
        object_id=str(user.pk),
        object_repr=str(user)[:255],
        after={"format": fmt, "groups": [g["key"] for g in groups if g["rows"]]},
    )
    return result


# ----------------------------------------------------------------------------- breaches


def _check_breach(data: dict[str, Any]) -> None:
    unknown = set(data) - set(BREACH_FIELDS)
    if unknown:
        raise ValidationError({f: [_("Este campo no se puede modificar.")] for f in sorted(unknown)})
    now = timezone.now()
    errors: dict[str, list[str]] = {}
    detected = data.get("detected_at")
    if detected is not None and detected > now + timedelta(minutes=5):
        errors["detected_at"] = [_("La fecha de detección no puede estar en el futuro.")]
    for name in ("authority_notified_at", "people_notified_at"):
        when = data.get(name)
        if when is not None and detected is not None and when < detected:
            errors[name] = [_("La comunicación no puede ser anterior a la detección.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def breach_create(*, actor: Any, data: dict[str, Any]) -> Breach:
    _check_breach(data)
    breach = Breach(created_by=actor, **data)
    breach.full_clean()
    breach.save()
    audit_record(actor=actor, action="privacy.breach_create", obj=breach, after=snapshot(breach, BREACH_FIELDS))
    return breach


@transaction.atomic
def breach_update(*, actor: Any, breach: Breach, data: dict[str, Any]) -> Breach:
    locked = Breach.objects.select_for_update().get(pk=breach.pk)
    _check_breach({"detected_at": locked.detected_at, **data})
    before = snapshot(locked, BREACH_FIELDS)
    for key, value in data.items():
        setattr(locked, key, value)
    locked.full_clean()
    locked.save()
    after = snapshot(locked, BREACH_FIELDS)
    if after != before:
        audit_record(actor=actor, action="privacy.breach_update", obj=locked, before=before, after=after)
    return locked
