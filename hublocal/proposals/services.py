"""Proposal writes: applying, editing until the close, attachments, the committee's scores and
decisions, feedback to every applicant, and working sessions.

Every function is atomic and audited, and raises django.core.exceptions.ValidationError with
messages a person understands (per field where there is one). Deadlines are enforced here, so
the web pages and the API cannot disagree: a proposal changes only while its call is open, and
the committee acts only after it closes. `now` stands in for the clock (demo data, tests)."""

from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata
import zipfile
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from hublocal.audit.services import audit_record, snapshot
from hublocal.core.locking import check_and_bump
from hublocal.core.permissions import HUB_STAFF_ROLES, has_role, organization_id
from hublocal.engagement import selectors as engagement_selectors
from hublocal.engagement import services as engagement_services
from hublocal.innovation import selectors as innovation_selectors

from . import selectors
from .models import (
    Attachment,
    CommitteeMember,
    Proposal,
    ProposalStatus,
    Score,
    SessionParticipant,
    SessionStatus,
    WorkingSession,
)

PROCESS = "proposals.session"
MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
MAX_ATTACHMENTS = 5
MAX_TIMELINE_WEEKS = 260  # five years: longer is not a pilot
MAX_PRICE = 10**12  # a trillion pesos: anything above is a typing mistake
MAX_TEXT = 20_000
MAX_NAME = 200
PROPOSAL_FIELDS = ["approach", "price_min", "price_max", "timeline_weeks", "timeline", "solution", "status", "version"]
SESSION_FIELDS = ["starts_at", "place", "agenda", "status", "minutes", "next_steps"]

# Accepted attachment types: detected from the content, and the name's extension must agree.
PDF, PNG, JPEG = "application/pdf", "image/png", "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXTENSIONS = {PDF: (".pdf",), PNG: (".png",), JPEG: (".jpg", ".jpeg"), DOCX: (".docx",), XLSX: (".xlsx",)}
ALLOWED_EXTENSIONS = tuple(e for exts in EXTENSIONS.values() for e in exts)


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def _when(value: datetime) -> str:
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


# --- Applying and editing ---------------------------------------------------------------------


def _applicant_organization_id(actor: Any) -> int:
    org = organization_id(actor)
    if not has_role(actor, "startup") or org is None:
        raise ValidationError(_("Solo una cuenta de startup puede postular, y lo hace por su propia startup."))
    return org


# Statuses a challenge reaches only after having been published.
LATER_STATUSES = ("closed", "in_pilot", "finished")


def _open_for_applicants(challenge: Any, now: datetime, *, simulated: bool = False) -> bool:
    """Published, in a call open at `now`. With a simulated clock in the past (demo data) a
    challenge that has since moved on was published then; its call's dates decide."""
    statuses = ("published", *LATER_STATUSES) if simulated else ("published",)
    return challenge.status in statuses and innovation_selectors.call_is_open(call=challenge.call, now=now)


def _closed_message(challenge: Any) -> str:
    call = challenge.call
    if call is not None and call.status == "published" and call.closes_at:
        return _("La convocatoria cerró el %(date)s: ya no se reciben ni modifican propuestas.") % {
            "date": _when(call.closes_at)
        }
    return _("Este desafío no está recibiendo propuestas: su convocatoria no está abierta.")


