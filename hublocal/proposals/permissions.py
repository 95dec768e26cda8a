"""Who may do what with proposals, the committee's evaluation and working sessions.
Deny by default; every rule says why.

A proposal is private: its startup, the hub, the call's committee and the buyer (officials
of the challenge's municipalities) see it; another startup never does, so views answer 404
to anyone for whom VIEW_PROPOSAL is False. Deadlines are the services' business, not these
rules: a rule says who, a service says when."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from hublocal.core.permissions import has_role, is_authenticated, is_hub_admin, is_hub_staff, organization_id

from . import selectors
from .models import ProposalStatus


class Action(StrEnum):
    APPLY = "proposals.apply"
    VIEW_MINE = "proposals.view_mine"
    LIST_PROPOSALS = "proposals.list_proposals"
    VIEW_PROPOSAL = "proposals.view_proposal"
    CHANGE_PROPOSAL = "proposals.change_proposal"
    VIEW_CHALLENGE_PROPOSALS = "proposals.view_challenge_proposals"
    VIEW_EVALUATION = "proposals.view_evaluation"
    VIEW_SCORES = "proposals.view_scores"
    SCORE = "proposals.score"
    DECIDE = "proposals.decide"
    EXPORT_EVALUATION = "proposals.export_evaluation"
    MANAGE_COMMITTEE = "proposals.manage_committee"
    SCHEDULE_SESSION = "proposals.schedule_session"
    VIEW_SESSIONS = "proposals.view_sessions"
    VIEW_SESSION = "proposals.view_session"
    RECORD_SESSION = "proposals.record_session"


def _startup_member(user: Any, organization_id_: int | None) -> bool:
    return organization_id_ is not None and has_role(user, "startup") and organization_id(user) == organization_id_


def _buyer(user: Any, challenge: Any) -> bool:
    """An official of one of the municipalities that share the challenge."""
    org = organization_id(user)
    return (
        challenge is not None
        and org is not None
        and has_role(user, "municipal")
        and org in selectors.municipality_ids_of(challenge)
    )


def _committee(user: Any, call_id: int | None) -> bool:
    return call_id is not None and is_authenticated(user) and call_id in selectors.committee_call_ids(user)


def _challenge_public(challenge: Any) -> bool:
    return challenge is not None and challenge.status not in ("draft", "in_review")


def can(user: Any, action: Action, obj: Any = None) -> bool:
    if action == Action.APPLY:
        # Only a startup's own members apply, and always for their own organisation.
        return (
            has_role(user, "startup") and organization_id(user) is not None and (obj is None or _challenge_public(obj))
        )
    if action == Action.VIEW_MINE:
        # "My proposals" is the applicant's page; the hub and buyers work from the challenge.
        return has_role(user, "startup") and organization_id(user) is not None
    if action == Action.LIST_PROPOSALS:
        # Anyone signed in may ask; selectors.proposals_visible_to decides which they get
        # (a startup only its own, always).
        return is_authenticated(user)
    if action == Action.VIEW_PROPOSAL:
        if obj is None:
            return False
        if is_hub_staff(user) or _startup_member(user, obj.organization_id):
            # The hub runs the programme; the applicant always sees what it sent.
            return True
        # Evaluators and the buyer see what is in the competition; a withdrawn proposal was
        # taken back by its startup and is no longer theirs to read.
        return obj.status != ProposalStatus.WITHDRAWN and (
            _buyer(user, obj.challenge) or _committee(user, obj.challenge.call_id)
        )
    if action == Action.CHANGE_PROPOSAL:
        # A proposal is the startup's own word: nobody else edits, withdraws or attaches to it.
        return obj is not None and _startup_member(user, obj.organization_id)
    if action == Action.VIEW_CHALLENGE_PROPOSALS:
        # The list of applicants is for the hub, the committee and the buyer, never competitors.
        if obj is None:
            return is_hub_staff(user)
        return is_hub_staff(user) or _buyer(user, obj) or _committee(user, obj.call_id)
    if action == Action.VIEW_EVALUATION:
        # The board ranks every applicant of the call: the hub and the appointed committee only.
        return obj is not None and (is_hub_staff(user) or _committee(user, obj.pk))
    if action == Action.VIEW_SCORES:
        # Each member's scores are the committee's working material (and the hub's).
        return obj is not None and (is_hub_staff(user) or _committee(user, obj.challenge.call_id))
    if action == Action.SCORE:
        # Only appointed members score, and only proposals still in the competition.
        return obj is not None and obj.status != ProposalStatus.WITHDRAWN and _committee(user, obj.challenge.call_id)
    if action in (Action.DECIDE, Action.MANAGE_COMMITTEE):
        # Shortlists, feedback and who sits on the committee are the programme's decisions.
        return is_hub_admin(user)
    if action == Action.EXPORT_EVALUATION:
        # Exports leave the platform: the hub team's working material only.
        return is_hub_staff(user)
    if action == Action.SCHEDULE_SESSION:
        # The buyer meets the shortlisted startups; the hub may organise it with them.
        return obj is not None and (is_hub_staff(user) or _buyer(user, obj))
    if action == Action.VIEW_SESSIONS:
        # Anyone signed in may ask; selectors.sessions_visible_to decides which they see.
        return is_authenticated(user)
    if action == Action.VIEW_SESSION:
        if obj is None:
            return False
        # The hub, the municipality that meets and the startups invited to the table.
        return (
            is_hub_staff(user)
            or (has_role(user, "municipal") and organization_id(user) == obj.municipality_id)
            or (has_role(user, "startup") and organization_id(user) in selectors.participant_organization_ids(obj))
        )
    if action == Action.RECORD_SESSION:
        # The minutes are the municipality's record of its meeting (or the hub's, for it).
        return obj is not None and (
            is_hub_staff(user) or (has_role(user, "municipal") and organization_id(user) == obj.municipality_id)
        )
    return False
