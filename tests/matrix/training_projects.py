"""Permission-matrix rows for training's group projects (issue 13, item 4); see
tests/test_permission_matrix.py for the columns.

`placeholders` adds a running cohort of a programme that `partner` teaches, with valparaiso and
santiago seated in it: valparaiso's group has a project at stage idea (partner mentors it), and
santiago's group one at stage prototype. So santiago is a peer who may not yet read
valparaiso's idea, and valparaiso a peer who may read santiago's prototype."""

from __future__ import annotations

from typing import Any

from tests.matrix import LOGIN, Row, row

COHORT = "<training: partner's running cohort with group projects>"
PROJECT = "<training: valparaiso's group project at stage idea>"
PEER = "<training: santiago's group project at stage prototype>"

C = {"pk": COHORT}
P = {"pk": PROJECT}
Q = {"pk": PEER}
EDIT = {
    "title": "Agenda rural de horas médicas",
    "problem": "Las personas viajan horas para pedir una hora.",
    "local_context": "",
    "concept": "",
    "test_findings": "",
    "row_version": "1",
}
PROTOTYPE = {"text": "Un formulario por mensaje de texto para pedir horas en la posta rural."}
FEEDBACK = {"body": "Buen enfoque: prueben el formulario con vecinos mayores."}


def _presentation(_role: str) -> dict[str, str]:
    from django.utils import timezone

    return {"presented_on": timezone.localdate().isoformat(), "url": "https://video.example.org/presentacion"}


# fmt: off
ROWS: list[Row] = [
    #   route                              kwargs method   anon   staff  anlst  stgo   valpo  st-a   st-b   partner
    row("training:cohort_projects",        C,     "GET",   200,   200,   200,   200,   200,   200,   200,   200,
        note="the page exists for everyone; each project is filtered by who may read it"),
    row("training:group_create",           C,     "GET",   LOGIN, 200,   200,   403,   403,   403,   403,   200),
    row("training:group_create",           C,     "POST",  LOGIN, 400,   400,   403,   403,   403,   403,   400,
        data={"name": ""}, note="no name, no members: refused with a message"),
    row("training:project_detail",         P,     "GET",   LOGIN, 200,   200,   404,   200,   404,   404,   200,
        note="a peer does not see an idea; the mentor and the hub team do"),
    row("training:project_detail",         Q,     "GET",   LOGIN, 200,   200,   200,   200,   404,   404,   200,
        note="peers of the cohort see prototypes"),
    row("training:project_edit",           P,     "GET",   LOGIN, 403,   403,   404,   200,   404,   404,   403),
    row("training:project_edit",           P,     "POST",  LOGIN, 403,   403,   404,   302,   404,   404,   403,
        data=EDIT, audit="training.project_update", note="only the group's members write their project"),
    row("training:project_advance",        P,     "POST",  LOGIN, 403,   403,   404,   400,   404,   404,   403,
        data={"stage": "concept", "row_version": "1"}, note="no concept yet: refused with a message"),
    row("training:prototype_submit",       P,     "GET",   LOGIN, 403,   403,   404,   200,   404,   404,   403),
    row("training:prototype_submit",       P,     "POST",  LOGIN, 403,   403,   404,   302,   404,   404,   403,
        data=PROTOTYPE, audit="training.prototype_submit"),
    row("training:project_feedback",       P,     "POST",  LOGIN, 302,   302,   404,   403,   404,   404,   302,
        data=FEEDBACK, audit="training.project_feedback", note="the mentor and the teaching team comment"),
    row("training:project_presentation",   P,     "GET",   LOGIN, 200,   200,   404,   403,   404,   404,   200),
    row("training:project_presentation",   P,     "POST",  LOGIN, 302,   302,   404,   403,   404,   404,   302,
        data=_presentation, per_role_data=True, audit="training.project_presentation"),
    row("training:project_convert",        P,     "POST",  LOGIN, 400,   400,   404,   403,   404,   404,   400,
        data={"target": "resource"}, note="the hub team or the mentor; an empty idea is refused with a message"),
    row("training:project_convert",        Q,     "POST",  LOGIN, 302,   302,   403,   403,   404,   404,   403,
        data={"target": "resource"}, audit="training.project_convert",
        note="partner teaches the cohort but does not mentor this group"),
    row("training:project_publish",        P,     "POST",  LOGIN, 400,   400,   404,   403,   404,   404,   403,
        data={"public": "1"}, note="the cohort is still running: published only once it finishes"),
    # --- API
    row("api:training_cohort_projects",    C,     "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("api:training_project_detail",     P,     "GET",   404,   200,   200,   404,   200,   404,   404,   200),
]
# fmt: on


def placeholders(users: dict[str, Any]) -> dict[str, Any]:
    from datetime import timedelta

    from django.utils import timezone

    from hublocal.training import services

    now = timezone.now()
    programme = services.programme_create(
        actor=None,
        title="Programa de proyectos de la matriz",
        hours=10,
        instructors=[users["partner"]],
        status="published",
        completion_rules={"project_presented": True},
    )
    cohort = services.cohort_create(
        actor=None,
        programme=programme,
        name="Cohorte de proyectos de la matriz",
        starts_on=now.date(),
        ends_on=now.date() + timedelta(days=30),
        capacity=10,
        applications_open_at=now - timedelta(days=10),
        applications_close_at=now - timedelta(days=1),
        status="running",
    )
    valpo = services.application_enrol(actor=None, cohort=cohort, user=users["valparaiso"])
    stgo = services.application_enrol(actor=None, cohort=cohort, user=users["santiago"])
    mine = services.group_create(
        actor=None, cohort=cohort, name="Grupo Valparaíso", applications=[valpo], mentor=users["partner"]
    )
    peer = services.group_create(actor=None, cohort=cohort, name="Grupo Santiago", applications=[stgo])
    project = services.project_update(actor=None, project=peer.project, data={"concept": "Un concepto claro."})
    project = services.project_advance(actor=None, project=project, stage="concept")
    services.prototype_submit(actor=None, project=project, text=PROTOTYPE["text"])
    return {COHORT: cohort.pk, PROJECT: mine.project.pk, PEER: peer.project.pk}
