"""Who may see and change organisations, people and municipal designations.

Deny by default: an action or role not named here is refused."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from hublocal.core import registry
from hublocal.core.permissions import has_role, is_authenticated, is_hub_admin, is_hub_staff, organization_id


class Action(StrEnum):
    VIEW_ORGANIZATION = "directory.view_organization"
    CREATE_ORGANIZATION = "directory.create_organization"
    CHANGE_ORGANIZATION = "directory.change_organization"
    VIEW_PERSON = "directory.view_person"
    VIEW_CONTACT = "directory.view_person_contact"
    VIEW_PERSON_CONTACT = VIEW_CONTACT  # older name, same rule
    MAKE_PERSON_PUBLIC = "directory.make_person_public"
    CREATE_PERSON = "directory.create_person"
    CHANGE_PERSON = "directory.change_person"
    DESIGNATE = "directory.designate"
    VIEW_DESIGNATIONS = "directory.view_designations"
    VIEW_360 = "directory.view_360"
    VIEW_OWN_PARTICIPATION = "directory.view_own_participation"


def _same_org(user: Any, organization_pk: int | None) -> bool:
    return organization_pk is not None and organization_id(user) == organization_pk


def _person_org_ids(person: Any) -> set[int]:
    # Callers pass people fetched with prefetch_related("memberships") to avoid a query here.
    return {m.organization_id for m in person.memberships.all() if m.is_active}


def can(user: Any, action: Action, obj: Any = None) -> bool:
    if action == Action.VIEW_ORGANIZATION:
        # The directory of the network is public: it is how actors find each other.
        return True
    if action == Action.CREATE_ORGANIZATION:
        # New organisations join the network through the hub, which vets them.
        return is_hub_admin(user)
    if action == Action.CHANGE_ORGANIZATION:
        if is_hub_admin(user):
            return True
        # Members keep their own organisation's profile up to date; only their own.
        return obj is not None and not has_role(user, "hub_analyst") and _same_org(user, obj.pk)
    if action == Action.VIEW_PERSON:
        if obj is None or obj.is_public:
            # Public profiles (name, position, organisation) are listed for everyone.
            return True
        if is_hub_staff(user) or bool(_person_org_ids(obj) & {organization_id(user)}):
            return True
        # A counterpart on a shared piece of work (see VIEW_CONTACT) must find whom to contact.
        return is_authenticated(user) and registry.has_contact_relationship(user, obj)
    if action == Action.VIEW_CONTACT:
        # E-mail and phone on a need-to-know basis (Ley 21.719, minimisation). A public profile
        # is consent to be found (name, position, organisation), not to be mailed by anyone:
        # contact data never goes to the public or to every signed-in account.
        if not is_authenticated(user):
            return False
        if is_hub_staff(user):
            # The hub runs the network: it reaches every official (reminders, escalations).
            return True
        if obj is None:
            return False
        if getattr(obj, "user_id", None) is not None and obj.user_id == user.pk:
            # One's own contact data.
            return True
        if organization_id(user) in _person_org_ids(obj):
            # Colleagues of the same organisation.
            return True
        # Counterparts with a working relationship on a specific object, declared by the apps
        # that own it (e.g. proposals: a shortlisted proposal's startup and municipality).
        return registry.has_contact_relationship(user, obj)
    if action == Action.MAKE_PERSON_PUBLIC:
        # A public profile is the person's own consented choice: only they can turn it on
        # (staff acting on a written request is handled outside the platform for now).
        return obj is not None and obj.user_id is not None and obj.user_id == getattr(user, "pk", None)
    if action == Action.CREATE_PERSON:
        # The hub, or an organisation adding its own people (checked against the target org).
        if is_hub_admin(user):
            return True
        return obj is not None and _same_org(user, obj.pk) and not has_role(user, "hub_analyst")
    if action == Action.CHANGE_PERSON:
        if is_hub_admin(user):
            return True
        if obj is None:
            return False
        # Oneself, or a colleague of the same organisation.
        if getattr(obj, "user_id", None) is not None and obj.user_id == getattr(user, "pk", None):
            return True
        return organization_id(user) in _person_org_ids(obj)
    if action == Action.DESIGNATE:
        # A municipality names its own focal point, administrator and mayor contact.
        if is_hub_admin(user):
            return True
        return (
            obj is not None and obj.kind == "municipality" and has_role(user, "municipal") and _same_org(user, obj.pk)
        )
    if action == Action.VIEW_DESIGNATIONS:
        # Who the escalation chain reaches is operational data for the hub and the municipality.
        if is_hub_staff(user):
            return True
        return obj is not None and _same_org(user, obj.pk)
    if action == Action.VIEW_360:
        # The whole record of an organisation (agreements, obligations, assistance) is working
        # data between it and the hub: hub staff and the organisation's own people, nobody else.
        if is_hub_staff(user):
            return True
        return is_authenticated(user) and obj is not None and _same_org(user, obj.pk)
    if action == Action.VIEW_OWN_PARTICIPATION:
        # "Mi participación" is always one's own: any signed-in account.
        return is_authenticated(user)
    return False
