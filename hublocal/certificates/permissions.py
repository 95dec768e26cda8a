"""Who may do what with certificates. Deny by default; every rule says why.

Objects: a Certificate."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from hublocal.core.permissions import is_hub_admin, is_hub_staff


class Action(StrEnum):
    VERIFY = "certificates.verify"
    VIEW_OWN = "certificates.view_own"
    DOWNLOAD_PDF = "certificates.download_pdf"
    VIEW_LIST = "certificates.view_list"
    ISSUE = "certificates.issue"
    REVOKE = "certificates.revoke"


def is_holder(user: Any, certificate: Any) -> bool:
    return (
        certificate is not None
        and getattr(user, "is_authenticated", False)
        and certificate.holder_user_id is not None
        and certificate.holder_user_id == user.pk
    )


def can(user: Any, action: Action, obj: Any = None) -> bool:
    if action == Action.VERIFY:
        # Anyone shown a certificate (an employer, a municipality) must be able to check it.
        return True
    if action == Action.VIEW_OWN:
        # Every account has its own (possibly empty) list of certificates.
        return bool(getattr(user, "is_authenticated", False))
    if action == Action.DOWNLOAD_PDF:
        # The PDF carries the person's name: the holder and the hub's team, nobody else (others
        # check a certificate through its public verification page).
        return is_hub_staff(user) or is_holder(user, obj)
    if action == Action.VIEW_LIST:
        # The register of everything issued (names included) is the hub's.
        return is_hub_staff(user)
    if action == Action.ISSUE:
        # Issuing follows a completion the hub's team checked (training calls the service for it).
        return is_hub_staff(user)
    if action == Action.REVOKE:
        # Withdrawing a credential someone relies on is the administrators' decision, never an analyst's.
        return is_hub_admin(user)
    return False
