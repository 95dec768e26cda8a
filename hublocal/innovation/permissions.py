"""Who may do what in open innovation. Deny by default; every rule says why."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from hublocal.core.permissions import has_role, is_authenticated, is_hub_admin, is_hub_staff, organization_id

# Statuses whose challenges are public (the catalogue of problems is open data).
PUBLIC_STATUSES = ("published", "closed", "in_pilot", "finished", "archived")


class Action(StrEnum):
    VIEW_CHALLENGE = "innovation.view_challenge"
    CREATE_CHALLENGE = "innovation.create_challenge"
    CHANGE_CHALLENGE = "innovation.change_challenge"
    ADOPT_GAP = "innovation.adopt_gap"
    SEND_TO_REVIEW = "innovation.send_to_review"
    RETURN_CHALLENGE = "innovation.return_challenge"
    PUBLISH_CHALLENGE = "innovation.publish_challenge"
    CLOSE_CHALLENGE = "innovation.close_challenge"
    ARCHIVE_CHALLENGE = "innovation.archive_challenge"
    VIEW_MATCHES = "innovation.view_matches"
    VIEW_STARTUP_MATCHES = "innovation.view_startup_matches"
    VIEW_RECOMMENDED = "innovation.view_recommended"
    VIEW_CALL = "innovation.view_call"
    MANAGE_CALLS = "innovation.manage_calls"
    ASK_QUESTION = "innovation.ask_question"
    ANSWER_QUESTION = "innovation.answer_question"
    VIEW_EVENT = "innovation.view_event"
    MANAGE_EVENTS = "innovation.manage_events"
    REGISTER_EVENT = "innovation.register_event"
    VIEW_REGISTRATIONS = "innovation.view_registrations"


def _official_of(user: Any, municipality_ids: set[int]) -> bool:
    return has_role(user, "municipal") and organization_id(user) in municipality_ids


def challenge_municipality_ids(challenge: Any) -> set[int]:
    """Owner plus co-municipalities; uses the prefetched memberships when they were loaded."""
    ids = {m.organization_id for m in challenge.memberships.all()}
    ids.add(challenge.owner_id)
    return ids


def is_challenge_official(user: Any, challenge: Any) -> bool:
    return challenge is not None and _official_of(user, challenge_municipality_ids(challenge))


def can(user: Any, action: Action, obj: Any = None) -> bool:
    if action == Action.VIEW_CHALLENGE:
        if obj is None:
            # Anyone may list challenges; the selector narrows the list to what each may see.
            return True
        if obj.status in PUBLIC_STATUSES:
            # Published problems are public: startups and citizens must be able to find them.
            return True
        # Drafts and those under review belong to their municipalities and the hub until published.
        return is_hub_staff(user) or is_challenge_official(user, obj)
    if action == Action.CREATE_CHALLENGE:
        if obj is None:
            # Municipal officials write challenges; hub administrators may write one for a municipality.
            return is_hub_admin(user) or (has_role(user, "municipal") and organization_id(user) is not None)
        # obj is the owning municipality: officials write only for their own.
        return getattr(obj, "kind", "") == "municipality" and (
            is_hub_admin(user) or (has_role(user, "municipal") and organization_id(user) == obj.pk)
        )
    if action == Action.CHANGE_CHALLENGE:
        if obj is None:
            return False
        if obj.status == "draft" and is_challenge_official(user, obj):
            # The municipality words its own problem while it is still a draft.
            return True
        # The hub team helps with the wording until publication freezes it.
        return obj.status in ("draft", "in_review") and is_hub_staff(user)
    if action == Action.ADOPT_GAP:
        # Turning a gap of one's own diagnosis into a challenge is the municipality's decision.
        if obj is None:
            return has_role(user, "municipal") and organization_id(user) is not None
        return has_role(user, "municipal") and organization_id(user) == obj.organization_id
    if action == Action.SEND_TO_REVIEW:
        # The municipality decides when its problem statement is ready for the hub's review.
        return obj is not None and obj.status == "draft" and (is_challenge_official(user, obj) or is_hub_admin(user))
    if action == Action.RETURN_CHALLENGE:
        # Reviewing (and sending back with observations) is the hub team's job.
        return obj is not None and obj.status == "in_review" and is_hub_staff(user)
    if action in (Action.PUBLISH_CHALLENGE, Action.CLOSE_CHALLENGE, Action.ARCHIVE_CHALLENGE):
        # Publishing, closing and archiving commit the programme publicly: hub administrators only.
        return is_hub_admin(user)
    if action == Action.VIEW_MATCHES:
        # The ranked shortlist of solutions is the buyer's working tool (the hub and the
        # challenge's municipalities); startups see their own recommendations, never a ranking
        # of their competitors for a challenge they may apply to.
        return obj is not None and (is_hub_staff(user) or is_challenge_official(user, obj))
    if action == Action.VIEW_STARTUP_MATCHES:
        # What the platform recommends to a startup is for its own members and the hub team.
        if obj is None:
            return is_authenticated(user)
        return is_hub_staff(user) or (has_role(user, "startup") and organization_id(user) == obj.pk)
    if action == Action.VIEW_RECOMMENDED:
        # The recommendations page is the startup's own view of its matches.
        return has_role(user, "startup") and organization_id(user) is not None
    if action == Action.VIEW_CALL:
        if obj is None:
            return True
        # A draft call is the hub's working document; published and cancelled ones are public record.
        return obj.status != "draft" or is_hub_staff(user)
    if action == Action.MANAGE_CALLS:
        # Calls commit the programme's money and the municipalities' time: hub administrators only.
        return is_hub_admin(user)
    if action == Action.ASK_QUESTION:
        # Any signed-in person may ask on a published call; anonymity hides them from all but the hub.
        return is_authenticated(user) and (obj is None or obj.status == "published")
    if action == Action.ANSWER_QUESTION:
        if is_hub_staff(user):
            # The hub answers every question of the board.
            return True
        # A question about one challenge may be answered by the municipality that owns the problem.
        challenge = getattr(obj, "challenge", None)
        return challenge is not None and is_challenge_official(user, challenge)
    if action == Action.VIEW_EVENT:
        # Presentation events are public invitations.
        return True
    if action == Action.MANAGE_EVENTS:
        # Events are organised by the hub's administrators.
        return is_hub_admin(user)
    if action == Action.REGISTER_EVENT:
        # Anyone may register (anonymous visitors give a name and an e-mail).
        return True
    if action == Action.VIEW_REGISTRATIONS:
        # Registrants' names and e-mails are personal data: hub team only.
        return is_hub_staff(user)
    return False
