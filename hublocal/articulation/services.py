"""Articulation writes: round tables, their members, meetings (with attendance, minutes and
documents) and commitments; policy-influence items with their evidence and activities; and the
overdue scan of commitments.

Every function is atomic and audited. A commitment:

    pending ──(due date passes: the scan)──▶ overdue ──▶ kept | dropped (with a reason)
       └────────────────────────────────────────────────▶ kept | dropped

When the scan marks a commitment overdue, its owner's accounts are notified and an engagement
track is opened for the owner organisation (hublocal.engagement): if it stays silent, the same
chain as every other process reminds its focal point and escalates to the administrator and the
mayor. Closing the commitment closes the track.
"""

from __future__ import annotations

import re
import zoneinfo
from datetime import date, datetime, time
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hublocal.audit.services import audit_record
from hublocal.core import validation
from hublocal.core.areas import Area
from hublocal.core.locking import check_and_bump
from hublocal.diagnosis import selectors as diagnosis_selectors
from hublocal.engagement import selectors as engagement_selectors
from hublocal.engagement import services as engagement_services
from hublocal.library import selectors as library_selectors
from hublocal.library import services as library_services
from hublocal.notifications import services as notifications
from hublocal.pilots import selectors as pilot_selectors

from . import selectors
from .models import (
    Activity,
    ActivityKind,
    Attendance,
    Commitment,
    CommitmentStatus,
    Evidence,
    EvidenceKind,
    Meeting,
    MeetingDocument,
    Member,
    MemberRole,
    MinutesStatus,
    PolicyItem,
    PolicyKind,
    PolicyOutcome,
    RoundTable,
    TableStatus,
)
from .permissions import Action, can

PROCESS_COMMITMENT = "articulation.commitment"
# The owner was already told on the day it fell overdue; the chain starts after that.
COMMITMENT_POLICY = engagement_services.Policy(
    remind_after_days=3, escalate_admin_after_days=10, escalate_mayor_after_days=20
)
BOLETIN = re.compile(r"^\d{1,5}-\d{2}$")
COUNTRY = re.compile(r"^[A-Z]{2}$")
DOCUMENT_FORMATS = ("pdf", "docx", "xlsx", "odt")
MAX_TEXT = 20_000


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _text(value: Any, field: str, *, required: bool, maximum: int = MAX_TEXT) -> str:
    return validation.clean_text(value, field, required=required, maximum=maximum)


_collect = validation.collect


def _unique_slug(model: Any, text: str, exclude: int | None = None) -> str:
    return validation.unique_slug(model, text, exclude, fallback="item")


# --- Round tables -----------------------------------------------------------------------------


