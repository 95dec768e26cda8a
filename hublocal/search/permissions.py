"""Who may search. Deny by default; every rule says why."""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class Action(StrEnum):
    SEARCH = "search.search"


def can(user: Any, action: Action, obj: Any = None) -> bool:
    # The index holds only what anonymous visitors may open, so anyone may search it.
    return action == Action.SEARCH
