"""Who may see, propose, review and manage library resources. Deny by default; every rule says why."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from hublocal.core.permissions import has_role, is_authenticated, is_hub_staff, organization_id


class Action(StrEnum):
    VIEW_LIBRARY = "library.view_library"
    VIEW_RESOURCE = "library.view_resource"
    PROPOSE = "library.propose"
    VIEW_MINE = "library.view_mine"
    CHANGE_RESOURCE = "library.change_resource"
    SUBMIT = "library.submit"
    REVIEW_QUEUE = "library.review_queue"
    REVIEW = "library.review"
    SET_EVIDENCE = "library.set_evidence"
    RETIRE = "library.retire"
    MANAGE_REVIEWERS = "library.manage_reviewers"
    MANAGE_DIMENSIONS = "library.manage_dimensions"
    VIEW_USAGE = "library.view_usage"
    DRAFT_FROM_PILOT = "library.draft_from_pilot"


PROPOSER_ROLES = ("municipal", "startup", "partner")
_CACHE_ATTR = "_library_reviewer_areas"


def reviewer_areas(user: Any) -> list[str] | None:
    """The areas an appointed reviewer covers ([] = all), None when the account is not one.
    One query per request and account (kept on the user object)."""
    if not is_authenticated(user):
        return None
    if not hasattr(user, _CACHE_ATTR):
        from .models import ReviewerAppointment

        row = ReviewerAppointment.objects.filter(user_id=user.pk, active=True).values_list("areas", flat=True).first()
        setattr(user, _CACHE_ATTR, row)
    return getattr(user, _CACHE_ATTR)


def forget_reviewer(user: Any) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def _member(user: Any, resource: Any) -> bool:
    org_id = organization_id(user)
    return org_id is not None and resource.organization_id == org_id


def _reviewer_for(user: Any, resource: Any) -> bool:
    areas = reviewer_areas(user)
    if areas is None or _member(user, resource):
        # Nobody reviews their own organisation's work.
        return False
    return not areas or not resource.areas or bool(set(areas) & set(resource.areas))


def _is_proposer(user: Any) -> bool:
    return any(has_role(user, r) for r in PROPOSER_ROLES) and organization_id(user) is not None


def can(user: Any, action: Action, obj: Any = None) -> bool:
    if action == Action.VIEW_LIBRARY:
        # The library is public knowledge: anyone reads what is published.
        return True
    if action == Action.VIEW_RESOURCE:
        if obj is None or obj.status in ("published", "retired"):
            # Published (and retired: citations must keep resolving) resources are public.
            return True
        # Drafts and reviews are the proposer's work in progress: their organisation, the hub and
        # the reviewers it appointed (only once submitted).
        if is_hub_staff(user) or _member(user, obj):
            return True
        return obj.status == "in_review" and _reviewer_for(user, obj)
    if action in (Action.PROPOSE, Action.VIEW_MINE):
        # Any organisation member (municipality, startup, partner) proposes; the hub too.
        return is_hub_staff(user) or _is_proposer(user)
    if action in (Action.CHANGE_RESOURCE, Action.SUBMIT):
        # The proposing organisation and the hub edit; a retired resource is closed.
        return obj is not None and obj.status != "retired" and (is_hub_staff(user) or _member(user, obj))
    if action == Action.REVIEW_QUEUE:
        # Reviews are the hub's job and that of the partner reviewers it appointed.
        return is_hub_staff(user) or reviewer_areas(user) is not None
    if action in (Action.REVIEW, Action.SET_EVIDENCE):
        # The hub or an appointed reviewer for the resource's areas, never its own organisation.
        if obj is None:
            return is_hub_staff(user) or reviewer_areas(user) is not None
        if obj.status == "retired":
            return False
        return is_hub_staff(user) or _reviewer_for(user, obj)
    if action == Action.RETIRE:
        # Withdrawing public knowledge is an editorial decision of the hub.
        return is_hub_staff(user) and (obj is None or obj.status == "published")
    if action in (Action.MANAGE_REVIEWERS, Action.MANAGE_DIMENSIONS):
        # Who reviews, and what the diagnosis recommends, is the hub's editorial responsibility.
        return is_hub_staff(user)
    if action == Action.VIEW_USAGE:
        # Usage figures are for the authors' organisation and the hub.
        return obj is not None and (is_hub_staff(user) or _member(user, obj))
    if action == Action.DRAFT_FROM_PILOT:
        # obj is a pilot: its municipality documents a finished pilot; the hub may start from any
        # pilot that began (the model is reviewed before anyone sees it).
        if obj is None:
            return False
        if is_hub_staff(user):
            return obj.status in ("running", "paused", "finished")
        return (
            obj.status == "finished"
            and has_role(user, "municipal")
            and organization_id(user) == obj.agreement.municipality_id
        )
    return False
