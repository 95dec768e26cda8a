"""Who may do what with round tables and policy-influence records. Deny by default; every rule
says why.

A round table is public work of the hub: anyone sees its theme, member organisations, meetings
(date, agenda, approved minutes) and its commitment record. Draft minutes and documents marked
internal are for the table's members. Policy items are public once published."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from hublocal.core.permissions import is_authenticated, is_hub_staff, organization_id

from .models import MemberRole


class Action(StrEnum):
    VIEW_TABLE = "articulation.view_table"
    VIEW_MEMBER_CONTENT = "articulation.view_member_content"
    MANAGE_TABLE = "articulation.manage_table"
    MANAGE_MEETINGS = "articulation.manage_meetings"
    LIST_POLICY = "articulation.list_policy"
    VIEW_POLICY = "articulation.view_policy"
    MANAGE_POLICY = "articulation.manage_policy"


def _members(table: Any) -> list[Any]:
    # The detail selector prefetches members; a bare table asks once.
    cached = getattr(table, "_prefetched_objects_cache", {}).get("members")
    return list(cached) if cached is not None else list(table.members.all())


def is_member(user: Any, table: Any) -> bool:
    """Someone of a member organisation (an account belongs to one organisation)."""
    if table is None or not is_authenticated(user):
        return False
    own = organization_id(user)
    return own is not None and any(m.organization_id == own for m in _members(table))


def is_coordinator(user: Any, table: Any) -> bool:
    if table is None or not is_authenticated(user):
        return False
    own = organization_id(user)
    return any(m.role == MemberRole.COORDINATOR and m.organization_id == own for m in _members(table))


def can(user: Any, action: Action, obj: Any = None) -> bool:
    if action == Action.VIEW_TABLE:
        # Round tables are the hub's public articulation work.
        return True
    if action == Action.VIEW_MEMBER_CONTENT:
        # Draft minutes and internal documents are working material of the table.
        return is_hub_staff(user) or is_member(user, obj)
    if action == Action.MANAGE_TABLE:
        # Creating tables and choosing their members is the hub's decision.
        return is_hub_staff(user)
    if action == Action.MANAGE_MEETINGS:
        # The hub and the table's coordinators keep its meetings and commitments.
        return is_hub_staff(user) or is_coordinator(user, obj)
    if action == Action.LIST_POLICY:
        # The list is public; it holds only what the visitor may open (drafts for staff).
        return True
    if action == Action.VIEW_POLICY:
        # A published position is public; a draft is the hub's until it takes it.
        return is_hub_staff(user) or (obj is not None and obj.published)
    if action == Action.MANAGE_POLICY:
        # The hub's positions are the hub's to take.
        return is_hub_staff(user)
    return False
