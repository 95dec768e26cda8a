"""Engagement reads. Every function runs a fixed number of queries, whatever the number of tracks."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, F, Max, Q, QuerySet
from django.db.models.functions import Coalesce

from .models import EscalationLevel, Message, MessageOutcome, Track, TrackStatus

__all__ = ["EscalationLevel", "MessageOutcome", "TrackStatus"]  # re-exported for other apps' views

# The order a process's funnel is read in: invited → confirmed → in progress → done, then silent.
FUNNEL_ORDER = [
    TrackStatus.INVITED,
    TrackStatus.CONFIRMED,
    TrackStatus.IN_PROGRESS,
    TrackStatus.DONE,
    TrackStatus.SILENT,
]


def process_list() -> list[dict[str, Any]]:
    """One row per (process, subject): its process_label, number of tracks, silent and done, newest first."""
    rows = (
        Track.objects.values("process", "subject_key")
        .annotate(
            process_label=Max("label"),
            total=Count("id"),
            silent=Count("id", filter=Q(status=TrackStatus.SILENT)),
            done=Count("id", filter=Q(status=TrackStatus.DONE)),
            opened_at=Max("created_at"),
        )
        .order_by("-opened_at", "process", "subject_key")
    )
    return list(rows)


def process_get(*, process: str, subject_key: str) -> dict[str, Any] | None:
    """The process_label and number (total) of tracks of a (process, subject); None if it has no track."""
    rows = (
        Track.objects.filter(process=process, subject_key=subject_key)
        .values("process", "subject_key")
        .annotate(process_label=Max("label"), total=Count("id"))
        .order_by()
    )
    return next(iter(rows), None)


def track_list(*, process: str, subject_key: str, status: str = "") -> QuerySet[Track]:
    """A process's tracks, most escalated and longest silent first, with organisation and commune."""
    qs = Track.objects.filter(process=process, subject_key=subject_key).select_related(
        "organization", "organization__commune"
    )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-escalation_level", Coalesce(F("last_activity_at"), F("created_at")).asc(), "pk")


def track_list_for_organization(*, organization_id: int) -> QuerySet[Track]:
    """Every process an organisation is followed in, open ones first."""
    return (
        Track.objects.filter(organization_id=organization_id)
        .select_related("organization")
        .order_by(F("closed_at").desc(nulls_first=True), "-created_at", "pk")
    )


def track_get(*, process: str, subject_key: str, organization_id: int) -> Track | None:
    return (
        Track.objects.select_related("organization")
        .filter(process=process, subject_key=subject_key, organization_id=organization_id)
        .first()
    )


def funnel(*, process: str, subject_key: str) -> dict[str, int]:
    """Tracks per current status, in FUNNEL_ORDER, zeros included (one query)."""
    counts = dict.fromkeys(FUNNEL_ORDER, 0)
    rows = (
        Track.objects.filter(process=process, subject_key=subject_key)
        .values("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in rows:
        counts[TrackStatus(row["status"])] = row["n"]
    return {str(k): v for k, v in counts.items()}


def message_list(
    *, process: str | None = None, subject_key: str | None = None, organization_id: int | None = None
) -> QuerySet[Message]:
    """Escalation messages, newest first, with their track and organisation."""
    qs = Message.objects.select_related("track", "track__organization")
    if process is not None:
        qs = qs.filter(track__process=process)
    if subject_key is not None:
        qs = qs.filter(track__subject_key=subject_key)
    if organization_id is not None:
        qs = qs.filter(track__organization_id=organization_id)
    return qs.order_by("-sent_at", "-pk")


# --- Personal home (/inicio/) -----------------------------------------------------------------


def silent_counts(*, process: str, subject_keys: list[str]) -> dict[str, int]:
    """{subject key: tracks without response after the reminders} of a process (one query)."""
    rows = (
        Track.objects.filter(process=process, subject_key__in=subject_keys, status=TrackStatus.SILENT)
        .values("subject_key")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {r["subject_key"]: r["n"] for r in rows}


def home_open_tracks(*, organization_id: int, limit: int = 10) -> list[Track]:
    """An organisation's tracks still waiting for it to act (not done), most escalated and
    longest silent first (one query)."""
    return list(
        Track.objects.filter(organization_id=organization_id)
        .exclude(status=TrackStatus.DONE)
        .order_by("-escalation_level", Coalesce(F("last_activity_at"), F("created_at")).asc(), "pk")[:limit]
    )


def home_messages_to(*, organization_id: int, email: str, limit: int = 5) -> list[Message]:
    """Reminders and escalations sent to this e-mail address about its organisation's open
    tracks, newest first (one query)."""
    if not email:
        return []
    return list(
        Message.objects.filter(
            track__organization_id=organization_id, recipient_email__iexact=email, outcome=MessageOutcome.SENT
        )
        .exclude(track__status=TrackStatus.DONE)
        .select_related("track")
        .order_by("-sent_at", "-pk")[:limit]
    )
