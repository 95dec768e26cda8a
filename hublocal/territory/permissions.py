"""Who may do what with the territory. Deny by default."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from hublocal.core.permissions import is_hub_admin


class Action(StrEnum):
    VIEW = "territory.view"
    CHANGE_TYPOLOGY = "territory.change_typology"
    REGISTER_FOREIGN_MUNICIPALITY = "territory.register_foreign_municipality"


def can(user: Any, action: Action, obj: Any = None) -> bool:
    if action == Action.VIEW:
        # The territory is public reference data.
        return True
    if action in (Action.CHANGE_TYPOLOGY, Action.REGISTER_FOREIGN_MUNICIPALITY):
        # Classification drives every peer comparison: only hub administrators change it.
        return is_hub_admin(user)
    return False
