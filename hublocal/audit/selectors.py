from __future__ import annotations

from django.db.models import QuerySet

from .models import AuditEvent


def audit_event_list(
    *, object_type: str = "", object_id: str = "", actor_id: int | None = None
) -> QuerySet[AuditEvent]:
    qs = AuditEvent.objects.all()
    if object_type:
        qs = qs.filter(object_type=object_type)
    if object_id:
        qs = qs.filter(object_id=object_id)
    if actor_id is not None:
        qs = qs.filter(actor_id=actor_id)
    return qs.order_by("-created_at", "-id")
