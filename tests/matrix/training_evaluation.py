"""Permission-matrix rows for training's evaluation (surveys and the cohort report); see
tests/test_permission_matrix.py for the columns.

`placeholders` adds a cohort of a programme that `partner` teaches, whose first module's last
session ended three hours ago (its satisfaction survey is open), with valparaiso enrolled: only
valparaiso answers their survey (others' applications are private: 404; the hub team and the
instructor may see the application but not answer for the person: 403); the report is for the
hub team and the programme's instructors."""

from __future__ import annotations

from typing import Any

from tests.matrix import LOGIN, Row, row

COHORT = "<training evaluation: a cohort partner teaches>"
OPEN = "<training evaluation: the demo's open cohort (docente teaches)>"
APPLICATION = "<training evaluation: valparaiso's seat>"
MODULE = "<training evaluation: the module whose survey is open>"

C = {"pk": COHORT}
O = {"pk": OPEN}  # noqa: E741
SURVEY = {"pk": APPLICATION, "module_pk": MODULE}
FINAL = {"pk": APPLICATION, "moment": "final"}
ANSWERS = {"q_contenido": "5", "q_docente": "4", "q_materiales": "4", "q_aplicabilidad": "5", "q_comentario": ""}

# fmt: off
ROWS: list[Row] = [
    #   route                              kwargs  method  anon   staff  anlst  stgo   valpo  st-a   st-b   partner
    row("training:survey_module",          SURVEY, "GET",  LOGIN, 403,   403,   404,   200,   404,   404,   403,
        note="only the participant answers; others' applications are private"),
    row("training:survey_module",          SURVEY, "POST", LOGIN, 403,   403,   404,   302,   404,   404,   403,
        data=ANSWERS, audit="training.survey_submit"),
    row("training:survey_module",          SURVEY, "POST", LOGIN, 403,   403,   404,   400,   404,   404,   403,
        data={"q_contenido": "5"}, note="missing items: refused with a message, nothing written"),
    row("training:survey_self_assessment", FINAL,  "GET",  LOGIN, 403,   403,   404,   200,   404,   404,   403),
    row("training:survey_self_assessment", FINAL,  "POST", LOGIN, 403,   403,   404,   400,   404,   404,   403,
        data=ANSWERS, note="the final self-assessment opens after the last session"),
    row("training:cohort_report",          C,      "GET",  LOGIN, 200,   200,   403,   403,   403,   403,   200,
        note="the hub team and the programme's instructors; the public sees nothing"),
    row("training:cohort_report",          O,      "GET",  LOGIN, 200,   200,   403,   403,   403,   403,   403,
        note="partner does not teach the demo's cohort"),
    row("training:cohort_report_pdf",      C,      "POST", LOGIN, 302,   302,   403,   403,   403,   403,   302,
        audit="exports.job_request", note="asks for the PDF as an export job (drawn by the task queue)"),
    row("training:cohort_report_pdf",      C,      "GET",  405,   405,   405,   405,   405,   405,   405,   405,
        note="a request for a document is a POST; nothing is drawn in the request"),
    row("api:training_cohort_report",      C,      "GET",  401,   200,   200,   403,   403,   403,   403,   200),
    row("api:training_cohort_report",      O,      "GET",  401,   200,   200,   403,   403,   403,   403,   403),
]
# fmt: on


def placeholders(users: dict[str, Any]) -> dict[str, Any]:
    from datetime import timedelta

    from django.utils import timezone

    from hublocal.training import services
    from hublocal.training.models import Cohort

    now = timezone.now()
    programme = services.programme_create(
        actor=None, title="Programa evaluado de la matriz", hours=10, instructors=[users["partner"]], status="published"
    )
    first = services.module_add(actor=None, programme=programme, title="Módulo 1", mode="virtual", hours=5)
    second = services.module_add(actor=None, programme=programme, title="Módulo 2", mode="virtual", hours=5)
    cohort = services.cohort_create(
        actor=None,
        programme=programme,
        name="Cohorte evaluada de la matriz",
        starts_on=now.date() - timedelta(days=1),
        ends_on=now.date() + timedelta(days=30),
        capacity=10,
        applications_open_at=now - timedelta(days=10),
        applications_close_at=now - timedelta(days=2),
        status="running",
    )
    for module, start in ((first, now - timedelta(hours=5)), (second, now + timedelta(days=7))):
        services.session_create(
            actor=None, cohort=cohort, module=module, starts_at=start, ends_at=start + timedelta(hours=2)
        )
    seat = services.application_enrol(actor=None, cohort=cohort, user=users["valparaiso"])
    return {
        COHORT: cohort.pk,
        OPEN: Cohort.objects.get(name="Ciberseguridad municipal · cohorte 1").pk,
        APPLICATION: seat.pk,
        MODULE: first.pk,
    }
