"""Engagement writes: open, touch and close tracks, and escalate the silent ones.

How other apps use this (one mechanism for every process, never a copy per process):

    policy = Policy(remind_after_days=7, escalate_admin_after_days=14, escalate_mayor_after_days=21)
    track_open(process="diagnosis.campaign", subject_key=f"campaign:{c.pk}", organization=org,
               label=c.name, url=c.answer_path, policy=policy, actor=request.user)
    track_activity(process=..., subject_key=..., organization=org, status="confirmed")  # on any answer
    track_done(process=..., subject_key=..., organization=org)                          # when finished

The hourly task calls `escalate_due(now=...)`, which reminds and escalates on its own.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urljoin

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from hublocal.audit.services import audit_record, snapshot
from hublocal.directory import selectors as directory_selectors
from hublocal.privacy import selectors as privacy_selectors

from .models import EscalationLevel, Message, MessageOutcome, MessageRole, Track, TrackStatus

logger = logging.getLogger(__name__)

TRACK_FIELDS = [
    "status",
    "escalation_level",
    "last_activity_at",
    "label",
    "url",
    "remind_after_days",
    "escalate_admin_after_days",
    "escalate_mayor_after_days",
    "closed_at",
]
LEVEL_ROLES = {
    EscalationLevel.FOCAL_POINT: MessageRole.FOCAL_POINT,
    EscalationLevel.ADMINISTRATOR: MessageRole.ADMINISTRATOR,
    EscalationLevel.MAYOR: MessageRole.MAYOR,
}
# Forward order of the funnel; activity never moves a track backwards along it.
_FUNNEL_RANK: dict[str, int] = {TrackStatus.INVITED: 0, TrackStatus.CONFIRMED: 1, TrackStatus.IN_PROGRESS: 2}
DEFAULT_SITE_URL = "http://127.0.0.1:8000"


@dataclass(frozen=True)
class Policy:
    """Days of silence before each step of the chain. Each process passes its own; the values
    are copied onto every track so changing a process's policy later never rewrites history."""

    remind_after_days: int = 7
    escalate_admin_after_days: int = 14
    escalate_mayor_after_days: int = 21

    def __post_init__(self) -> None:
        self.validate()

    def validate(self) -> None:
        """Raise ValidationError unless the days are positive and strictly increasing."""
        days = (self.remind_after_days, self.escalate_admin_after_days, self.escalate_mayor_after_days)
        if any(not isinstance(d, int) or isinstance(d, bool) or d < 1 for d in days):
            raise ValidationError(_("Los plazos de recordatorio y escalamiento deben ser números enteros positivos."))
        if not days[0] < days[1] < days[2]:
            raise ValidationError(
                _(
                    "Los plazos deben ser crecientes: primero el recordatorio al punto focal, luego el aviso "
                    "al administrador/a municipal y al final el aviso al alcalde/sa."
                )
            )
        if days[2] > 32767:
            raise ValidationError(_("Los plazos no pueden superar 32767 días."))


def _locked(*, process: str, subject_key: str, organization_id: int) -> Track:
    """The track, locked for update. Raises Track.DoesNotExist if the process never opened it."""
    return Track.objects.select_for_update().get(
        process=process, subject_key=subject_key, organization_id=organization_id
    )


def _save(track: Track) -> None:
    track.next_due_at = track.compute_next_due_at()
    track.full_clean(validate_unique=False, validate_constraints=False)
    track.save()


def _audit_if_changed(*, actor: Any, action: str, track: Track, before: dict[str, Any] | None) -> None:
    after = snapshot(track, TRACK_FIELDS)
    if before is None or before != after:
        audit_record(actor=actor, action=action, obj=track, before=before, after=after)


@transaction.atomic
def track_open(
    *,
    process: str,
    subject_key: str,
    organization: Any,
    label: str,
    url: str,
    policy: Policy | None = None,
    actor: Any = None,
    status: str = TrackStatus.INVITED,
    at: datetime | None = None,
) -> Track:
    """Start following an organisation in a process, or update the label, link and policy of an
    existing track (idempotent). The status of an existing track is left alone: it moves through
    track_activity, track_done and track_reopen. `at` backdates the invitation (simulated clocks)."""
    policy = policy or Policy()
    if status not in (TrackStatus.INVITED, TrackStatus.CONFIRMED, TrackStatus.IN_PROGRESS):
        raise ValidationError({"status": [_("Un seguimiento se abre como invitada, confirmada o en curso.")]})
    # get_or_create under the unique constraint: a concurrent open of the same track gets the same row.
    track, created = Track.objects.select_for_update().get_or_create(
        process=process,
        subject_key=subject_key,
        organization_id=_pk(organization),
        defaults={"label": label, "url": url, "status": status, "created_at": at or timezone.now()},
    )
    before = None if created else snapshot(track, TRACK_FIELDS)
    track.label = label
    track.url = url
    track.remind_after_days = policy.remind_after_days
    track.escalate_admin_after_days = policy.escalate_admin_after_days
    track.escalate_mayor_after_days = policy.escalate_mayor_after_days
    _save(track)
    _audit_if_changed(actor=actor, action="engagement.track_open", track=track, before=before)
    return track


