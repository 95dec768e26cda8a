"""Who may do what in diagnosis. Deny by default; every rule says why."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from hublocal.core.permissions import has_role, is_authenticated, is_hub_admin, is_hub_staff, organization_id


class Action(StrEnum):
    VIEW_INSTRUMENT = "diagnosis.view_instrument"
    VIEW_CAMPAIGNS = "diagnosis.view_campaigns"
    MANAGE_CAMPAIGNS = "diagnosis.manage_campaigns"
    VIEW_CAMPAIGN_DASHBOARD = "diagnosis.view_campaign_dashboard"
    EXPORT_RESPONSES = "diagnosis.export_responses"
    VIEW_PARTICIPATION = "diagnosis.view_participation"
    VIEW_ANSWERS = "diagnosis.view_answers"
    ANSWER = "diagnosis.answer"
    CONFIRM = "diagnosis.confirm"
    SUBMIT = "diagnosis.submit"
    REOPEN = "diagnosis.reopen"
    VIEW_RESULT = "diagnosis.view_result"
    PROPOSE_CHALLENGE = "diagnosis.propose_challenge"
    VIEW_MY_DIAGNOSES = "diagnosis.view_my_diagnoses"


def _own_municipality(user: Any, participation: Any) -> bool:
    return (
        participation is not None
        and has_role(user, "municipal")
        and organization_id(user) == participation.organization_id
    )


def can(user: Any, action: Action, obj: Any = None) -> bool:
    if action == Action.VIEW_INSTRUMENT:
        # Questionnaires and their method are public: transparency about how we measure.
        return True
    if action == Action.VIEW_CAMPAIGNS:
        # Anyone may ask; selectors.campaign_list_visible decides which campaigns each sees
        # (published ones for all, their own for municipalities, every one for the hub).
        return True
    if action in (Action.MANAGE_CAMPAIGNS, Action.REOPEN):
        # Launching, reopening and extending campaigns commits municipalities' time: admins only.
        return is_hub_admin(user)
    if action in (Action.VIEW_CAMPAIGN_DASHBOARD, Action.EXPORT_RESPONSES):
        # The funnel, the raw responses and their exports are the hub team's working material.
        return is_hub_staff(user)
    if action in (Action.VIEW_PARTICIPATION, Action.VIEW_ANSWERS):
        # Raw answers are private to the municipality that gave them and to the hub team.
        return is_hub_staff(user) or _own_municipality(user, obj)
    if action in (Action.ANSWER, Action.CONFIRM):
        # Officials answer for their own municipality only; the hub never answers for them.
        return _own_municipality(user, obj)
    if action == Action.SUBMIT:
        # The named focal point submits; until one is named any official of the municipality may.
        if not _own_municipality(user, obj):
            return False
        focal = obj.focal_point
        if focal is None or focal.user_id is None:
            return True
        return focal.user_id == user.pk
    if action == Action.VIEW_RESULT:
        # Published scores are open data; unpublished ones stay with the municipality and the hub.
        if obj is None:
            return True
        if obj.campaign.results_public:
            return True
        return is_hub_staff(user) or _own_municipality(user, obj)
    if action == Action.PROPOSE_CHALLENGE:
        # Turning a gap into a challenge is the municipality's decision (or the hub's, with it).
        return is_hub_admin(user) or _own_municipality(user, obj)
    if action == Action.VIEW_MY_DIAGNOSES:
        return is_authenticated(user) and has_role(user, "municipal")
    return False
