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
    # --- Evaluation
    ANSWER_SURVEY = "training.answer_survey"
    VIEW_EVALUATION = "training.view_evaluation"
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
    # --- Evaluation
    if action == Action.ANSWER_SURVEY:
        # A survey is answered by the participant themself: nobody answers in their name.
        return _own(user, obj)
    if action == Action.VIEW_EVALUATION:
        # The cohort report is for the hub team and the programme's instructors, who improve the
        # course with it; the public sees nothing (even aggregates could single out a small group).
        return is_hub_staff(user) or is_instructor(user, obj)
    # --- Authoring
    if action == Action.AUTHOR:
        # Programmes, modules and cohorts are the hub's offer: its team writes them (analysts too).
        return is_hub_staff(user)
    if action == Action.EDIT_SESSION:
        # An instructor fixes the dates, place or link of their own programme's sessions, not the programme.
        return is_hub_staff(user) or is_instructor(user, obj)
    return False


# --------------------------------------------------------------------------- Group projects
# Objects: a Cohort for forming groups and listing; a GroupProject for everything else. The
# selectors attach `member_user_ids` (to the group) and `seated_user_ids` (to the cohort) so a
# list checks every row without a query per row; otherwise one query each.


class ProjectAction(StrEnum):
    VIEW_PROJECTS = "training.view_projects"
    MANAGE_GROUPS = "training.manage_groups"
    VIEW_PROJECT = "training.view_project"
    EDIT_PROJECT = "training.edit_project"
    COMMENT_PROJECT = "training.comment_project"
    RECORD_PRESENTATION = "training.record_presentation"
    CONVERT_PROJECT = "training.convert_project"
    PUBLISH_PROJECT = "training.publish_project"


# Other participants of the cohort learn from their peers' work once it is a prototype.
PEER_VISIBLE_STAGES = ("prototype", "tested")


def project_member_ids(project: Any) -> set[int]:
    group = project.group
    ids = getattr(group, "member_user_ids", None)
    if ids is None:
        ids = {uid for uid in group.members.values_list("application__user_id", flat=True) if uid is not None}
        group.member_user_ids = ids
    return ids


def cohort_seated_ids(cohort: Any) -> set[int]:
    ids = getattr(cohort, "seated_user_ids", None)
    if ids is None:
        from .models import SEATED

        ids = {
            uid
            for uid in cohort.applications.filter(status__in=SEATED).values_list("user_id", flat=True)
            if uid is not None
        }
        cohort.seated_user_ids = ids
    return ids


def is_mentor(user: Any, project: Any) -> bool:
    return is_authenticated(user) and project.group.mentor_id == user.pk


def can_project(user: Any, action: ProjectAction, obj: Any = None) -> bool:
    from .models import CohortStatus

    if action == ProjectAction.VIEW_PROJECTS:
        # The list page exists for everyone; each row is filtered by VIEW_PROJECT.
        return obj is not None
    if action == ProjectAction.MANAGE_GROUPS:
        # Forming groups is part of teaching: the hub team or the cohort's own instructors.
        return is_hub_staff(user) or is_instructor(user, obj)
    if obj is None:
        return False
    cohort = obj.group.cohort
    if action == ProjectAction.VIEW_PROJECT:
        if is_hub_staff(user) or is_mentor(user, obj) or is_instructor(user, cohort):
            return True  # they teach and mentor it
        if is_authenticated(user) and user.pk in project_member_ids(obj):
            return True  # it is their own work
        if obj.stage in PEER_VISIBLE_STAGES and is_authenticated(user) and user.pk in cohort_seated_ids(cohort):
            return True  # peers of the cohort see prototypes, not half-formed ideas
        # The public only once the hub marked it public, after the cohort ended.
        return obj.is_public and cohort.status == CohortStatus.FINISHED
    if action == ProjectAction.EDIT_PROJECT:
        # The group's own work: only its members write it.
        return is_authenticated(user) and user.pk in project_member_ids(obj)
    if action == ProjectAction.COMMENT_PROJECT:
        # Feedback is the mentor's and the teaching team's role.
        return is_hub_staff(user) or is_mentor(user, obj) or is_instructor(user, cohort)
    if action == ProjectAction.RECORD_PRESENTATION:
        # The final presentation counts for completion: the teaching team records it, not the group.
        return is_hub_staff(user) or is_mentor(user, obj) or is_instructor(user, cohort)
    if action == ProjectAction.CONVERT_PROJECT:
        # Turning work into a hub challenge or resource is the hub's or the mentor's call.
        return is_hub_staff(user) or is_mentor(user, obj)
    if action == ProjectAction.PUBLISH_PROJECT:
        # Publishing people's work under the hub's name: the hub team.
        return is_hub_staff(user)
