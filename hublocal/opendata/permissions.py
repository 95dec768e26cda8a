"""Who may do what in the open-data portal: everything is public (open data, CC BY 4.0)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class Action(StrEnum):
    LIST = "opendata.list"
    VIEW = "opendata.view"
    DOWNLOAD = "opendata.download"


def can(user: Any, action: Action, obj: Any = None) -> bool:
    # Open data is for anyone, signed in or not; what may be published is decided when a version
    # is built (services.check_publishable), not per request.
    return action in (Action.LIST, Action.VIEW, Action.DOWNLOAD)