@transaction.atomic
def track_open_many(
    *,
    process: str,
    subject_key: str,
    organizations: list[Any],
    label: str,
    url_for: Any,
    policy: Policy | None = None,
    actor: Any = None,
    at: datetime | None = None,
) -> int:
    """Open tracks for many organisations at once (a campaign inviting hundreds or thousands of
    municipalities): one bulk insert and one audit event instead of a write and an event each.
    Organisations already tracked are left as they are. `url_for(organization_pk)` gives each link.
    Returns how many tracks were created."""
    policy = policy or Policy()
    now = at or timezone.now()
    existing = set(
        Track.objects.filter(process=process, subject_key=subject_key).values_list("organization_id", flat=True)
    )
    new: list[Track] = []
    for organization in organizations:
        pk = _pk(organization)
        if pk in existing:
            continue
        existing.add(pk)
        track = Track(
            process=process,
            subject_key=subject_key,
            organization_id=pk,
            label=label,
            url=url_for(pk),
            status=TrackStatus.INVITED,
            created_at=now,
            remind_after_days=policy.remind_after_days,
            escalate_admin_after_days=policy.escalate_admin_after_days,
            escalate_mayor_after_days=policy.escalate_mayor_after_days,
        )
        track.next_due_at = track.compute_next_due_at()
        new.append(track)
    Track.objects.bulk_create(new, batch_size=2000)
    if new:
        audit_record(
            actor=actor,
            action="engagement.track_open_many",
            object_type="engagement.track",
            object_repr=f"{process} {subject_key}"[:255],
            after={"created": len(new), "label": label},
        )
    return len(new)


@transaction.atomic
def track_activity(
    *,
    process: str,
    subject_key: str,
    organization: Any,
    actor: Any = None,
    status: str | None = None,
    at: datetime | None = None,
) -> Track:
    """The organisation did something: restart the silence count and the escalation chain.

    A silent track goes back to in progress; `status` ("confirmed" or "in_progress") moves it
    forward, never backwards. A done track records the activity but stays done (reopen it
    explicitly). Raises Track.DoesNotExist if the process never opened the track and
    ValidationError for any other status.

    Only changes of status or escalation level are audited: a bare timestamp bump is the
    echo of a write the calling app has already audited."""
    if status is not None and status not in (TrackStatus.CONFIRMED, TrackStatus.IN_PROGRESS):
        raise ValidationError(
            {"status": [_("La actividad solo puede marcar la participación como confirmada o en curso.")]}
        )
    track = _locked(process=process, subject_key=subject_key, organization_id=_pk(organization))
    before = snapshot(track, TRACK_FIELDS)
    when = at or timezone.now()
    track.last_activity_at = max(when, track.last_activity_at) if track.last_activity_at else when
    if track.status != TrackStatus.DONE:
        track.escalation_level = EscalationLevel.NONE
        if track.status == TrackStatus.SILENT:
            track.status = status or TrackStatus.IN_PROGRESS
        elif status is not None and _FUNNEL_RANK[status] > _FUNNEL_RANK[track.status]:
            track.status = status
    _save(track)
    if (before["status"], before["escalation_level"]) != (track.status, track.escalation_level):
        audit_record(
            actor=actor,
            action="engagement.track_activity",
            obj=track,
            before=before,
            after=snapshot(track, TRACK_FIELDS),
        )
    return track


@transaction.atomic
def track_done(
    *, process: str, subject_key: str, organization: Any, actor: Any = None, at: datetime | None = None
) -> Track:
    """The organisation finished its part: it will never be reminded again for this subject.
    Raises Track.DoesNotExist if the process never opened the track."""
    track = _locked(process=process, subject_key=subject_key, organization_id=_pk(organization))
    if track.status == TrackStatus.DONE:
        return track
    before = snapshot(track, TRACK_FIELDS)
    when = at or timezone.now()
    track.status = TrackStatus.DONE
    track.closed_at = when
    track.last_activity_at = when
    track.escalation_level = EscalationLevel.NONE
    _save(track)
    _audit_if_changed(actor=actor, action="engagement.track_done", track=track, before=before)
    return track


