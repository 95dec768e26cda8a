"""Who may read the privacy notice, their own data and requests, the hub's queue, the record of
processing activities and the breach register.

Deny by default: an action or role not named here is refused."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from hublocal.core.permissions import is_authenticated, is_hub_admin, is_hub_staff


class Action(StrEnum):
    VIEW_NOTICE = "privacy.view_notice"
    VIEW_OWN_DATA = "privacy.view_own_data"
    MAKE_REQUEST = "privacy.make_request"
    MANAGE_OWN_CONSENT = "privacy.manage_own_consent"
    VIEW_REQUEST = "privacy.view_request"
    VIEW_QUEUE = "privacy.view_queue"
    DECIDE_REQUEST = "privacy.decide_request"
    VIEW_RECORD = "privacy.view_record"
    VIEW_BREACHES = "privacy.view_breaches"
    MANAGE_BREACHES = "privacy.manage_breaches"


def can(user: Any, action: Action, obj: Any = None) -> bool:
    if action == Action.VIEW_NOTICE:
        # The law requires the notice to be public and easy to reach, before any sign-in.
        return True
    if action in (Action.VIEW_OWN_DATA, Action.MAKE_REQUEST, Action.MANAGE_OWN_CONSENT):
        # Every account holder has these rights over their own data, whatever their role.
        return is_authenticated(user)
    if action == Action.VIEW_REQUEST:
        if is_hub_staff(user):
            return True
        # A request is the person's own business: obj is the request.
        return obj is not None and is_authenticated(user) and obj.user_id == user.pk
    if action in (Action.VIEW_QUEUE, Action.VIEW_RECORD, Action.VIEW_BREACHES):
        # The hub team answers requests and keeps the records; analysts may follow them.
        return is_hub_staff(user)
    if action in (Action.DECIDE_REQUEST, Action.MANAGE_BREACHES):
        # Erasing data, refusing a right or writing the breach record is the controller's
        # decision: hub administrators only.
        return is_hub_admin(user)
    return False
