"""Who may do what with programmes, cohorts, applications and attendance. Deny by default;
every rule says why.

Objects: a Programme or a Cohort for public views; a Cohort for staff and instructor actions
(the cohort's programme names its instructors); an Application for a participant's own actions;
a Session for attendance."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from hublocal.core.permissions import is_authenticated, is_hub_admin, is_hub_staff

from .models import CohortStatus, ProgrammeStatus


class Action(StrEnum):
    VIEW_PROGRAMME = "training.view_programme"
    APPLY = "training.apply"
    VIEW_MY_COURSES = "training.view_my_courses"
    VIEW_APPLICATION = "training.view_application"
    CONFIRM = "training.confirm"
    WITHDRAW = "training.withdraw"
    CHECK_IN = "training.check_in"
    MANAGE_COHORT = "training.manage_cohort"
    DECIDE = "training.decide"
    TEACH = "training.teach"
    MARK_ATTENDANCE = "training.mark_attendance"
    VIEW_ROSTER = "training.view_roster"
    ISSUE_CERTIFICATES = "training.issue_certificates"
    VIEW_TRAINED_NAMES = "training.view_trained_names"
    # --- Authoring
    AUTHOR = "training.author"
    EDIT_SESSION = "training.edit_session"


def _programme(obj: Any) -> Any:
    return getattr(obj, "programme", obj)


def is_instructor(user: Any, obj: Any) -> bool:
    """An instructor of the programme behind a cohort or session (ids cached on the object by
    the selectors; otherwise one query)."""
    if obj is None or not is_authenticated(user):
        return False
    cohort = getattr(obj, "cohort", obj)
    ids = getattr(cohort, "instructor_ids", None)
    if ids is None:
        ids = set(_programme(cohort).instructors.values_list("pk", flat=True))
        cohort.instructor_ids = ids
    return user.pk in ids


def _own(user: Any, application: Any) -> bool:
    return application is not None and is_authenticated(user) and application.user_id == user.pk


def can(user: Any, action: Action, obj: Any = None) -> bool:
    if action == Action.VIEW_PROGRAMME:
        # Published programmes and their cohorts are public (a call for participants); drafts
        # are the hub team's and the instructors' working material.
        if obj is None:
            return True
        programme = _programme(obj)
        if programme.status == ProgrammeStatus.PUBLISHED and getattr(obj, "status", "") != CohortStatus.DRAFT:
            return True
        return is_hub_staff(user) or is_instructor(user, obj if hasattr(obj, "programme") else None)
    if action == Action.APPLY:
        # Any signed-in person may ask; eligibility (country, typology, role, window) is the
        # service's rule, answered with a message rather than a 403.
        return is_authenticated(user)
    if action == Action.VIEW_MY_COURSES:
        # Everyone signed in has a (possibly empty) list of their own applications.
        return is_authenticated(user)
    if action == Action.VIEW_APPLICATION:
        # An application is its author's; the hub team and the cohort's instructors select and teach.
        return _own(user, obj) or is_hub_staff(user) or (obj is not None and is_instructor(user, obj.cohort))
    if action in (Action.CONFIRM, Action.WITHDRAW, Action.CHECK_IN):
        # Only the person themself confirms, withdraws or checks in: nobody does it on their behalf.
        return _own(user, obj)
    if action in (Action.MANAGE_COHORT, Action.DECIDE):
        # Selecting participants is the hub team's decision (analysts prepare it with them).
        return is_hub_staff(user)
    if action == Action.ISSUE_CERTIFICATES:
        # Certificates are issued in the hub's name: its administrators.
        return is_hub_admin(user)
    if action == Action.TEACH:
        # "Mis cohortes": a page for anyone who teaches (empty for others is fine); objects are filtered.
        return is_authenticated(user)
    if action in (Action.MARK_ATTENDANCE, Action.VIEW_ROSTER):
        # The cohort's own instructors take attendance; the hub team may correct it.
        return is_hub_staff(user) or is_instructor(user, obj)
    if action == Action.VIEW_TRAINED_NAMES:
        # Who was trained is public as counts; names only for the hub team and the municipality itself.
        from hublocal.core.permissions import has_role, organization_id

        if is_hub_staff(user):
            return True
        return obj is not None and has_role(user, "municipal") and organization_id(user) == obj.pk
    # --- Authoring
    if action == Action.AUTHOR:
        # Programmes, modules and cohorts are the hub's offer: its team writes them (analysts too).
        return is_hub_staff(user)
    if action == Action.EDIT_SESSION:
        # An instructor fixes the dates, place or link of their own programme's sessions, not the programme.
        return is_hub_staff(user) or is_instructor(user, obj)
    return False