@transaction.atomic
def track_reopen(
    *, process: str, subject_key: str, organization: Any, actor: Any = None, at: datetime | None = None
) -> Track:
    """Undo track_done (e.g. answers reopened for correction): back in progress, with the
    silence count starting now. Raises Track.DoesNotExist if the process never opened it."""
    track = _locked(process=process, subject_key=subject_key, organization_id=_pk(organization))
    if track.status != TrackStatus.DONE:
        return track
    before = snapshot(track, TRACK_FIELDS)
    track.status = TrackStatus.IN_PROGRESS
    track.closed_at = None
    track.last_activity_at = at or timezone.now()
    track.escalation_level = EscalationLevel.NONE
    _save(track)
    _audit_if_changed(actor=actor, action="engagement.track_reopen", track=track, before=before)
    return track


def _pk(organization: Any) -> int:
    return organization if isinstance(organization, int) else organization.pk


def escalate_due(*, now: datetime, actor: Any = None) -> list[Message]:
    """Remind and escalate every open track whose silence has reached a step of its policy.

    Every level that is due but not yet sent is sent, in order: a track silent for 30 days that
    was never reminded gets the focal point, administrator and mayor messages in this run, so
    the mayor's message never arrives without the earlier ones existing (and it names them).
    Each message is logged, also when nobody is designated or the mail server fails; the chain
    advances anyway, so a missing focal point never shields the municipality from escalation.

    Idempotent for a given `now`: each track's next due time moves past `now` once handled.
    Each track is handled in its own transaction holding its row lock (SKIP LOCKED where the
    database supports it), so two workers never message the same track twice and a long run
    never holds the database for all tracks at once. `actor` (a manual run from the dashboard)
    records one audit event for the run; the periodic task passes none.

    Queries: one to find due tracks, then per due track a lock, up to one previous-messages
    read and one designation lookup per level sent; tracks that are not due cost nothing."""
    due_ids = list(
        Track.objects.filter(next_due_at__lte=now)
        .exclude(status=TrackStatus.DONE)
        .order_by("next_due_at", "pk")
        .values_list("pk", flat=True)
    )
    sent: list[Message] = []
    for track_id in due_ids:
        sent.extend(_escalate_track(track_id=track_id, now=now))
    if actor is not None:
        with transaction.atomic():
            audit_record(
                actor=actor,
                action="engagement.escalate_run",
                object_type="engagement.track",
                object_repr=_("Recordatorios y escalamientos"),
                after={"tracks": len(due_ids), "messages": len(sent), "at": now.isoformat()},
            )
    return sent


@transaction.atomic
def _escalate_track(*, track_id: int, now: datetime) -> list[Message]:
    qs = Track.objects.select_related("organization").filter(pk=track_id, next_due_at__lte=now)
    qs = qs.exclude(status=TrackStatus.DONE)
    if connection.features.has_select_for_update_skip_locked:
        # Another worker holding this track is already escalating it: leave it to them.
        qs = qs.select_for_update(skip_locked=True, of=("self",))
    else:
        qs = qs.select_for_update()
    track = qs.first()
    if track is None:
        return []
    days = track.inactive_days(now)
    levels = [
        level for level, threshold in track.thresholds().items() if level > track.escalation_level and days >= threshold
    ]
    if not levels:
        # next_due_at was stale (policy or activity changed without it): repair and move on.
        _save(track)
        return []
    before = snapshot(track, TRACK_FIELDS)
    earlier = list(
        Message.objects.filter(track=track, sent_at__gte=track.reference_at, outcome=MessageOutcome.SENT).order_by(
            "sent_at", "level"
        )
    )
    created: list[Message] = []
    for level in levels:
        message = _send(track=track, level=level, days=days, now=now, earlier=earlier)
        created.append(message)
        if message.outcome == MessageOutcome.SENT:
            earlier.append(message)
    track.escalation_level = levels[-1]
    track.status = TrackStatus.SILENT
    _save(track)
    audit_record(
        actor=None,
        action="engagement.escalate",
        obj=track,
        before=before,
        after={**snapshot(track, TRACK_FIELDS), "messages": [m.pk for m in created]},
    )
    return created


