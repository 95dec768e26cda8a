"""Who may do what with events, demo-day pitches and awards. Deny by default; every rule says why.

Published events are public; drafts are the hub's. The connection link is for people with a seat.
A pitch application is between its startup and the hub: another startup never sees it (404).
A juror scores only the nominations of their edition, and never one of their own organisation."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from hublocal.core.permissions import has_role, is_authenticated, is_hub_staff, organization_id

from .models import AwardStatus, EventKind, EventStatus

PUBLIC_STATUSES = (EventStatus.PUBLISHED, EventStatus.CLOSED, EventStatus.HELD, EventStatus.CANCELLED)


class Action(StrEnum):
    LIST_EVENTS = "events.list"
    VIEW_EVENT = "events.view"
    MANAGE_EVENTS = "events.manage"
    REGISTER = "events.register"
    VIEW_REGISTRANTS = "events.view_registrants"
    APPLY_PITCH = "events.apply_pitch"
    VIEW_PITCH = "events.view_pitch"
    MARK_INTEREST = "events.mark_interest"
    LIST_AWARDS = "events.list_awards"
    VIEW_AWARD = "events.view_award"
    MANAGE_AWARDS = "events.manage_awards"
    NOMINATE = "events.nominate"
    SCORE = "events.score"
    VIEW_RESULTS = "events.view_results"


def is_juror(user: Any, edition: Any) -> bool:
    if edition is None or not is_authenticated(user):
        return False
    cached = getattr(edition, "_prefetched_objects_cache", {}).get("jurors")
    jurors = list(cached) if cached is not None else list(edition.jurors.all())
    return any(j.user_id == user.pk for j in jurors)


def can(user: Any, action: Action, obj: Any = None) -> bool:
    if action == Action.LIST_EVENTS or action == Action.LIST_AWARDS:
        # The lists are public; they only hold what the visitor may open.
        return True
    if action == Action.VIEW_EVENT:
        # A published event is the hub's public agenda; a draft is the hub's until published.
        return obj is not None and (obj.status in PUBLIC_STATUSES or is_hub_staff(user))
    if action == Action.MANAGE_EVENTS or action == Action.VIEW_REGISTRANTS:
        # The hub runs its events and keeps their registrants (personal data).
        return is_hub_staff(user)
    if action == Action.REGISTER:
        # Any signed-in person registers themself; the service checks the window and the seats.
        return is_authenticated(user) and (obj is None or obj.status in PUBLIC_STATUSES)
    if action == Action.APPLY_PITCH:
        # Startups pitch their own solutions at demo days.
        return has_role(user, "startup") and (obj is None or obj.kind == EventKind.DEMO_DAY)
    if action == Action.VIEW_PITCH:
        # An application is between its startup and the hub.
        return obj is not None and (is_hub_staff(user) or organization_id(user) == obj.organization_id)
    if action == Action.MARK_INTEREST:
        # Municipalities say which pitches they want to follow up.
        return has_role(user, "municipal") and organization_id(user) is not None
    if action == Action.VIEW_AWARD:
        return True
    if action == Action.MANAGE_AWARDS:
        # The hub appoints the jury, opens and closes the stages and publishes the winners.
        return is_hub_staff(user)
    if action == Action.NOMINATE:
        # A municipality nominates its own innovations; the hub nominates any municipality.
        nominating = obj is None or obj.status == AwardStatus.NOMINATING
        return nominating and (
            is_hub_staff(user) or (has_role(user, "municipal") and organization_id(user) is not None)
        )
    if action == Action.SCORE:
        # Only the appointed jury scores (conflicts of interest are refused per nomination).
        return is_juror(user, obj)
    if action == Action.VIEW_RESULTS:
        # Scores are the jury's work in progress until the hub publishes the winners.
        return obj is not None and (obj.status == AwardStatus.PUBLISHED or is_hub_staff(user))
    return False
