"""Who may see and change startups' profiles and solutions. Deny by default; every rule says why."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from hublocal.core.permissions import has_role, is_authenticated, is_hub_admin, is_hub_staff, organization_id


class Action(StrEnum):
    VIEW_CATALOGUE = "solutions.view_catalogue"
    VIEW_SOLUTION = "solutions.view_solution"
    CREATE_SOLUTION = "solutions.create_solution"
    CHANGE_SOLUTION = "solutions.change_solution"
    VIEW_MY_SOLUTIONS = "solutions.view_my_solutions"
    VIEW_STARTUP = "solutions.view_startup"
    CHANGE_STARTUP = "solutions.change_startup"
    REGISTER_STARTUP = "solutions.register_startup"


def _startup_member(user: Any, org_id: int | None) -> bool:
    return org_id is not None and has_role(user, "startup") and organization_id(user) == org_id


def can(user: Any, action: Action, obj: Any = None) -> bool:
    if action in (Action.VIEW_CATALOGUE, Action.VIEW_STARTUP):
        # The catalogue and the startups behind it are public: municipalities shop in the open.
        return True
    if action == Action.VIEW_SOLUTION:
        if obj is None or obj.is_published:
            # Published solutions are the public catalogue.
            return True
        # A draft is the startup's own work in progress; the hub reviews the catalogue.
        return is_hub_staff(user) or _startup_member(user, obj.organization_id)
    if action == Action.CREATE_SOLUTION:
        # A startup lists its own solutions; the hub administrator may load them on its behalf.
        # obj is the owner organisation (None: "may create for some startup").
        if is_hub_admin(user):
            return True
        if obj is None:
            return has_role(user, "startup") and organization_id(user) is not None
        return _startup_member(user, obj.pk)
    if action == Action.CHANGE_SOLUTION:
        # Only the owner startup (and the hub administrator) speaks for a solution.
        return obj is not None and (is_hub_admin(user) or _startup_member(user, obj.organization_id))
    if action == Action.VIEW_MY_SOLUTIONS:
        # "My solutions" only makes sense for an account bound to a startup.
        return has_role(user, "startup") and organization_id(user) is not None
    if action == Action.CHANGE_STARTUP:
        # A startup keeps its own profile current; obj is the organisation.
        return obj is not None and (is_hub_admin(user) or _startup_member(user, obj.pk))
    if action == Action.REGISTER_STARTUP:
        # Self-service sign-up creates a new account: only for visitors not already signed in.
        return not is_authenticated(user)
    return False