def _absolute(url: str) -> str:
    base = getattr(settings, "SITE_URL", "") or DEFAULT_SITE_URL
    return urljoin(base.rstrip("/") + "/", url or "/")


def _compose(*, track: Track, level: int, days: int, recipient_name: str, earlier: list[Message]) -> tuple[str, str]:
    """Subject and body in the hub's language (Spanish), whatever language the caller browses in."""
    with translation.override(settings.LANGUAGE_CODE):
        params = {
            "name": recipient_name or _("equipo municipal"),
            "organization": track.organization.name,
            "label": track.label,
            "days": days,
            "url": _absolute(track.url),
        }
        if level == EscalationLevel.FOCAL_POINT:
            subject = _("Recordatorio: %(label)s") % params
            intro = (
                _(
                    "Le escribimos desde el Hub Nacional de Gobierno Local. %(organization)s participa en "
                    "«%(label)s» y no registramos actividad desde hace %(days)s días."
                )
                % params
            )
            ask = _(
                "Como punto focal, le pedimos retomar el proceso. Si hay algún impedimento, responda a este "
                "correo y lo ayudaremos."
            )
        elif level == EscalationLevel.ADMINISTRATOR:
            subject = _("%(organization)s: «%(label)s» sin actividad hace %(days)s días") % params
            intro = (
                _(
                    "Le escribimos desde el Hub Nacional de Gobierno Local. %(organization)s participa en "
                    "«%(label)s», pero el proceso no registra actividad desde hace %(days)s días."
                )
                % params
            )
            ask = _("Como administrador/a municipal, le pedimos su apoyo para que el equipo a cargo pueda retomarlo.")
        else:
            subject = _("Solicitud de apoyo del Hub: «%(label)s» detenido hace %(days)s días") % params
            intro = (
                _(
                    "Le escribimos desde el Hub Nacional de Gobierno Local. %(organization)s se comprometió a "
                    "participar en «%(label)s», pero el proceso no registra actividad desde hace %(days)s días."
                )
                % params
            )
            ask = _(
                "Su respaldo como alcalde/sa permite priorizar este trabajo dentro del municipio. Le pedimos "
                "indicar al equipo que lo retome o designar a otra persona a cargo."
            )
        lines = [_("Estimado/a %(name)s:") % params, "", intro, "", ask, "", _("Enlace: %(url)s") % params]
        if earlier:
            lines += ["", _("Ya hemos contactado a:")]
            for m in earlier:
                lines.append(
                    _("- %(name)s (%(role)s), el %(date)s")
                    % {
                        "name": m.recipient_name,
                        "role": m.get_role_display(),
                        "date": formats.date_format(timezone.localtime(m.sent_at), "j \\d\\e F \\d\\e Y"),
                    }
                )
        lines += ["", _("Hub Nacional de Gobierno Local")]
        return subject, "\n".join(lines)


def _send(*, track: Track, level: int, days: int, now: datetime, earlier: list[Message]) -> Message:
    role = LEVEL_ROLES[EscalationLevel(level)]
    person, name, email = directory_selectors.escalation_contact(organization_id=track.organization_id, role=role)
    subject, body = _compose(track=track, level=level, days=days, recipient_name=name, earlier=earlier)
    message = Message(
        track=track,
        level=level,
        role=role,
        recipient_name=name,
        recipient_email=email,
        subject=subject[:255],
        body=body,
        days_inactive=days,
        sent_at=now,
        outcome=MessageOutcome.SENT,
    )
    if email and person is not None and person.user_id and privacy_selectors.is_restricted_id(person.user_id):
        # The person asked to block the processing of their data (Ley 21.719): no reminder goes
        # to them while the block stands; the chain goes on to the next role as with no contact.
        message.outcome = MessageOutcome.NO_CONTACT
        message.recipient_email = ""
        message.error = _("La persona designada pidió bloquear el tratamiento de sus datos: no se le escribió.")
    elif not email:
        message.outcome = MessageOutcome.NO_CONTACT
        message.error = (
            _("La persona designada no tiene correo.")
            if person is not None
            else _("La organización no tiene designada esta función.")
            if not name
            else _("La organización no tiene correo de contacto.")
        )
    else:
        try:
            EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[email]).send()
        except Exception as exc:
            # One unreachable mailbox or a mail server hiccup must not stop the rest of the run.
            logger.exception("engagement: could not send message to %s for track %s", role, track.pk)
            message.outcome = MessageOutcome.FAILED
            message.error = f"{type(exc).__name__}: {exc}"[:300]
    message.full_clean()
    message.save()
    return message
