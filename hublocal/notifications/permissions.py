"""Who may do what with notices. Deny by default; every rule says why."""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class Action(StrEnum):
    VIEW_INBOX = "notifications.view_inbox"
    VIEW_NOTIFICATION = "notifications.view_notification"
    MARK_READ = "notifications.mark_read"


def can(user: Any, action: Action, obj: Any = None) -> bool:
    if not getattr(user, "is_authenticated", False):
        # Notices are personal: there is no inbox without an account.
        return False
    if action == Action.VIEW_INBOX:
        # Everyone signed in has their own inbox (possibly empty).
        return True
    if action in (Action.VIEW_NOTIFICATION, Action.MARK_READ):
        # A notice is its person's only: not even the hub's staff read someone else's inbox.
        return obj is not None and obj.user_id == user.pk
    return False
