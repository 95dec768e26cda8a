"""Who may see the engagement dashboard and its messages, and run escalations by hand.

Deny by default: an action or role not named here is refused."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from hublocal.core.permissions import is_hub_admin, is_hub_staff, organization_id


class Action(StrEnum):
    VIEW_DASHBOARD = "engagement.view_dashboard"
    VIEW_MESSAGES = "engagement.view_messages"
    RUN_ESCALATIONS = "engagement.run_escalations"


def can(user: Any, action: Action, obj: Any = None) -> bool:
    if action == Action.VIEW_DASHBOARD:
        # Who is silent across the network is the hub's operational picture, not public.
        return is_hub_staff(user)
    if action == Action.VIEW_MESSAGES:
        if is_hub_staff(user):
            return True
        # An organisation sees what the hub wrote about it, to whom: obj is the organisation.
        own = organization_id(user)
        return obj is not None and own is not None and own == obj.pk
    if action == Action.RUN_ESCALATIONS:
        # Sending mail to mayors on demand is a hub decision; analysts watch, admins act.
        return is_hub_admin(user)
    return False
