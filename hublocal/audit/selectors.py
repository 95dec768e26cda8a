from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from hublocal.core import registry

from .models import AuditEvent


def _start_of(day: date) -> datetime:
    """Midnight of a calendar day in the site's time zone (America/Santiago): staff filter by
    the dates they see on the page, not by UTC dates."""
    return datetime.combine(day, time.min, tzinfo=timezone.get_default_timezone())


def audit_event_list(
    *,
    object_type: str = "",
    object_id: str = "",
    actor_id: int | None = None,
    actor_username: str = "",
    action: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditEvent]:
    """Events, newest first. `date_to` is inclusive (the whole day)."""
    qs = AuditEvent.objects.all()
    if object_type:
        qs = qs.filter(object_type=object_type)
    if object_id:
        qs = qs.filter(object_id=object_id)
    if actor_id is not None:
        qs = qs.filter(actor_id=actor_id)
    if actor_username:
        qs = qs.filter(actor_username__iexact=actor_username)
    if action:
        qs = qs.filter(action=action)
    if date_from is not None:
        qs = qs.filter(created_at__gte=_start_of(date_from))
    if date_to is not None:
        qs = qs.filter(created_at__lt=_start_of(date_to + timedelta(days=1)))
    return qs.order_by("-created_at", "-id")


def audit_action_choices() -> list[tuple[str, str]]:
    """(code, label) of every action recorded so far, by label."""
    codes = AuditEvent.objects.order_by().values_list("action", flat=True).distinct()
    return sorted(((code, str(registry.audit_action_label(code))) for code in codes), key=lambda c: c[1].lower())
