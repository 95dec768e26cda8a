"""Who may do what with agreements, pilots, measurements, ratings, the supplier record and the
programme funnel. Deny by default; every rule says why.

Objects: a Pilot or an Agreement for pilot/agreement actions (both carry the municipality and
the startup), the shortlisted proposal for CREATE_AGREEMENT, the startup organisation for
VIEW_SUPPLIER_DETAILS."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from hublocal.core.permissions import has_role, is_hub_admin, is_hub_staff, organization_id
from hublocal.innovation import selectors as innovation_selectors


class Action(StrEnum):
    VIEW_PILOTS = "pilots.view_pilots"
    VIEW_AGREEMENT = "pilots.view_agreement"
    CREATE_AGREEMENT = "pilots.create_agreement"
    MANAGE_PILOT = "pilots.manage_pilot"
    RECORD_MEASUREMENT = "pilots.record_measurement"
    RATE_PROVIDER = "pilots.rate_provider"
    VIEW_SUPPLIERS = "pilots.view_suppliers"
    VIEW_SUPPLIER_DETAILS = "pilots.view_supplier_details"
    VIEW_PROGRAMME = "pilots.view_programme"
    VIEW_PROGRAMME_MUNICIPALITIES = "pilots.view_programme_municipalities"
    VIEW_OPEN_CALL_FIGURES = "pilots.view_open_call_figures"


def _agreement(obj: Any) -> Any:
    """The agreement behind a pilot or an agreement (both are accepted)."""
    return getattr(obj, "agreement", obj)


def is_municipal_party(user: Any, obj: Any) -> bool:
    """An official of the municipality that signed the agreement."""
    agreement = _agreement(obj)
    return agreement is not None and has_role(user, "municipal") and organization_id(user) == agreement.municipality_id


def is_startup_party(user: Any, obj: Any) -> bool:
    """A member of the startup that signed the agreement."""
    agreement = _agreement(obj)
    return agreement is not None and has_role(user, "startup") and organization_id(user) == agreement.startup_id


def can(user: Any, action: Action, obj: Any = None) -> bool:
    if action in (Action.VIEW_PILOTS, Action.VIEW_AGREEMENT):
        # Every agreement and pilot is public: public money and open data by default.
        return True
    if action == Action.CREATE_AGREEMENT:
        # The buyer signs: the hub's administrators or an official of one of the challenge's
        # municipalities (the proposal's challenge decides which).
        if is_hub_admin(user):
            return True
        if obj is None or not has_role(user, "municipal"):
            return False
        return organization_id(user) in innovation_selectors.challenge_municipality_ids(challenge=obj.challenge)
    if action == Action.MANAGE_PILOT:
        # Indicators and the pilot's course are the municipality's decisions (the hub may act with it).
        if obj is None:
            return False
        return is_hub_admin(user) or is_municipal_party(user, obj)
    if action == Action.RECORD_MEASUREMENT:
        # Both parties measure, and the hub team helps them keep the series complete.
        if obj is None:
            return False
        return is_hub_staff(user) or is_municipal_party(user, obj) or is_startup_party(user, obj)
    if action == Action.RATE_PROVIDER:
        # The rating is the buyer's own judgement of its provider: never the hub's, never the startup's.
        return obj is not None and is_municipal_party(user, obj)
    if action in (Action.VIEW_SUPPLIERS, Action.VIEW_PROGRAMME):
        # Supplier summaries and the aggregate funnel are public (the record the OECD found missing).
        return True
    if action == Action.VIEW_SUPPLIER_DETAILS:
        # Per-criterion ratings and comments inform other buyers; the startup sees its own.
        if is_hub_staff(user) or has_role(user, "municipal"):
            return True
        return obj is not None and has_role(user, "startup") and organization_id(user) == obj.pk
    if action == Action.VIEW_PROGRAMME_MUNICIPALITIES:
        # Which municipality lags behind is the hub team's working material.
        return is_hub_staff(user)
    if action == Action.VIEW_OPEN_CALL_FIGURES:
        # How many proposals an open call has received would tell competitors how crowded it is.
        return is_hub_staff(user)
    return False
