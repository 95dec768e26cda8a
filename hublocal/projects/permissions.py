"""Who may do what with collaborative projects. Deny by default; every rule says why.

Projects are public: their objectives, partners, funding and progress are accountability the hub
owes to the municipalities and funders (like Decidim's accountability component). Writing is for
the hub's staff and the people of the partner organisations that carry the project out."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from hublocal.core.permissions import is_authenticated, is_hub_staff, organization_id


class Action(StrEnum):
    VIEW = "projects.view"
    CREATE = "projects.create"
    EDIT = "projects.edit"
    MANAGE = "projects.manage"


def is_partner_member(user: Any, project: Any) -> bool:
    """Works for one of the project's partner organisations. Uses the ids the selector
    prefetched when it loaded them."""
    if project is None or not is_authenticated(user):
        return False
    org = organization_id(user)
    if org is None:
        return False
    ids = getattr(project, "partner_org_ids", None)
    if ids is None:
        ids = {p.organization_id for p in project.partners.all()}
    return org in ids


def can(user: Any, action: Action, obj: Any = None) -> bool:
    if action == Action.VIEW:
        # Public accountability: anyone reads a project and its progress.
        return True
    if action == Action.CREATE:
        # Starting a project commits the hub: its staff records it.
        return is_hub_staff(user)
    if action == Action.EDIT:
        # Those who carry the project out report its progress; the hub oversees all.
        return is_hub_staff(user) or is_partner_member(user, obj)
    if action == Action.MANAGE:
        # The project's terms (title, objectives, dates, status) are the hub's commitment, like
        # starting it: partners report progress, the hub's staff change what was agreed.
        return is_hub_staff(user)
    return False