def _clean_table(data: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    theme = _collect(errors, lambda: _text(data.get("theme"), "theme", required=True, maximum=200))
    description = _collect(errors, lambda: _text(data.get("description"), "description", required=True))
    area = data.get("area")
    if area not in Area.values:
        errors["area"] = [_("Elija un área prioritaria de la lista.")]
    status = data.get("status") or TableStatus.ACTIVE
    if status not in TableStatus.values:
        errors["status"] = [_("Elija un estado de la lista.")]
    if errors:
        raise ValidationError(errors)
    return {"theme": theme, "description": description, "area": area, "status": status}


def _update_locked(actor: Any, obj: Any, clean: dict[str, Any], expected_version: int | None, action: str) -> Any:
    """Write already-validated fields on a locked, version-checked row and audit before/after
    (tables and policy items are edited the same way)."""
    locked = type(obj).objects.select_for_update().get(pk=obj.pk)
    check_and_bump(locked, expected_version)
    before = {k: getattr(locked, k) for k in clean}
    for k, v in clean.items():
        setattr(locked, k, v)
    locked.save()
    audit_record(actor=actor, action=action, obj=locked, before=before, after=clean)
    return locked


@transaction.atomic
def table_create(*, actor: Any, data: dict[str, Any], is_demo: bool = False) -> RoundTable:
    """A new round table (staff). data: theme, area, description, status."""
    if not can(actor, Action.MANAGE_TABLE):
        raise ValidationError(_("Solo el equipo del Hub crea mesas técnicas."))
    clean = _clean_table(data)
    table = RoundTable.objects.create(slug=_unique_slug(RoundTable, clean["theme"]), is_demo=is_demo, **clean)
    audit_record(actor=actor, action="articulation.table_create", obj=table, after=clean)
    return table


@transaction.atomic
def table_update(
    *, actor: Any, table: RoundTable, data: dict[str, Any], expected_version: int | None = None
) -> RoundTable:
    if not can(actor, Action.MANAGE_TABLE, table):
        raise ValidationError(_("Solo el equipo del Hub edita mesas técnicas."))
    return _update_locked(actor, table, _clean_table(data), expected_version, "articulation.table_update")


@transaction.atomic
def member_add(
    *,
    actor: Any,
    table: RoundTable,
    organization: Any,
    role: str,
    person: Any = None,
    country: str = "CL",
    joined_on: date | None = None,
) -> Member:
    """An organisation joins the table (staff), optionally through a person of it."""
    if not can(actor, Action.MANAGE_TABLE, table):
        raise ValidationError(_("Solo el equipo del Hub define quiénes integran una mesa."))
    errors: dict[str, list[str]] = {}
    if organization is None:
        errors["organization"] = [_("Elija una organización del directorio.")]
    if role not in MemberRole.values:
        errors["role"] = [_("Elija un rol de la lista.")]
    country = str(country or "").strip().upper()
    if not COUNTRY.match(country):
        errors["country"] = [_("Indique el país con su código de dos letras (por ejemplo CL, AR, ES).")]
    if organization is not None and Member.objects.filter(table=table, organization=organization).exists():
        errors["organization"] = [_("Esa organización ya integra la mesa.")]
    if errors:
        raise ValidationError(errors)
    member = Member.objects.create(
        table=table,
        organization=organization,
        person=person,
        role=role,
        country=country,
        joined_on=joined_on or timezone.localdate(),
    )
    audit_record(
        actor=actor,
        action="articulation.member_add",
        obj=table,
        after={"organization": organization.pk, "role": role, "person": getattr(person, "pk", None)},
    )
    return member


@transaction.atomic
def member_update(*, actor: Any, member: Member, role: str, country: str) -> Member:
    """Change a member organisation's role at the table (or its country)."""
    m = Member.objects.select_for_update().select_related("table").get(pk=member.pk)
    if not can(actor, Action.MANAGE_TABLE, m.table):
        raise ValidationError(_("Solo el equipo del Hub define quiénes integran una mesa."))
    errors: dict[str, list[str]] = {}
    if role not in MemberRole.values:
        errors["role"] = [_("Elija un rol de la lista.")]
    country = str(country or "").strip().upper()
    if not COUNTRY.match(country):
        errors["country"] = [_("Indique el país con su código de dos letras (por ejemplo CL, AR, ES).")]
    if errors:
        raise ValidationError(errors)
    before = {"role": m.role, "country": m.country}
    m.role, m.country = role, country
    m.save(update_fields=["role", "country"])
    audit_record(
        actor=actor,
        action="articulation.member_update",
        obj=m.table,
        before=before | {"organization": m.organization_id},
        after={"role": role, "country": country, "organization": m.organization_id},
    )
    return m


@transaction.atomic
def member_remove(*, actor: Any, member: Member) -> None:
    """An organisation leaves the table. One that owns commitments stays: its record is the
    table's memory (close or drop its commitments first)."""
    m = Member.objects.select_for_update().select_related("table").get(pk=member.pk)
    if not can(actor, Action.MANAGE_TABLE, m.table):
        raise ValidationError(_("Solo el equipo del Hub define quiénes integran una mesa."))
    if m.commitments.exists():
        raise ValidationError(
            _(
                "Esta organización es responsable de compromisos de la mesa; no se puede quitar sin perder "
                "ese registro. Cámbiela a observadora si ya no participa."
            )
        )
    audit_record(
        actor=actor,
        action="articulation.member_remove",
        obj=m.table,
        before={"organization": m.organization_id, "role": m.role},
    )
    Attendance.objects.filter(member=m).delete()
    m.delete()


# --- Meetings ---------------------------------------------------------------------------------


def _zone(name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError({"time_zone": [_("Zona horaria desconocida (por ejemplo America/Santiago).")]}) from None


@transaction.atomic
def meeting_create(
    *,
    actor: Any,
    table: RoundTable,
    starts_at: datetime,
    time_zone: str,
    agenda: str,
    place: str = "",
    link: str = "",
    minutes: str = "",
    minutes_status: str = MinutesStatus.NONE,
    present: list[int] | None = None,
    documents: list[dict[str, Any]] | None = None,
) -> Meeting:
    """A meeting of the table (staff or its coordinators): `starts_at` naive means in
    `time_zone`; `present` the member ids who attended; documents are dicts of title, name,
    data and internal, each checked like the library's uploads."""
    if not can(actor, Action.MANAGE_MEETINGS, table):
        raise ValidationError(_("Solo el equipo del Hub y la coordinación de la mesa registran reuniones."))
    errors: dict[str, list[str]] = {}
    zone = _collect(errors, lambda: _zone(time_zone))
    if not isinstance(starts_at, datetime):
        errors["starts_at"] = [_("Indique la fecha y hora de la reunión.")]
    agenda = _collect(errors, lambda: _text(agenda, "agenda", required=True))
    place = _collect(errors, lambda: _text(place, "place", required=False, maximum=200)) or ""
    if not place and not link:
        errors["place"] = [_("Indique el lugar o el enlace de conexión.")]
    minutes = _collect(errors, lambda: _text(minutes, "minutes", required=minutes_status != "none")) or ""
    if minutes_status not in MinutesStatus.values:
        errors["minutes_status"] = [_("Elija un estado del acta de la lista.")]
    members = {m.pk for m in table.members.all()}
    if present and not set(present) <= members:
        errors["present"] = [_("La asistencia solo registra integrantes de la mesa.")]
    checked = []
    for i, doc in enumerate(documents or [], start=1):
        try:
            c = library_services.upload_check(doc.get("name", ""), doc.get("data", b""))
        except ValidationError as exc:
            errors["documents"] = [_("Documento %(n)s: %(m)s") % {"n": i, "m": " ".join(exc.messages)}]
            continue
        if c.fmt not in DOCUMENT_FORMATS:
            errors["documents"] = [_("Suba los documentos en PDF, DOCX, XLSX u ODT.")]
        checked.append((doc, c))
    if errors:
        raise ValidationError(errors)
    if timezone.is_naive(starts_at):
        starts_at = starts_at.replace(tzinfo=zone)
    meeting = Meeting.objects.create(
        table=table,
        starts_at=starts_at,
        time_zone=time_zone,
        place=place,
        link=link,
        agenda=agenda,
        minutes=minutes,
        minutes_status=minutes_status,
    )
    Attendance.objects.bulk_create([Attendance(meeting=meeting, member_id=pk) for pk in sorted(set(present or []))])
    now = timezone.now()
    for doc, c in checked:
        d = MeetingDocument(
            meeting=meeting,
            title=_text(doc.get("title") or c.name, "documents", required=True, maximum=200),
            internal=bool(doc.get("internal")),
            file_name=c.name,
            file_fmt=c.fmt,
            file_size=c.size,
            sha256=c.sha256,
            uploaded_by=_user(actor),
            uploaded_at=now,
        )
        d.file.save(f"{c.sha256[:16]}.{c.fmt}", ContentFile(doc["data"]), save=False)
        d.save()
    audit_record(
        actor=actor,
        action="articulation.meeting_create",
        obj=meeting,
        object_repr=f"{table} · {starts_at.date().isoformat()}",
        after={"starts_at": starts_at.isoformat(), "present": sorted(set(present or [])), "documents": len(checked)},
    )
    return meeting


def _check_meeting_fields(
    *,
    table: RoundTable,
    errors: dict[str, list[str]],
    starts_at: Any,
    time_zone: str,
    agenda: str,
    place: str,
    link: str,
    minutes: str,
    minutes_status: str,
    present: list[int] | None,
) -> dict[str, Any]:
    """The rules of a meeting's own fields, shared by recording and editing it."""
    zone = _collect(errors, lambda: _zone(time_zone))
    if not isinstance(starts_at, datetime):
        errors["starts_at"] = [_("Indique la fecha y hora de la reunión.")]
    agenda = _collect(errors, lambda: _text(agenda, "agenda", required=True))
    place = _collect(errors, lambda: _text(place, "place", required=False, maximum=200)) or ""
    link = str(link or "").strip()[:200]
    if not place and not link:
        errors["place"] = [_("Indique el lugar o el enlace de conexión.")]
    if minutes_status not in MinutesStatus.values:
        errors["minutes_status"] = [_("Elija un estado del acta de la lista.")]
    minutes = _collect(errors, lambda: _text(minutes, "minutes", required=minutes_status != "none")) or ""
    members = {m.pk for m in table.members.all()}
    if present and not set(present) <= members:
        errors["present"] = [_("La asistencia solo registra integrantes de la mesa.")]
    if isinstance(starts_at, datetime) and zone is not None and timezone.is_naive(starts_at):
        starts_at = starts_at.replace(tzinfo=zone)
    return {
        "starts_at": starts_at,
        "time_zone": time_zone,
        "agenda": agenda,
        "place": place,
        "link": link,
        "minutes": minutes,
        "minutes_status": minutes_status,
    }


@transaction.atomic
def meeting_update(
    *,
    actor: Any,
    meeting: Meeting,
    starts_at: datetime,
    time_zone: str,
    agenda: str,
    place: str = "",
    link: str = "",
    minutes: str = "",
    minutes_status: str = MinutesStatus.NONE,
    present: list[int] | None = None,
    expected_version: int | None = None,
) -> Meeting:
    """Edit a meeting: its date, place, agenda, the attendance of member organisations and its
    minutes (draft, then approved: approved minutes become public on the table's page)."""
    m = Meeting.objects.select_for_update().select_related("table").get(pk=meeting.pk)
    if not can(actor, Action.MANAGE_MEETINGS, m.table):
        raise ValidationError(_("Solo el equipo del Hub y la coordinación de la mesa editan reuniones."))
    errors: dict[str, list[str]] = {}
    clean = _check_meeting_fields(
        table=m.table,
        errors=errors,
        starts_at=starts_at,
        time_zone=time_zone,
        agenda=agenda,
        place=place,
        link=link,
        minutes=minutes,
        minutes_status=minutes_status,
        present=present,
    )
    if errors:
        raise ValidationError(errors)
    check_and_bump(m, expected_version)
    before = {k: getattr(m, k) for k in clean} | {"present": sorted(m.attendance.values_list("member_id", flat=True))}
    for k, v in clean.items():
        setattr(m, k, v)
    m.save()
    wanted = set(present or [])
    m.attendance.exclude(member_id__in=wanted).delete()
    have = set(m.attendance.values_list("member_id", flat=True))
    Attendance.objects.bulk_create([Attendance(meeting=m, member_id=pk) for pk in sorted(wanted - have)])
    after = clean | {"starts_at": clean["starts_at"].isoformat(), "present": sorted(wanted)}
    before["starts_at"] = before["starts_at"].isoformat()
    audit_record(
        actor=actor,
        action="articulation.meeting_update",
        obj=m,
        object_repr=f"{m.table} · {m.starts_at.date().isoformat()}",
        before=before,
        after=after,
    )
    return m


@transaction.atomic
def document_add(
    *, actor: Any, meeting: Meeting, title: str, name: str, data: bytes, internal: bool
) -> MeetingDocument:
    """A document of a meeting (PDF, DOCX, XLSX or ODT, checked like the library's uploads);
    `internal` keeps it for the table's members."""
    if not can(actor, Action.MANAGE_MEETINGS, meeting.table):
        raise ValidationError(_("Solo el equipo del Hub y la coordinación de la mesa suben documentos."))
    errors: dict[str, list[str]] = {}
    title = _collect(errors, lambda: _text(title, "title", required=False, maximum=200)) or ""
    c = None
    if not name or not data:
        errors["file"] = [_("Elija el archivo del documento.")]
    else:
        try:
            c = library_services.upload_check(name, data)
        except ValidationError as exc:
            errors["file"] = exc.messages
        else:
            if c.fmt not in DOCUMENT_FORMATS:
                errors["file"] = [_("Suba los documentos en PDF, DOCX, XLSX u ODT.")]
    if errors:
        raise ValidationError(errors)
    assert c is not None  # checked above
    doc = MeetingDocument(
        meeting=meeting,
        title=title or c.name[:200],
        internal=bool(internal),
        file_name=c.name,
        file_fmt=c.fmt,
        file_size=c.size,
        sha256=c.sha256,
        uploaded_by=_user(actor),
        uploaded_at=timezone.now(),
    )
    doc.file.save(f"{c.sha256[:16]}.{c.fmt}", ContentFile(data), save=False)
    doc.save()
    audit_record(
        actor=actor,
        action="articulation.document_add",
        obj=meeting,
        object_repr=f"{meeting.table} · {doc.title}",
        after={"title": doc.title, "internal": doc.internal, "sha256": c.sha256},
    )
    return doc


# --- Commitments ------------------------------------------------------------------------------


def _commitment_url(c: Commitment) -> str:
    return reverse("articulation:table_detail", kwargs={"slug": c.table.slug}) + f"#compromiso-{c.pk}"


@transaction.atomic
def commitment_create(
    *,
    actor: Any,
    table: RoundTable,
    what: str,
    owner: Member | None,
    due_on: date | None,
    owner_person: Any = None,
    meeting: Meeting | None = None,
    today: date | None = None,
) -> Commitment:
    """A commitment made at the table: what, who owns it (a member organisation, required, and
    optionally a person of it) and by when."""
    if not can(actor, Action.MANAGE_MEETINGS, table):
        raise ValidationError(_("Solo el equipo del Hub y la coordinación de la mesa registran compromisos."))
    errors: dict[str, list[str]] = {}
    what = _collect(errors, lambda: _text(what, "what", required=True, maximum=500))
    if owner is None:
        errors["owner"] = [_("Indique qué organización integrante de la mesa es responsable del compromiso.")]
    elif owner.table_id != table.pk:
        errors["owner"] = [_("La organización responsable debe integrar esta mesa.")]
    if not isinstance(due_on, date):
        errors["due_on"] = [_("Indique la fecha comprometida.")]
    elif due_on < (today or timezone.localdate()) and meeting is None:
        errors["due_on"] = [_("La fecha comprometida ya pasó.")]
    if meeting is not None and meeting.table_id != table.pk:
        errors["meeting"] = [_("La reunión debe ser de esta mesa.")]
    if errors:
        raise ValidationError(errors)
    assert owner is not None and isinstance(due_on, date)  # checked above
    commitment = Commitment.objects.create(
        table=table,
        meeting=meeting,
        what=what,
        owner=owner,
        owner_person=owner_person,
        due_on=due_on,
        created_by=_user(actor),
    )
    audit_record(
        actor=actor,
        action="articulation.commitment_create",
        obj=commitment,
        after={"owner": owner.organization_id, "due_on": due_on.isoformat(), "meeting": getattr(meeting, "pk", None)},
    )
    return commitment


def _close_track(c: Commitment, actor: Any) -> None:
    key = f"commitment:{c.pk}"
    org = c.owner.organization_id
    if engagement_selectors.track_get(process=PROCESS_COMMITMENT, subject_key=key, organization_id=org):
        engagement_services.track_done(process=PROCESS_COMMITMENT, subject_key=key, organization=org, actor=actor)


@transaction.atomic
def commitment_set_status(
    *, actor: Any, commitment: Commitment, status: str, reason: str = "", expected_version: int | None = None
) -> Commitment:
    """Mark a commitment kept or dropped (a reason is required to drop it), or back to pending."""
    c = Commitment.objects.select_for_update().select_related("table", "owner").get(pk=commitment.pk)
    if not can(actor, Action.MANAGE_MEETINGS, c.table):
        raise ValidationError(_("Solo el equipo del Hub y la coordinación de la mesa actualizan compromisos."))
    if status not in (CommitmentStatus.KEPT, CommitmentStatus.DROPPED, CommitmentStatus.PENDING):
        raise ValidationError({"status": [_("Elija cumplido, desistido o pendiente.")]})
    reason = _text(reason, "reason", required=status == CommitmentStatus.DROPPED, maximum=500)
    check_and_bump(c, expected_version)
    before = {"status": c.status, "reason": c.status_reason}
    if status == CommitmentStatus.PENDING and c.due_on < timezone.localdate():
        status = CommitmentStatus.OVERDUE
    c.status = status
    c.status_reason = reason
    c.closed_at = timezone.now() if status in (CommitmentStatus.KEPT, CommitmentStatus.DROPPED) else None
    c.save()
    audit_record(
        actor=actor,
        action="articulation.commitment_status",
        obj=c,
        before=before,
        after={"status": status, "reason": reason},
    )
    if c.closed_at is not None:
        _close_track(c, actor)
    return c


def mark_overdue(*, now: datetime | None = None) -> int:
    """The periodic scan: every pending commitment past its date becomes overdue, its owner's
    accounts are notified once, and an engagement track follows the owner organisation from the
    due date so that silence is escalated. Returns how many were marked. Each commitment in its
    own transaction: one failure does not hold back the others."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    ids = list(selectors.commitments_falling_due(today=today).values_list("pk", flat=True)[:1000])
    for pk in ids:
        _mark_one(pk=pk, now=now)
    return len(ids)


@transaction.atomic
def _mark_one(*, pk: int, now: datetime) -> None:
    c = Commitment.objects.select_for_update().select_related("table", "owner__organization").get(pk=pk)
    if c.status != CommitmentStatus.PENDING:
        return
    c.status = CommitmentStatus.OVERDUE
    c.reminded_at = now
    check_and_bump(c, None)
    c.save()
    audit_record(
        actor=None,
        action="articulation.commitment_overdue",
        obj=c,
        before={"status": "pending"},
        after={"status": c.status},
    )
    url = _commitment_url(c)
    org = c.owner.organization_id
    notifications.notify(
        users=selectors.users_of_organization(organization_id=org),
        kind="articulation.commitment_overdue",
        title=_("Compromiso atrasado: %(w)s") % {"w": c.what[:150]},
        body=_("%(o)s se comprometió en la mesa «%(t)s» a cumplirlo el %(d)s. Informe su avance a la coordinación.")
        % {"o": c.owner.organization.name, "t": c.table.theme, "d": c.due_on.isoformat()},
        url=url,
        dedupe_key=f"articulation.commitment_overdue:{c.pk}",
    )
    engagement_services.track_open(
        process=PROCESS_COMMITMENT,
        subject_key=f"commitment:{c.pk}",
        organization=org,
        label=(_("Compromiso en la mesa «%(t)s»: %(w)s") % {"t": c.table.theme, "w": c.what})[:200],
        url=url,
        policy=COMMITMENT_POLICY,
        status="in_progress",
        at=timezone.make_aware(datetime.combine(c.due_on, time(9))),
    )


# --- Policy influence -------------------------------------------------------------------------


def _clean_policy(data: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    kind = data.get("kind")
    if kind not in PolicyKind.values:
        errors["kind"] = [_("Elija si es un proyecto de ley, un reglamento o una política pública.")]
    title = _collect(errors, lambda: _text(data.get("title"), "title", required=True, maximum=250))
    boletin = str(data.get("boletin") or "").strip()
    if kind == PolicyKind.BILL and not boletin:
        errors["boletin"] = [_("Un proyecto de ley se identifica por su número de boletín (por ejemplo 12345-06).")]
    elif boletin and not BOLETIN.match(boletin):
        errors["boletin"] = [_("El boletín se escribe como número, guion y dos dígitos: por ejemplo 12345-06.")]
    area = data.get("area")
    if area not in Area.values:
        errors["area"] = [_("Elija un área prioritaria de la lista.")]
    summary = _collect(errors, lambda: _text(data.get("summary"), "summary", required=True))
    position = _collect(errors, lambda: _text(data.get("position"), "position", required=True))
    outcome = data.get("outcome") or PolicyOutcome.OPEN
    if outcome not in PolicyOutcome.values:
        errors["outcome"] = [_("Elija un resultado de la lista.")]
    outcome_note = _collect(errors, lambda: _text(data.get("outcome_note"), "outcome_note", required=False)) or ""
    if errors:
        raise ValidationError(errors)
    return {
        "kind": kind,
        "title": title,
        "boletin": boletin,
        "area": area,
        "summary": summary,
        "position": position,
        "outcome": outcome,
        "outcome_note": outcome_note,
        "published": bool(data.get("published")),
    }


@transaction.atomic
def policy_create(*, actor: Any, data: dict[str, Any], is_demo: bool = False) -> PolicyItem:
    if not can(actor, Action.MANAGE_POLICY):
        raise ValidationError(_("Solo el equipo del Hub registra su incidencia en política pública."))
    clean = _clean_policy(data)
    item = PolicyItem.objects.create(slug=_unique_slug(PolicyItem, clean["title"]), is_demo=is_demo, **clean)
    audit_record(actor=actor, action="articulation.policy_create", obj=item, after=clean)
    return item


@transaction.atomic
def policy_update(
    *, actor: Any, item: PolicyItem, data: dict[str, Any], expected_version: int | None = None
) -> PolicyItem:
    if not can(actor, Action.MANAGE_POLICY, item):
        raise ValidationError(_("Solo el equipo del Hub edita su incidencia en política pública."))
    return _update_locked(actor, item, _clean_policy(data), expected_version, "articulation.policy_update")


@transaction.atomic
def evidence_add(*, actor: Any, item: PolicyItem, kind: str, ref_id: int | None, dimension: str = "") -> Evidence:
    """Evidence from the platform, found through the other apps' selectors: a public library
    resource, a pilot, or a diagnosis campaign's national figure (its overall index, or one
    dimension's mean) over the published results."""
    if not can(actor, Action.MANAGE_POLICY, item):
        raise ValidationError(_("Solo el equipo del Hub registra la evidencia de su posición."))
    ev = Evidence(item=item, kind=kind)
    if kind == EvidenceKind.RESOURCE:
        resource = library_selectors.resource_get_public(pk=ref_id or 0)
        if resource is None:
            raise ValidationError({"ref_id": [_("Ese recurso no existe o no está publicado en la biblioteca.")]})
        ev.resource, ev.title = resource, resource.title[:250]
    elif kind == EvidenceKind.PILOT:
        pilot = pilot_selectors.pilot_get(pk=ref_id or 0)
        if pilot is None:
            raise ValidationError({"ref_id": [_("Ese piloto no existe.")]})
        ev.pilot, ev.title = pilot, str(pilot)[:250]
    elif kind == EvidenceKind.DIAGNOSIS:
        campaign = diagnosis_selectors.campaign_get_plain(pk=ref_id or 0)
        if campaign is None or not campaign.results_public:
            raise ValidationError(
                {"ref_id": [_("Esa campaña de diagnóstico no existe o no tiene resultados públicos.")]}
            )
        values = []
        # public_result_values yields tuples of OPEN_VALUE_FIELDS: overall at 9, dimensions at 11.
        rows: Any = diagnosis_selectors.public_result_values(campaign_id=campaign.pk)
        for row in rows:
            overall, dims = row[9], row[11] or {}
            value = dims.get(dimension) if dimension else overall
            if isinstance(value, (int, float)):
                values.append(float(value))
        if not values:
            raise ValidationError({"dimension": [_("No hay resultados públicos para esa dimensión en la campaña.")]})
        ev.campaign, ev.dimension, ev.n = campaign, dimension[:40], len(values)
        ev.figure = round(sum(values) / len(values), 1)
        ev.title = (
            _("%(c)s: promedio nacional de %(d)s") % {"c": campaign.name, "d": dimension or _("índice general")}
        )[:250]
    else:
        raise ValidationError({"kind": [_("Elija un recurso, un piloto o una cifra del diagnóstico.")]})
    ev.save()
    audit_record(actor=actor, action="articulation.evidence_add", obj=item, after={"kind": kind, "title": ev.title})
    return ev


@transaction.atomic
def activity_add(
    *, actor: Any, item: PolicyItem, kind: str, happened_on: date | None, description: str, link: str = ""
) -> Activity:
    if not can(actor, Action.MANAGE_POLICY, item):
        raise ValidationError(_("Solo el equipo del Hub registra sus actividades de incidencia."))
    errors: dict[str, list[str]] = {}
    if kind not in ActivityKind.values:
        errors["kind"] = [_("Elija una audiencia, una reunión o un documento presentado.")]
    if not isinstance(happened_on, date):
        errors["happened_on"] = [_("Indique la fecha de la actividad.")]
    description = _collect(errors, lambda: _text(description, "description", required=True, maximum=500))
    if errors:
        raise ValidationError(errors)
    assert isinstance(happened_on, date)  # checked above
    activity = Activity.objects.create(
        item=item, kind=kind, happened_on=happened_on, description=description, link=link[:200]
    )
    audit_record(
        actor=actor,
        action="articulation.activity_add",
        obj=item,
        after={"kind": kind, "date": activity.happened_on.isoformat(), "description": description},
    )
    return activity
