"""Who may see, record, update and confirm replications. Deny by default; every rule says why.

Objects: a Replication, or for RECORD the municipality organisation that would replicate."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from hublocal.core.permissions import has_role, is_authenticated, is_hub_staff, organization_id
from hublocal.library import permissions as library_permissions


class Action(StrEnum):
    VIEW_REPLICATIONS = "replications.view_replications"
    VIEW_CONTACT = "replications.view_contact"
    RECORD = "replications.record"
    CHANGE = "replications.change"
    CONFIRM = "replications.confirm"
    VIEW_PEERS = "replications.view_peers"


def is_own_municipality(user: Any, organization_id_: int | None) -> bool:
    """An official (municipal role) of that municipality."""
    return organization_id_ is not None and has_role(user, "municipal") and organization_id(user) == organization_id_


def can(user: Any, action: Action, obj: Any = None) -> bool:
    if action in (Action.VIEW_REPLICATIONS, Action.VIEW_PEERS):
        # Replications are the hub's evidence that a practice travels: public once recorded,
        # like pilots. Peers are computed from public scores and public indicators only.
        return True
    if action == Action.VIEW_CONTACT:
        # The contact person is need-to-know: the hub, the municipality itself, and officials of
        # other municipalities, who are the ones that call to learn how it went.
        if obj is None:
            return False
        return is_hub_staff(user) or has_role(user, "municipal")
    if action == Action.RECORD:
        # A municipality declares its own replications; the hub may record them on its behalf.
        if is_hub_staff(user):
            return True
        if obj is None:
            return has_role(user, "municipal") and organization_id(user) is not None
        return is_own_municipality(user, obj.pk)
    if action == Action.CHANGE:
        # Status and results are the municipality's own account (the hub may correct them); a
        # confirmed replication is evidence and no longer changes.
        if obj is None or obj.confirmed_at is not None:
            return False
        return is_hub_staff(user) or is_own_municipality(user, obj.municipality_id)
    if action == Action.CONFIRM:
        # A replication counts as evidence only once someone independent of the municipality
        # checks it: hub staff or a reviewer the library appointed.
        if obj is None or not is_authenticated(user):
            return False
        if obj.status != "implemented" or obj.confirmed_at is not None:
            return False
        if is_hub_staff(user):
            return True
        return library_permissions.reviewer_areas(user) is not None and organization_id(user) != obj.municipality_id
    return False
