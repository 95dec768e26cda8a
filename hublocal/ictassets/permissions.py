"""Who may do what with the ICT asset register. Deny by default; every rule says why.

An asset's details (contract, owner, personal data it holds) belong to its municipality and the
hub: a municipal official reads and edits only their own municipality's assets, the hub staff
all of them. Everyone reads the aggregates and the open-source register."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from hublocal.core.permissions import has_role, is_authenticated, is_hub_staff, organization_id


class Action(StrEnum):
    PUBLIC = "ictassets.public"
    REGISTER = "ictassets.register"  # open one's own register, create, import
    VIEW = "ictassets.view"
    EDIT = "ictassets.edit"
    NATIONAL = "ictassets.national"
    SOLUTION_CREATE = "ictassets.solution_create"
    ADOPT = "ictassets.adopt"


def is_municipal_official(user: Any) -> bool:
    return has_role(user, "municipal") and organization_id(user) is not None


def _own(user: Any, municipality_id: int | None) -> bool:
    return is_municipal_official(user) and municipality_id is not None and organization_id(user) == municipality_id


def can(user: Any, action: Action, obj: Any = None) -> bool:
    if action == Action.PUBLIC:
        # Aggregates carry no contract, owner or personal data: open data.
        return True
    if action == Action.REGISTER:
        # Each municipality keeps its own register; the hub helps any of them.
        return is_hub_staff(user) or is_municipal_official(user)
    if action in (Action.VIEW, Action.EDIT):
        # Object by object: an official never reaches another municipality's asset.
        return obj is not None and (is_hub_staff(user) or _own(user, obj.municipality_id))
    if action == Action.NATIONAL:
        return is_hub_staff(user)
    if action == Action.SOLUTION_CREATE:
        # A municipality publishes what it maintains; the hub records the others.
        return is_hub_staff(user) or is_municipal_official(user)
    if action == Action.ADOPT:
        # A municipality declares its own adoption (the hub may correct on its behalf).
        return is_authenticated(user) and (is_hub_staff(user) or is_municipal_official(user))
    return False
