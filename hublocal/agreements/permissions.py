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
    MANAGE_DOCUMENTS = "agreements.manage_documents"
    DOWNLOAD_VERSION = "agreements.download_version"


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
    if action == Action.MANAGE_DOCUMENTS:
        # The hub keeps the register's documents, as it keeps the terms (obj: the agreement).
        return obj is not None and is_hub_staff(user)
    if action == Action.DOWNLOAD_VERSION:
        # obj: a document version with document.agreement loaded.
        if obj is None:
            return False
        agreement = obj.document.agreement
        if not can(user, Action.VIEW, agreement):
            return False
        return sees_version(user, agreement, obj)
    return False


def has_withholdings(agreement: Any) -> bool:
    ids = getattr(agreement, "withheld_fields", None)
    if ids is None:
        ids = [w.field for w in agreement.withholdings.all()]
    return bool(ids)


def sees_version(user: Any, agreement: Any, version: Any) -> bool:
    """Parties and the hub read every version. When parts of the agreement are withheld (Ley
    20.285 art. 21) the public reads only the redacted versions staff marked public; otherwise
    the documents are public like the rest of the agreement (transparencia activa)."""
    if sees_withheld(user, agreement):
        return True
    return version.is_public_version or not has_withholdings(agreement)


def sees_withheld(user: Any, agreement: Any) -> bool:
    """Withheld values are for the hub and the parties, who signed them."""
    return is_hub_staff(user) or is_party_member(user, agreement)
