"""Reads of the inbox."""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin

from django.conf import settings
from django.db.models import QuerySet

from .models import Notification


def inbox_for(*, user: Any, unread_only: bool = False) -> QuerySet[Notification]:
    """The person's notices, newest first (served by the (user, -created_at) index)."""
    rows = Notification.objects.filter(user_id=user.pk)
    if unread_only:
        rows = rows.filter(read_at__isnull=True)
    return rows.order_by("-created_at", "-pk")


def unread_count(*, user: Any) -> int:
    """How many notices the person has not read: one COUNT on a partial index."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user_id=user.pk, read_at__isnull=True).count()


def notification_get(*, pk: int) -> Notification | None:
    return Notification.objects.filter(pk=pk).first()


def notifications_to_email(ids: list[int]) -> QuerySet[Notification]:
    return Notification.objects.filter(pk__in=ids).select_related("user").order_by("pk")


def absolute_url(url: str) -> str:
    """A site path as the absolute address an e-mail needs (SITE_URL, as engagement's mails)."""
    base = getattr(settings, "SITE_URL", "") or "http://127.0.0.1:8000"
    return urljoin(base.rstrip("/") + "/", url or "/")
