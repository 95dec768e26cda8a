"""Who may do what with technical assistance. Deny by default; every rule says why.

Requests and engagements are private to the requesting municipality, the engagement's team and
the hub: they discuss a municipality's weaknesses and its budget. Only aggregate counts and
areas are public (the municipality's profile panel); published outputs live in the library."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from hublocal.core.permissions import has_role, is_authenticated, is_hub_staff, organization_id


class Action(StrEnum):
    LIST = "assistance.list"
    REQUEST = "assistance.request"
    VIEW_REQUEST = "assistance.view_request"
    TRIAGE = "assistance.triage"
    VIEW_ENGAGEMENT = "assistance.view_engagement"
    MANAGE = "assistance.manage"
    SUBMIT_DELIVERABLE = "assistance.submit_deliverable"
    REVIEW_DELIVERABLE = "assistance.review_deliverable"
    RATE = "assistance.rate"
    PUBLISH = "assistance.publish"


def is_requesting_municipality(user: Any, obj: Any) -> bool:
    """An official of the municipality the request or engagement is for."""
    return obj is not None and has_role(user, "municipal") and organization_id(user) == obj.organization_id


def is_team_member(user: Any, engagement: Any) -> bool:
    """On the engagement's team (hub staff or a partner institution's expert). Uses the
    prefetched team when the selector loaded it."""
    if engagement is None or not is_authenticated(user):
        return False
    ids = getattr(engagement, "team_user_ids", None)
    if ids is None:
        ids = {m.user_id for m in engagement.team.all()}
    return user.pk in ids


def can(user: Any, action: Action, obj: Any = None) -> bool:
    if action == Action.LIST:
        # The list shows each person only their own: their municipality's, their team's, or all for staff.
        return is_hub_staff(user) or has_role(user, "municipal") or has_role(user, "partner")
    if action == Action.REQUEST:
        # A municipality asks for help for itself; nobody asks on its behalf.
        return has_role(user, "municipal") and organization_id(user) is not None
    if action == Action.VIEW_REQUEST:
        return is_hub_staff(user) or is_requesting_municipality(user, obj)
    if action in (Action.TRIAGE, Action.MANAGE, Action.PUBLISH):
        # Triage, scoping, the engagement's course and publication are the hub's decisions.
        return is_hub_staff(user)
    if action == Action.VIEW_ENGAGEMENT:
        return is_hub_staff(user) or is_requesting_municipality(user, obj) or is_team_member(user, obj)
    if action == Action.SUBMIT_DELIVERABLE:
        # Whoever works on it delivers; hub staff may upload on an expert's behalf.
        return is_hub_staff(user) or is_team_member(user, obj)
    if action in (Action.REVIEW_DELIVERABLE, Action.RATE):
        # The municipality judges what it received: never the team that produced it.
        return is_requesting_municipality(user, obj)
    return False
