"""Permission-matrix rows for the training app (see tests/test_permission_matrix.py for the
columns).

The demo (hublocal/training/demo.py) gives a published programme "Ciberseguridad municipal"
with an open, full cohort (valparaiso and santiago are eligible: Chilean municipal officials).
`placeholders` adds a cohort of a programme that `partner` teaches, with a session, valparaiso's
accepted application and santiago's pending one, and a draft programme: an instructor sees only
their cohorts, a participant only their own application."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.matrix import LOGIN, Row, row

DEMO_PROGRAMME = "ciberseguridad-municipal"
OPEN = "<training: the demo's open, full cohort>"
COHORT = "<training: a cohort partner teaches>"
SESSION = "<training: a session of partner's cohort>"
ACCEPTED = "<training: valparaiso's accepted application>"
PENDING = "<training: santiago's pending application>"
DRAFT = "<training: a draft programme's slug>"

P = {"slug": DEMO_PROGRAMME}
D = {"slug": DRAFT}
O = {"pk": OPEN}  # noqa: E741
C = {"pk": COHORT}
S = {"pk": SESSION}
ACC = {"pk": ACCEPTED}
PEN = {"pk": PENDING}
NONE: dict[str, Any] = {}
MOTIVATION = {"motivation": "Queremos un plan de respuesta a incidentes para nuestro municipio."}
CSV = {"content": "Email,Duration\nvalparaiso@demo.hublocal.cl,60\n", "min_minutes": "30"}


def _sheet(_role: str) -> dict[str, str]:
    from hublocal.training.models import Application

    pk = Application.objects.get(cohort__name="Cohorte de la matriz", user__username="valparaiso").pk
    return {f"a{pk}": "present"}


# fmt: off
ROWS: list[Row] = [
    #   route                              kwargs method   anon   staff  anlst  stgo   valpo  st-a   st-b   partner
    # --- public catalogue
    row("training:programme_list",         NONE,  "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("training:programme_detail",       P,     "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("training:programme_detail",       D,     "GET",   404,   200,   200,   404,   404,   404,   404,   404,
        note="a draft is the hub team's working material"),
    # --- applying
    row("training:cohort_apply",           O,     "GET",   LOGIN, 200,   200,   200,   200,   200,   200,   200),
    row("training:cohort_apply",           O,     "POST",  LOGIN, 400,   400,   302,   302,   400,   400,   400,
        data=MOTIVATION, audit="training.application_apply",
        note="eligibility (Chilean municipal officials) answered with a message; full: waitlisted"),
    row("training:my_courses",             NONE,  "GET",   LOGIN, 200,   200,   200,   200,   200,   200,   200),
    row("training:application_confirm",    ACC,   "POST",  LOGIN, 403,   403,   404,   302,   404,   404,   403,
        audit="training.application_confirm", note="only the person confirms; others' applications are private"),
    row("training:application_withdraw",   PEN,   "POST",  LOGIN, 403,   403,   302,   404,   404,   404,   403,
        audit="training.application_withdraw"),
    row("training:session_checkin",        S,     "GET",   LOGIN, 200,   200,   200,   200,   200,   200,   200),
    row("training:session_checkin",        S,     "POST",  LOGIN, 400,   400,   400,   400,   400,   400,   400,
        data={"code": "ZZZZZZ"}, note="a wrong code: refused with a message, nothing written"),
    # --- the hub team
    row("training:manage",                 NONE,  "GET",   LOGIN, 200,   200,   403,   403,   403,   403,   403),
    row("training:cohort_manage",          C,     "GET",   LOGIN, 200,   200,   403,   403,   403,   403,   403),
    row("training:application_decide",     PEN,   "POST",  LOGIN, 302,   302,   403,   403,   403,   403,   403,
        data={"decision": "accept", "note": ""}, audit="training.application_decide"),
    row("training:issue_certificates",     C,     "POST",  LOGIN, 302,   403,   403,   403,   403,   403,   403,
        audit="training.certificates_issue", note="certificates are issued in the hub's name: administrators"),
    # --- instructors: only their cohorts
    row("training:teaching",               NONE,  "GET",   LOGIN, 200,   200,   200,   200,   200,   200,   200),
    row("training:roster",                 C,     "GET",   LOGIN, 200,   200,   403,   403,   403,   403,   200),
    row("training:roster",                 O,     "GET",   LOGIN, 200,   200,   403,   403,   403,   403,   403,
        note="partner does not teach the demo's cohort (docente does)"),
    row("training:attendance",             S,     "GET",   LOGIN, 200,   200,   403,   403,   403,   403,   200),
    row("training:attendance",             S,     "POST",  LOGIN, 302,   302,   403,   403,   403,   403,   302,
        data=_sheet, per_role_data=True, audit="training.attendance_mark"),
    row("training:attendance_import",      S,     "GET",   LOGIN, 200,   200,   403,   403,   403,   403,   200),
    row("training:attendance_import",      S,     "POST",  LOGIN, 302,   302,   403,   403,   403,   403,   302,
        data=CSV, audit="training.attendance_import", note="the confirmed preview is written"),
    row("training:attendance_import",      S,     "POST",  LOGIN, 400,   400,   403,   403,   403,   403,   400,
        data={"content": "Foo,Bar\n1,2\n", "min_minutes": "30"}, note="malformed: nothing written"),
    # --- API
    row("api:training_programme_list",     NONE,  "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("api:training_cohort_list",        NONE,  "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("api:training_cohort_applications", O,    "POST",  401,   400,   400,   201,   201,   400,   400,   400,
        data=MOTIVATION, audit="training.application_apply"),
]
# fmt: on


def placeholders(users: dict[str, Any]) -> dict[str, Any]:
    from django.utils import timezone

    from hublocal.training import selectors, services
    from hublocal.training.models import Cohort

    now = timezone.now()
    open_cohort = Cohort.objects.get(name="Ciberseguridad municipal · cohorte 1")
    programme = services.programme_create(
        actor=None, title="Programa de la matriz", hours=10, instructors=[users["partner"]], status="published"
    )
    module = services.module_add(actor=None, programme=programme, title="Módulo", mode="virtual", hours=10)
    cohort = services.cohort_create(
        actor=None,
        programme=programme,
        name="Cohorte de la matriz",
        starts_on=now.date(),
        ends_on=now.date() + timedelta(days=30),
        capacity=10,
        applications_open_at=now - timedelta(days=1),
        applications_close_at=now + timedelta(days=5),
        eligible_countries=["CL"],
        eligible_roles=["municipal"],
        status="open",
    )
    session = services.session_create(
        actor=None, cohort=cohort, module=module, starts_at=now, ends_at=now + timedelta(hours=2)
    )
    motivation = MOTIVATION["motivation"]
    accepted = services.application_apply(actor=users["valparaiso"], cohort=cohort, motivation=motivation)
    services.application_decide(actor=users["staff"], application=accepted, accept=True)
    pending = services.application_apply(actor=users["santiago"], cohort=cohort, motivation=motivation)
    draft = services.programme_create(actor=None, title="Borrador de la matriz", hours=5)
    assert selectors.seats_taken(cohort=open_cohort) == open_cohort.capacity
    return {
        OPEN: open_cohort.pk,
        COHORT: cohort.pk,
        SESSION: session.pk,
        ACCEPTED: accepted.pk,
        PENDING: pending.pk,
        DRAFT: draft.slug,
    }
