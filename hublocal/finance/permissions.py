"""Who may do what with the hub's finances. Deny by default; every rule says why.

The public sees aggregates only: each line's share, the recurrent share and the principles'
status (transparency of the financial model, seed 002), never a client or an amount per client.
Income records, memberships, budgets and rates are the hub team's work: staff only."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from hublocal.core.permissions import is_hub_staff


class Action(StrEnum):
    VIEW_PUBLIC = "finance.view_public"
    VIEW = "finance.view"
    MANAGE = "finance.manage"


def can(user: Any, action: Action, obj: Any = None) -> bool:
    if action == Action.VIEW_PUBLIC:
        # Shares and principles' status are public: they name no client and no amount.
        return True
    if action in (Action.VIEW, Action.MANAGE):
        # Amounts, clients and their contacts are the hub's accounts.
        return is_hub_staff(user)
    return False
