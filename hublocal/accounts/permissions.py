"""Who may do what with accounts. Deny by default: an action missing here is refused."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from hublocal.core.permissions import is_authenticated, is_hub_admin, is_hub_staff


class Action(StrEnum):
    VIEW_OWN_ACCOUNT = "accounts.view_own_account"
    ISSUE_TOKEN = "accounts.issue_token"  # noqa: S105 - an action name, not a secret
    VIEW_BACK_OFFICE = "accounts.view_back_office"
    MANAGE_USERS = "accounts.manage_users"
    REVOKE_TOKEN = "accounts.revoke_token"  # noqa: S105 - an action name, not a secret


def can(user: Any, action: Action, obj: Any = None) -> bool:
    if action in (Action.VIEW_OWN_ACCOUNT, Action.ISSUE_TOKEN):
        # Any signed-in person manages their own account and script tokens.
        return is_authenticated(user)
    if action == Action.VIEW_BACK_OFFICE:
        # Analysts need the overview and the trail to answer questions; nobody else does.
        return is_hub_staff(user)
    if action == Action.REVOKE_TOKEN:
        # A token is its owner's to revoke; nobody else sees or touches it.
        return is_authenticated(user) and obj is not None and obj.user_id == user.pk
    if action == Action.MANAGE_USERS:
        # Creating accounts grants access to municipalities' data: administrators only.
        return is_hub_admin(user)
    return False