def _validate_terms(
    *,
    organization_id_: int,
    approach: str,
    price_min: Any,
    price_max: Any,
    timeline_weeks: Any,
    timeline: str,
    solution: Any,
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not (approach or "").strip():
        errors["approach"] = [_("Describa cómo abordaría el problema.")]
    elif len(approach) > MAX_TEXT:
        errors["approach"] = [_("Máximo %(n)s caracteres.") % {"n": MAX_TEXT}]
    if len(timeline or "") > MAX_TEXT:
        errors["timeline"] = [_("Máximo %(n)s caracteres.") % {"n": MAX_TEXT}]
    for name, value in (("price_min", price_min), ("price_max", price_max)):
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_PRICE:
            errors[name] = [
                _("Indique un monto en pesos entre 0 y %(max)s.") % {"max": f"{MAX_PRICE:,}".replace(",", ".")}
            ]
    if "price_min" not in errors and "price_max" not in errors and price_min > price_max:
        errors["price_max"] = [_("El precio máximo no puede ser menor que el mínimo.")]
    if (
        not isinstance(timeline_weeks, int)
        or isinstance(timeline_weeks, bool)
        or not 1 <= timeline_weeks <= MAX_TIMELINE_WEEKS
    ):
        errors["timeline_weeks"] = [_("El plazo debe estar entre 1 y %(max)s semanas.") % {"max": MAX_TIMELINE_WEEKS}]
    if solution is not None and solution.organization_id != organization_id_:
        errors["solution"] = [_("Elija una solución de su propia startup.")]
    return errors


@transaction.atomic
def proposal_submit(
    *,
    actor: Any,
    challenge: Any,
    approach: str,
    price_min: int,
    price_max: int,
    timeline_weeks: int,
    timeline: str = "",
    solution: Any = None,
    now: datetime | None = None,
    is_demo: bool = False,
) -> Proposal:
    """Apply to a challenge for the actor's startup. The challenge must be published in a call
    open at `now`; one proposal per startup per challenge (the database refuses a second one
    even when two arrive at the same instant)."""
    when = _now(now)
    org = _applicant_organization_id(actor)
    if not _open_for_applicants(challenge, when, simulated=now is not None):
        raise ValidationError(_closed_message(challenge), code="closed")
    errors = _validate_terms(
        organization_id_=org,
        approach=approach,
        price_min=price_min,
        price_max=price_max,
        timeline_weeks=timeline_weeks,
        timeline=timeline,
        solution=solution,
    )
    if errors:
        raise ValidationError(errors)
    proposal = Proposal(
        challenge=challenge,
        organization_id=org,
        solution=solution,
        approach=approach.strip(),
        price_min=price_min,
        price_max=price_max,
        timeline_weeks=timeline_weeks,
        timeline=(timeline or "").strip(),
        submitted_by=actor,
        is_demo=is_demo,
    )
    try:
        # A savepoint: the unique constraint's refusal must not poison the outer transaction.
        with transaction.atomic():
            proposal.save()
    except IntegrityError:
        raise ValidationError(
            _(
                "Su startup ya postuló a este desafío. Puede editar su propuesta en «Mis propuestas» "
                "hasta el cierre de la convocatoria."
            ),
            code="duplicate",
        ) from None
    if now is not None:
        # Simulated clock: the submission time is the one given, not the machine's.
        Proposal.objects.filter(pk=proposal.pk).update(submitted_at=when)
        proposal.submitted_at = when
    audit_record(
        actor=actor, action="proposals.proposal_submit", obj=proposal, after=snapshot(proposal, PROPOSAL_FIELDS)
    )
    return proposal


def _lock(proposal: Proposal) -> Proposal:
    # Only the proposal row is locked: the call is on the nullable side of an outer join,
    # which PostgreSQL refuses to lock.
    return (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("challenge", "challenge__call")
        .get(pk=proposal.pk)
    )


def _ensure_editable(proposal: Proposal, now: datetime | None) -> None:
    if proposal.status == ProposalStatus.WITHDRAWN:
        raise ValidationError(_("Esta propuesta fue retirada: ya no se puede modificar."), code="withdrawn")
    if not _open_for_applicants(proposal.challenge, _now(now), simulated=now is not None):
        raise ValidationError(_closed_message(proposal.challenge), code="closed")
    if proposal.status != ProposalStatus.SUBMITTED or proposal.has_agreement:
        # Whatever the dates say, what the committee scored and decided on stays as it was.
        raise ValidationError(
            _("El comité ya decidió sobre esta propuesta: ya no se puede modificar ni retirar."), code="decided"
        )


@transaction.atomic
def proposal_update(
    *,
    actor: Any,
    proposal: Proposal,
    expected_version: int | None,
    approach: str,
    price_min: int,
    price_max: int,
    timeline_weeks: int,
    timeline: str = "",
    solution: Any = None,
    version: int | None = None,
    now: datetime | None = None,
) -> Proposal:
    """Change a proposal while its call is open. `expected_version` is the row version the
    editor read (None: internal callers): if anyone saved in between, StaleVersion and nothing
    changes. `version` is the older API contract (the body's "version", the human revision
    number): when given and stale, ValidationError(code="stale")."""
    locked = _lock(proposal)
    check_and_bump(locked, expected_version)
    _ensure_editable(locked, now)
    if version is not None and version != locked.version:
        raise ValidationError(
            _(
                "Alguien de su equipo guardó cambios en esta propuesta mientras usted la editaba. "
                "Recargue la página para ver la versión actual y vuelva a aplicar sus cambios."
            ),
            code="stale",
        )
    errors = _validate_terms(
        organization_id_=locked.organization_id,
        approach=approach,
        price_min=price_min,
        price_max=price_max,
        timeline_weeks=timeline_weeks,
        timeline=timeline,
        solution=solution,
    )
    if errors:
        raise ValidationError(errors)
    before = snapshot(locked, PROPOSAL_FIELDS)
    locked.approach = approach.strip()
    locked.price_min = price_min
    locked.price_max = price_max
    locked.timeline_weeks = timeline_weeks
    locked.timeline = (timeline or "").strip()
    locked.solution = solution
    locked.version += 1
    locked.save()
    audit_record(
        actor=actor,
        action="proposals.proposal_update",
        obj=locked,
        before=before,
        after=snapshot(locked, PROPOSAL_FIELDS),
    )
    return locked


@transaction.atomic
def proposal_withdraw(*, actor: Any, proposal: Proposal, now: datetime | None = None) -> Proposal:
    """Take the proposal out of the competition while the call is open (final: the startup
    cannot apply to the same challenge again)."""
    locked = _lock(proposal)
    _ensure_editable(locked, now)
    before = snapshot(locked, PROPOSAL_FIELDS)
    locked.status = ProposalStatus.WITHDRAWN
    check_and_bump(locked, None)
    locked.version += 1
    locked.save()
    audit_record(
        actor=actor,
        action="proposals.proposal_withdraw",
        obj=locked,
        before=before,
        after=snapshot(locked, PROPOSAL_FIELDS),
    )
    return locked


# --- Attachments ------------------------------------------------------------------------------


def clean_filename(raw: str) -> tuple[str, str]:
    """A file name safe to show and to send back in Content-Disposition: no directories, no
    control or quoting characters, at most 200 characters. Returns (name, lowercase extension)."""
    base = re.split(r"[\\/]", raw or "")[-1]
    base = unicodedata.normalize("NFC", base)
    base = "".join(ch for ch in base if ch.isalnum() or ch in " ._-()")
    base = re.sub(r"\s+", " ", base).strip()
    stem, dot, ext = base.rpartition(".")
    if not dot or not re.fullmatch(r"[a-z0-9]{1,8}", ext.lower()):
        stem, ext = base, ""
    else:
        ext = "." + ext.lower()
    stem = stem.strip(" .") or _("adjunto")
    return stem[: MAX_NAME - len(ext)] + ext, ext


def sniff_content_type(upload: Any) -> str | None:
    """The file's real type from its first bytes (and, for Office files, the zip's directory),
    or None if it is none of the accepted types. Never trusts the browser's Content-Type."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        try:
            # Only the central directory is read: nothing is decompressed.
            with zipfile.ZipFile(upload) as archive:
                names = archive.namelist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
            return None
        finally:
            upload.seek(0)
        if "[Content_Types].xml" not in names:
            return None
        if any(n.startswith("word/") for n in names):
            return DOCX
        if any(n.startswith("xl/") for n in names):
            return XLSX
    return None


def _type_label(content_type: str | None) -> str:
    return {PDF: "PDF", PNG: "PNG", JPEG: "JPG", DOCX: "Word (DOCX)", XLSX: "Excel (XLSX)"}.get(content_type or "", "")


@transaction.atomic
def attachment_add(*, actor: Any, proposal: Proposal, upload: Any, now: datetime | None = None) -> Attachment:
    """Attach a file to the proposal while its call is open: PDF, DOCX, XLSX, PNG or JPG by
    content, at most 5 MB, at most 5 per proposal. Stored under a random name; the original
    name is kept (cleaned) only for display and download."""
    locked = _lock(proposal)
    _ensure_editable(locked, now)
    if locked.attachments.count() >= MAX_ATTACHMENTS:
        raise ValidationError(
            {
                "file": [
                    _("Una propuesta admite hasta %(n)s archivos: elimine uno antes de subir otro.")
                    % {"n": MAX_ATTACHMENTS}
                ]
            }
        )
    size = upload.size or 0
    if size == 0:
        raise ValidationError({"file": [_("El archivo está vacío.")]})
    if size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            {
                "file": [
                    _("El archivo pesa %(mb)s MB; el máximo es 5 MB.")
                    % {"mb": formats.number_format(size / 1024 / 1024, 1)}
                ]
            }
        )
    name, ext = clean_filename(upload.name)
    if ext not in ALLOWED_EXTENSIONS:
        raise ValidationError({"file": [_("Tipo de archivo no permitido. Se aceptan PDF, DOCX, XLSX, PNG y JPG.")]})
    content_type = sniff_content_type(upload)
    if content_type is None or ext not in EXTENSIONS[content_type]:
        expected = next(_type_label(ct) for ct, exts in EXTENSIONS.items() if ext in exts)
        raise ValidationError(
            {
                "file": [
                    _(
                        "El contenido de «%(name)s» no es un archivo %(type)s válido. "
                        "Se aceptan PDF, DOCX, XLSX, PNG y JPG."
                    )
                    % {"name": name, "type": expected}
                ]
            }
        )
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    sha = digest.hexdigest()
    if locked.attachments.filter(sha256=sha).exists():
        raise ValidationError({"file": [_("Ese archivo ya está adjunto a la propuesta.")]})
    attachment = Attachment(
        proposal=locked, original_name=name, content_type=content_type, size=size, sha256=sha, uploaded_by=actor
    )
    # A random stored name: nothing about the file is guessable from its path.
    attachment.file.save(f"{secrets.token_hex(16)}{ext}", upload, save=False)
    try:
        attachment.save()
        audit_record(
            actor=actor,
            action="proposals.attachment_add",
            obj=attachment,
            object_repr=f"{locked} · {name}",
            after={"proposal": locked.pk, "name": name, "size": size, "sha256": sha, "content_type": content_type},
        )
    except Exception:
        attachment.file.delete(save=False)
        raise
    return attachment


@transaction.atomic
def attachment_delete(*, actor: Any, attachment: Attachment, now: datetime | None = None) -> None:
    """Remove a file while the call is open (the stored file goes once the deletion commits)."""
    locked = _lock(attachment.proposal)
    _ensure_editable(locked, now)
    stored = Attachment.objects.filter(pk=attachment.pk, proposal=locked).first()
    if stored is None:
        raise ValidationError(_("Ese archivo ya no existe."))
    before = {"proposal": locked.pk, "name": stored.original_name, "sha256": stored.sha256}
    audit_record(
        actor=actor,
        action="proposals.attachment_delete",
        obj=stored,
        object_repr=f"{locked} · {stored.original_name}",
        before=before,
    )
    name, storage = stored.file.name, stored.file.storage
    stored.delete()
    transaction.on_commit(lambda: storage.delete(name))


# --- Committee --------------------------------------------------------------------------------


def _is_eligible_member(user: Any, call: Any) -> bool:
    if not getattr(user, "is_active", False):
        return False
    if user.role in HUB_STAFF_ROLES:
        return True
    return user.role == "municipal" and user.organization_id in selectors.call_municipality_ids(call=call)


@transaction.atomic
def committee_member_add(*, actor: Any, call: Any, user: Any) -> CommitteeMember:
    """Appoint an evaluator: hub staff or an official of one of the call's municipalities."""
    if call.status == "cancelled":
        raise ValidationError(_("La convocatoria fue cancelada: no tiene comité."))
    if not _is_eligible_member(user, call):
        raise ValidationError(
            {
                "user": [
                    _(
                        "Solo integran el comité personas del equipo del Hub o funcionarios/as de los "
                        "municipios con desafíos en esta convocatoria."
                    )
                ]
            }
        )
    member = CommitteeMember(call=call, user=user, added_by=actor)
    try:
        with transaction.atomic():
            member.save()
    except IntegrityError:
        raise ValidationError({"user": [_("%(u)s ya integra el comité.") % {"u": user.get_username()}]}) from None
    audit_record(
        actor=actor,
        action="proposals.committee_member_add",
        obj=member,
        object_repr=f"{call} · {user.get_username()}",
        after={"call": call.pk, "user": user.pk},
    )
    selectors.forget_committee_cache(user)
    return member


@transaction.atomic
def committee_member_remove(*, actor: Any, member: CommitteeMember) -> None:
    """Remove an evaluator who has not scored yet (given scores stay part of the record)."""
    locked = CommitteeMember.objects.select_for_update(of=("self",)).select_related("call", "user").get(pk=member.pk)
    if Score.objects.filter(evaluator_id=locked.user_id, proposal__challenge__call_id=locked.call_id).exists():
        raise ValidationError(
            _("%(u)s ya registró puntajes en esta convocatoria: no se puede quitar del comité.")
            % {"u": locked.user.get_username()}
        )
    audit_record(
        actor=actor,
        action="proposals.committee_member_remove",
        obj=locked,
        object_repr=f"{locked.call} · {locked.user.get_username()}",
        before={"call": locked.call_id, "user": locked.user_id},
    )
    locked.delete()
    selectors.forget_committee_cache(member.user)


# --- Evaluation -------------------------------------------------------------------------------


def _ensure_evaluation_open(proposal: Proposal, now: datetime) -> None:
    """The committee works after the close: until then proposals may still change."""
    call = proposal.challenge.call
    if call is None or call.status != "published":
        raise ValidationError(_("Este desafío no pertenece a una convocatoria publicada."), code="no_call")
    if now < call.closes_at:
        raise ValidationError(
            _("La evaluación comienza cuando cierra la convocatoria (%(date)s).") % {"date": _when(call.closes_at)},
            code="not_closed",
        )
    if proposal.status == ProposalStatus.WITHDRAWN:
        raise ValidationError(_("Esta propuesta fue retirada por su startup."), code="withdrawn")


@transaction.atomic
def score_set(
    *,
    actor: Any,
    proposal: Proposal,
    scores: dict[int, int],
    comments: dict[int, str] | None = None,
    now: datetime | None = None,
) -> list[Score]:
    """Record the actor's scores (0–5) of the proposal on the call's published criteria, keyed
    by criterion id. One row per (proposal, criterion, evaluator): scoring again updates it.
    Only committee members, only after the call closes."""
    locked = _lock(proposal)
    call = locked.challenge.call
    if call is None or not CommitteeMember.objects.filter(call_id=call.pk, user_id=actor.pk).exists():
        raise ValidationError(
            _("Solo los integrantes del comité de la convocatoria pueden evaluar."), code="not_committee"
        )
    _ensure_evaluation_open(locked, _now(now))
    criteria = {c.pk: c for c in innovation_selectors.call_criteria(call=call)}
    comments = comments or {}
    errors: dict[str, list[str]] = {}
    if not scores:
        errors["scores"] = [_("Asigne al menos un puntaje.")]
    for key, value in scores.items():
        if key not in criteria:
            errors["scores"] = [_("Criterio desconocido en esta convocatoria: %(id)s.") % {"id": key}]
        elif not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= selectors.MAX_SCORE:
            errors[f"criterion_{key}"] = [_("El puntaje debe ser un número entero de 0 a 5.")]
    for key, text in comments.items():
        if key not in criteria:
            errors["scores"] = [_("Criterio desconocido en esta convocatoria: %(id)s.") % {"id": key}]
        elif len(text or "") > MAX_TEXT:
            errors[f"comment_{key}"] = [_("Máximo %(n)s caracteres.") % {"n": MAX_TEXT}]
    if errors:
        raise ValidationError(errors)
    existing = {
        s.criterion_id: s
        for s in Score.objects.filter(proposal=locked, evaluator_id=actor.pk, criterion_id__in=list(scores))
    }
    before = {str(k): existing[k].score for k in existing}
    saved: list[Score] = []
    for key, value in scores.items():
        row = existing.get(key) or Score(proposal=locked, criterion_id=key, evaluator=actor)
        row.score = value
        if key in comments or row.pk is None:
            row.comment = (comments.get(key) or "").strip()
        row.save()
        saved.append(row)
    audit_record(
        actor=actor,
        action="proposals.score_set",
        obj=locked,
        before=before or None,
        after={str(k): v for k, v in scores.items()},
    )
    return saved


def _sessions_with(proposal: Proposal) -> bool:
    return (
        SessionParticipant.objects.filter(proposal=proposal).exclude(session__status=SessionStatus.CANCELLED).exists()
    )


def _set_status(*, actor: Any, proposal: Proposal, status: str, action: str, now: datetime | None) -> Proposal:
    locked = _lock(proposal)
    _ensure_evaluation_open(locked, _now(now))
    if locked.has_agreement:
        raise ValidationError(
            _("Ya se firmó un convenio sobre esta propuesta: la decisión del comité es definitiva."),
            code="has_agreement",
        )
    if status != ProposalStatus.SHORTLISTED and _sessions_with(locked):
        raise ValidationError(
            _("Esta propuesta ya tiene sesiones de trabajo: cancélelas antes de cambiar la decisión."),
            code="has_sessions",
        )
    if locked.status == status:
        return locked
    before = snapshot(locked, PROPOSAL_FIELDS)
    locked.status = status
    check_and_bump(locked, None)
    locked.save()
    audit_record(actor=actor, action=action, obj=locked, before=before, after=snapshot(locked, PROPOSAL_FIELDS))
    return locked


@transaction.atomic
def proposal_shortlist(*, actor: Any, proposal: Proposal, now: datetime | None = None) -> Proposal:
    """Preselect the proposal (after the close): it may then be invited to working sessions."""
    return _set_status(
        actor=actor,
        proposal=proposal,
        status=ProposalStatus.SHORTLISTED,
        action="proposals.proposal_shortlist",
        now=now,
    )


@transaction.atomic
def proposal_not_select(*, actor: Any, proposal: Proposal, now: datetime | None = None) -> Proposal:
    """Mark the proposal as not selected (after the close)."""
    return _set_status(
        actor=actor,
        proposal=proposal,
        status=ProposalStatus.NOT_SELECTED,
        action="proposals.proposal_not_select",
        now=now,
    )


@transaction.atomic
def feedback_give(*, actor: Any, proposal: Proposal, feedback: str, now: datetime | None = None) -> Proposal:
    """Write (or rewrite) the feedback the applicant reads beside its own score. Every
    applicant is owed it (selectors.proposals_lacking_feedback lists who still lacks it)."""
    when = _now(now)
    locked = _lock(proposal)
    _ensure_evaluation_open(locked, when)
    text = (feedback or "").strip()
    if not text:
        raise ValidationError({"feedback": [_("Escriba la retroalimentación para la startup.")]})
    if len(text) > MAX_TEXT:
        raise ValidationError({"feedback": [_("Máximo %(n)s caracteres.") % {"n": MAX_TEXT}]})
    before = {"feedback": locked.feedback, "feedback_at": str(locked.feedback_at) if locked.feedback_at else None}
    locked.feedback = text
    locked.feedback_at = when
    locked.feedback_by = actor
    check_and_bump(locked, None)
    locked.save()
    audit_record(
        actor=actor,
        action="proposals.feedback_give",
        obj=locked,
        before=before,
        after={"feedback": text, "feedback_at": str(when)},
    )
    return locked


DECISIONS = (ProposalStatus.SHORTLISTED, ProposalStatus.NOT_SELECTED)


@transaction.atomic
def proposal_decide(
    *, actor: Any, proposal: Proposal, decision: str = "", feedback: str = "", now: datetime | None = None
) -> Proposal:
    """Shortlist or not select, and/or give feedback, all or nothing (the API's decision)."""
    if not decision and not (feedback or "").strip():
        raise ValidationError({"decision": [_("Indique una decisión, una retroalimentación o ambas.")]})
    if decision and decision not in DECISIONS:
        raise ValidationError({"decision": [_("La decisión debe ser «shortlisted» o «not_selected».")]})
    result = proposal
    if decision == ProposalStatus.SHORTLISTED:
        result = proposal_shortlist(actor=actor, proposal=proposal, now=now)
    elif decision == ProposalStatus.NOT_SELECTED:
        result = proposal_not_select(actor=actor, proposal=proposal, now=now)
    if (feedback or "").strip():
        result = feedback_give(actor=actor, proposal=proposal, feedback=feedback, now=now)
    return result


# --- Agreements (signed in pilots, which calls these two inside its own transaction) -----------


def _needs_shortlist() -> ValidationError:
    return ValidationError(
        {"proposal": [_("Solo una propuesta preseleccionada puede dar origen a un convenio.")]},
        code="not_shortlisted",
    )


def proposal_lock_for_agreement(*, proposal_id: int) -> Proposal:
    """The proposal an agreement is about to be signed on, locked until the caller's
    transaction ends, so its decision cannot change in between. Precondition: called inside
    the caller's transaction.atomic (select_for_update refuses otherwise). Writes nothing.
    Raises ValidationError({"proposal": ...}) unless the proposal exists and is shortlisted."""
    locked = (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("challenge", "organization")
        .filter(pk=proposal_id)
        .first()
    )
    if locked is None:
        raise ValidationError({"proposal": [_("Esa propuesta no existe.")]}, code="missing")
    if locked.status != ProposalStatus.SHORTLISTED:
        raise _needs_shortlist()
    return locked


@transaction.atomic
def proposal_mark_contracted(*, actor: Any, proposal: Proposal) -> Proposal:
    """Record that an agreement was signed on the proposal (pilots calls it in the agreement's
    transaction): from then on the committee's decision is final and the startup's text frozen.
    Raises ValidationError unless the proposal is shortlisted."""
    locked = _lock(proposal)
    if locked.status != ProposalStatus.SHORTLISTED:
        raise _needs_shortlist()
    if locked.has_agreement:
        # Another municipality sharing the challenge signed first: already final.
        return locked
    locked.has_agreement = True
    check_and_bump(locked, None)
    locked.save(update_fields=["has_agreement", "row_version", "updated_at"])
    audit_record(
        actor=actor,
        action="proposals.proposal_mark_contracted",
        obj=locked,
        before={"has_agreement": False},
        after={"has_agreement": True},
    )
    return locked


# --- Working sessions -------------------------------------------------------------------------


def _session_url(session: WorkingSession) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return reverse("proposals:session_detail", kwargs={"pk": session.pk})


def _session_label(challenge: Any) -> str:
    return _("Sesión de trabajo: %(title)s") % {"title": challenge.title}


@transaction.atomic
def session_schedule(
    *,
    actor: Any,
    challenge: Any,
    starts_at: datetime,
    place: str,
    agenda: str = "",
    proposals: list[Proposal] | None = None,
    municipality: Any = None,
    now: datetime | None = None,
    is_demo: bool = False,
) -> WorkingSession:
    """Schedule a session between one of the challenge's municipalities and shortlisted
    startups (all of them unless `proposals` names some). Opens engagement tracks
    (process proposals.session, subject challenge:<id>) for the municipality and each startup."""
    errors: dict[str, list[str]] = {}
    municipalities = selectors.municipality_ids_of(challenge)
    if municipality is None:
        own = organization_id(actor) if has_role(actor, "municipal") else None
        municipality_id = own if own is not None else challenge.owner_id
    else:
        municipality_id = municipality.pk
    if municipality_id not in municipalities:
        errors["municipality"] = [_("La municipalidad debe ser una de las que comparten el desafío.")]
    elif has_role(actor, "municipal") and municipality_id != organization_id(actor):
        errors["municipality"] = [_("Solo puede agendar sesiones para su propia municipalidad.")]
    if starts_at is None or timezone.is_naive(starts_at):
        errors["starts_at"] = [_("Indique la fecha y hora de la sesión.")]
    if not (place or "").strip():
        errors["place"] = [_("Indique el lugar o el enlace de la reunión.")]
    elif len(place) > 300:
        errors["place"] = [_("Máximo 300 caracteres.")]
    if len(agenda or "") > MAX_TEXT:
        errors["agenda"] = [_("Máximo %(n)s caracteres.") % {"n": MAX_TEXT}]
    # Locked (in id order, so two schedulers cannot deadlock) and filtered on the status under
    # the lock: a decision changed at the same instant either waits for this session (and then
    # sees it) or is seen here, and a startup no longer shortlisted is never invited.
    shortlisted = {
        p.pk: p
        for p in Proposal.objects.select_for_update(of=("self",))
        .select_related("organization")
        .filter(challenge_id=challenge.pk, status=ProposalStatus.SHORTLISTED)
        .order_by("pk")
    }
    if not shortlisted:
        errors["proposals"] = [_("Este desafío aún no tiene propuestas preseleccionadas.")]
        chosen: list[Proposal] = []
    elif proposals is None:
        chosen = list(shortlisted.values())
    else:
        chosen = [shortlisted[p.pk] for p in proposals if p.pk in shortlisted]
        if not proposals:
            errors["proposals"] = [_("Invite al menos una startup preseleccionada.")]
        elif len(chosen) != len({p.pk for p in proposals}):
            errors["proposals"] = [_("Solo se invita a startups preseleccionadas en este desafío.")]
    if errors:
        raise ValidationError(errors)
    session = WorkingSession.objects.create(
        challenge=challenge,
        municipality_id=municipality_id,
        starts_at=starts_at,
        place=place.strip(),
        agenda=(agenda or "").strip(),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        is_demo=is_demo,
    )
    SessionParticipant.objects.bulk_create([SessionParticipant(session=session, proposal=p) for p in chosen])
    audit_record(
        actor=actor,
        action="proposals.session_schedule",
        obj=session,
        after={**snapshot(session, SESSION_FIELDS), "proposals": [p.pk for p in chosen]},
    )
    key = selectors.subject_key(challenge.pk)
    url, label = _session_url(session), _session_label(challenge)
    for org in [municipality_id, *dict.fromkeys(p.organization_id for p in chosen)]:
        engagement_services.track_open(
            process=PROCESS, subject_key=key, organization=org, label=label, url=url, actor=actor, at=now
        )
        # A later session on the same challenge brings a finished track back to life.
        engagement_services.track_reopen(process=PROCESS, subject_key=key, organization=org, actor=actor, at=now)
    return session


def _lock_session(session: WorkingSession) -> WorkingSession:
    return WorkingSession.objects.select_for_update(of=("self",)).select_related("challenge").get(pk=session.pk)


@transaction.atomic
def session_record(
    *,
    actor: Any,
    session: WorkingSession,
    expected_version: int | None,
    minutes: str,
    next_steps: str = "",
    attendance: dict[int, bool | None] | None = None,
    now: datetime | None = None,
) -> WorkingSession:
    """Record what happened: minutes, agreed next steps and who attended (by proposal id). The
    session becomes held (recording again corrects the record) and the engagement tracks of
    the municipality and the startups are done. Raises StaleVersion if `expected_version`
    (None: internal callers) is not the saved one: two people correcting the minutes at once
    must not silently overwrite each other."""
    when = _now(now)
    locked = _lock_session(session)
    check_and_bump(locked, expected_version)
    if locked.status == SessionStatus.CANCELLED:
        raise ValidationError(_("La sesión fue cancelada: no tiene acta."))
    if locked.starts_at > when:
        raise ValidationError(
            _("La sesión aún no ocurre (%(date)s): registre el acta después.") % {"date": _when(locked.starts_at)}
        )
    errors: dict[str, list[str]] = {}
    if not (minutes or "").strip():
        errors["minutes"] = [_("Escriba el acta de la sesión.")]
    elif len(minutes) > MAX_TEXT:
        errors["minutes"] = [_("Máximo %(n)s caracteres.") % {"n": MAX_TEXT}]
    if len(next_steps or "") > MAX_TEXT:
        errors["next_steps"] = [_("Máximo %(n)s caracteres.") % {"n": MAX_TEXT}]
    participants = {p.proposal_id: p for p in locked.participants.select_related("proposal")}
    attendance = attendance or {}
    if set(attendance) - set(participants):
        errors["attendance"] = [_("La asistencia solo se registra para las startups invitadas.")]
    if errors:
        raise ValidationError(errors)
    before = snapshot(locked, SESSION_FIELDS)
    locked.minutes = minutes.strip()
    locked.next_steps = (next_steps or "").strip()
    locked.status = SessionStatus.HELD
    locked.save()
    changed = []
    for proposal_id, attended in attendance.items():
        row = participants[proposal_id]
        if row.attended != attended:
            row.attended = attended
            changed.append(row)
    SessionParticipant.objects.bulk_update(changed, ["attended"])
    audit_record(
        actor=actor,
        action="proposals.session_record",
        obj=locked,
        before=before,
        after={**snapshot(locked, SESSION_FIELDS), "attendance": {str(k): v for k, v in attendance.items()}},
    )
    key = selectors.subject_key(locked.challenge_id)
    orgs = [locked.municipality_id, *dict.fromkeys(p.proposal.organization_id for p in participants.values())]
    for org in orgs:
        if engagement_selectors.track_get(process=PROCESS, subject_key=key, organization_id=org) is not None:
            engagement_services.track_done(process=PROCESS, subject_key=key, organization=org, actor=actor, at=when)
    return locked


@transaction.atomic
def session_cancel(*, actor: Any, session: WorkingSession, now: datetime | None = None) -> WorkingSession:
    """Cancel a scheduled session. Organisations with no other session pending on the challenge
    stop being followed for it (nobody is reminded about a meeting that will not happen)."""
    locked = _lock_session(session)
    if locked.status != SessionStatus.SCHEDULED:
        raise ValidationError(_("Solo se cancela una sesión agendada; esta ya fue realizada o cancelada."))
    before = snapshot(locked, SESSION_FIELDS)
    locked.status = SessionStatus.CANCELLED
    check_and_bump(locked, None)
    locked.save()
    audit_record(
        actor=actor,
        action="proposals.session_cancel",
        obj=locked,
        before=before,
        after=snapshot(locked, SESSION_FIELDS),
    )
    key = selectors.subject_key(locked.challenge_id)
    participants = list(locked.participants.select_related("proposal"))
    pending = WorkingSession.objects.filter(challenge_id=locked.challenge_id, status=SessionStatus.SCHEDULED)
    still_municipality = pending.filter(municipality_id=locked.municipality_id).exists()
    still_startups = set(
        SessionParticipant.objects.filter(session__in=pending).values_list("proposal__organization_id", flat=True)
    )
    orgs = [] if still_municipality else [locked.municipality_id]
    orgs += [o for o in dict.fromkeys(p.proposal.organization_id for p in participants) if o not in still_startups]
    for org in orgs:
        if engagement_selectors.track_get(process=PROCESS, subject_key=key, organization_id=org) is not None:
            engagement_services.track_done(process=PROCESS, subject_key=key, organization=org, actor=actor, at=now)
    return locked
