"""Who may do what with agreements. Deny by default; every rule says why.

Agreements are public by default (transparencia activa, Ley 20.285 art. 7): anyone reads the
register, except agreements staff marked not public, which only the hub and the parties see.
Withheld fields are hidden from everyone but the hub and the parties (selectors apply it)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from hublocal.core.permissions import is_authenticated, is_hub_staff, organization_id


class Action(StrEnum):
    LIST = "agreements.list"
    VIEW = "agreements.view"
    MANAGE = "agreements.manage"
    COMPLETE_OBLIGATION = "agreements.complete_obligation"


def party_organization_ids(agreement: Any) -> set[int]:
    """The organisations that are parties (from the prefetched parties when loaded)."""
    ids = getattr(agreement, "party_org_ids", None)
    if ids is None:
        ids = {p.organization_id for p in agreement.parties.all()}
    return set(ids)


def is_party_member(user: Any, agreement: Any) -> bool:
    """A member (account) of one of the organisations that signed the agreement."""
    if agreement is None or not is_authenticated(user):
        return False
    org = organization_id(user)
    return org is not None and org in party_organization_ids(agreement)


def can(user: Any, action: Action, obj: Any = None) -> bool:
    if action == Action.LIST:
        # The register is public: transparencia activa.
        return True
    if action == Action.VIEW:
        # Public agreements for anyone; a non-public one for the hub and its parties only.
        return obj is not None and (obj.is_public or is_hub_staff(user) or is_party_member(user, obj))
    if action == Action.MANAGE:
        # The hub records, amends and terminates agreements: the register is its responsibility.
        return is_hub_staff(user)
    if action == Action.COMPLETE_OBLIGATION:
        # An obligation is reported done by the party that owes it (or the hub on its behalf).
        if obj is None:
            return False
        return is_hub_staff(user) or (is_authenticated(user) and organization_id(user) == obj.party.organization_id)
    return False


def sees_withheld(user: Any, agreement: Any) -> bool:
    """Withheld values are for the hub and the parties, who signed them."""
    return is_hub_staff(user) or is_party_member(user, agreement)
