"""Who may read the audit trail. Deny by default: an action missing here is refused."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from hublocal.core.permissions import is_hub_staff


class Action(StrEnum):
    VIEW_LOG = "audit.view_log"
    EXPORT_LOG = "audit.export_log"


def can(user: Any, action: Action, obj: Any = None) -> bool:
    if action in (Action.VIEW_LOG, Action.EXPORT_LOG):
        # Hub analysts need the trail to answer questions (read-only: nobody edits it); the
        # trail names people and refused attempts, so nobody outside the hub reads it.
        return is_hub_staff(user)
    return False
