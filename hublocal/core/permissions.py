"""Role facts every app's permissions.py builds on. Rules themselves live in each app."""

from __future__ import annotations

from typing import Any

HUB_STAFF_ROLES = ("hub_admin", "hub_analyst")


def is_authenticated(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def is_hub_staff(user: Any) -> bool:
    return is_authenticated(user) and getattr(user, "role", None) in HUB_STAFF_ROLES


def is_hub_admin(user: Any) -> bool:
    return is_authenticated(user) and getattr(user, "role", None) == "hub_admin"


def has_role(user: Any, role: str) -> bool:
    return is_authenticated(user) and getattr(user, "role", None) == role


def organization_id(user: Any) -> int | None:
    """The one organisation a non-staff account is bound to (None for staff and anonymous)."""
    if not is_authenticated(user):
        return None
    return getattr(user, "organization_id", None)
