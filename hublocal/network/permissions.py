"""Who may do what with the hub's units and roadmap. Deny by default; every rule says why.

The units map and the roadmap are public: they say what the hub is and how far its installation
has come. Only the hub's staff maintain them, since they state the hub's own commitments."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from hublocal.core.permissions import is_hub_staff


class Action(StrEnum):
    VIEW = "network.view"
    EDIT_STAGE = "network.edit_stage"
    EDIT_MEMBERSHIP = "network.edit_membership"
    EDIT_NETWORKS = "network.edit_networks"
    EDIT_UNITS = "network.edit_units"


def can(user: Any, action: Action, obj: Any = None) -> bool:
    if action == Action.VIEW:
        # Public: the hub's structure and progress are accountability to its members.
        return True
    if action == Action.EDIT_STAGE:
        # The roadmap states the hub's own progress: its staff keep it up to date.
        return is_hub_staff(user)
    if action == Action.EDIT_UNITS:
        # The units map says what the hub is made of: its staff keep it.
        return is_hub_staff(user)
    if action in (Action.EDIT_MEMBERSHIP, Action.EDIT_NETWORKS):
        # AMUCH's register of members and the hub's international links are kept by its staff;
        # a municipality cannot declare itself a member.
        return is_hub_staff(user)
    return False
