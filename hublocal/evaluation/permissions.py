"""Who may do what with the hub's indicators. Deny by default; every rule says why."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from hublocal.core.permissions import is_hub_staff


class Action(StrEnum):
    VIEW = "evaluation.view"
    VIEW_RESTRICTED = "evaluation.view_restricted"
    SET_TARGET = "evaluation.set_target"
    RECOMPUTE = "evaluation.recompute"
    MANAGE_RESULTS = "evaluation.manage_results"
    VIEW_REPORT = "evaluation.view_report"
    MANAGE_REPORT = "evaluation.manage_report"


def can(user: Any, action: Action, obj: Any = None) -> bool:
    if action == Action.VIEW:
        # Accountability: the hub's figures and their public records are for everyone.
        return True
    if action == Action.VIEW_RESTRICTED:
        # Records behind a figure that are not public (a person's certificate, a private
        # agreement, an engagement) are for the hub's staff, who answer for the figures.
        return is_hub_staff(user)
    if action in (Action.SET_TARGET, Action.RECOMPUTE):
        # Targets are the hub's annual plan; its staff set them and refresh the figures.
        return is_hub_staff(user)
    if action == Action.MANAGE_RESULTS:
        # The results framework is the hub's annual plan, kept by its staff.
        return is_hub_staff(user)
    if action == Action.VIEW_REPORT:
        # A frozen report is published for everyone; a draft (not frozen) only for the staff
        # who write it, so nothing unfinished is read as the hub's account of a year.
        return obj is not None and (obj.is_frozen or is_hub_staff(user))
    if action == Action.MANAGE_REPORT:
        return is_hub_staff(user) and (obj is None or not obj.is_frozen)
    return False
