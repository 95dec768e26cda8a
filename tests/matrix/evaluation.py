"""Permission-matrix rows for the hub's indicators (see tests/test_permission_matrix.py for the
columns). The dashboard, the drill-downs and the API are public; only the hub's staff set
targets and ask for a recomputation. That the public sees only public records in a drill-down is
asserted in hublocal/evaluation/tests/test_views.py (the matrix checks statuses)."""

from __future__ import annotations

from typing import Any

from tests.matrix import LOGIN, Row, row

NONE: dict[str, Any] = {}
TARGET_FORM = {"measure_key": "coverage_municipalities", "year": "2026", "value": "90", "note": ""}
OBJECTIVE = "<a 2026 objective of the demo results framework>"
MILESTONE = "<a 2026 milestone of the demo, version 1>"
NODE_FORM = {"kind": "objective", "year": "2026", "order": "9", "title": "Objetivo de la matriz", "measure_key": "",
             "responsible_text": "Equipo", "starts_on": "2026-01-01", "ends_on": "2026-12-31"}  # fmt: skip
MILESTONE_FORM = {"title": "Hito de la matriz", "weight": "1", "due_on": "2026-05-01", "done_on": "2026-05-02",
                  "evidence_url": "https://hublocal.cl/acta.pdf", "row_version": "1"}  # fmt: skip
DRAFT = {"year": 2024}  # no report written or frozen: a staff preview only
FROZEN = {"year": 2025}  # frozen by the demo

# fmt: off
ROWS: list[Row] = [
    # route kwargs method anon staff anlst stgo valpo st-a st-b partner
    row("evaluation:dashboard", NONE, "GET", 200, 200, 200, 200, 200, 200, 200, 200,
        note="accountability: the hub's figures are public"),
    row("evaluation:drill_down", {"slug": "cobertura"}, "GET", 200, 200, 200, 200, 200, 200, 200, 200),
    row("evaluation:drill_down", {"slug": "articulacion"}, "GET", 200, 200, 200, 200, 200, 200, 200, 200),
    row("evaluation:drill_down", {"slug": "no-existe"}, "GET", 404, 404, 404, 404, 404, 404, 404, 404),
    row("evaluation:targets", NONE, "GET", LOGIN, 200, 200, 403, 403, 403, 403, 403),
    row("evaluation:targets", NONE, "POST", LOGIN, 302, 302, 403, 403, 403, 403, 403,
        data=TARGET_FORM, audit="evaluation.target_set", note="targets are the hub's annual plan"),
    row("evaluation:targets", NONE, "POST", LOGIN, 400, 400, 403, 403, 403, 403, 403,
        data={**TARGET_FORM, "measure_key": "no_existe"}, note="an unknown indicator: refused"),
    row("evaluation:targets", NONE, "POST", LOGIN, 400, 400, 403, 403, 403, 403, 403,
        data={**TARGET_FORM, "year": "1990"}, note="a year out of range: refused"),
    row("evaluation:recompute", NONE, "GET", 405, 405, 405, 405, 405, 405, 405, 405),
    row("evaluation:recompute", NONE, "POST", LOGIN, 302, 302, 403, 403, 403, 403, 403,
        data={"year": "2026"}, audit="evaluation.compute"),
    # --- results framework
    row("evaluation:results", NONE, "GET", 200, 200, 200, 200, 200, 200, 200, 200,
        note="the hub's annual objectives and their progress are public"),
    row("evaluation:result_create", NONE, "GET", LOGIN, 200, 200, 403, 403, 403, 403, 403),
    row("evaluation:result_create", NONE, "POST", LOGIN, 302, 302, 403, 403, 403, 403, 403,
        data=NODE_FORM, audit="evaluation.result_create", note="the framework is the hub's annual plan"),
    row("evaluation:result_create", NONE, "POST", LOGIN, 400, 400, 403, 403, 403, 403, 403,
        data={**NODE_FORM, "measure_key": "no_existe"}, note="an unknown measure: refused"),
    row("evaluation:result_edit", {"pk": OBJECTIVE}, "GET", LOGIN, 200, 200, 403, 403, 403, 403, 403),
    row("evaluation:result_edit", {"pk": OBJECTIVE}, "POST", LOGIN, 302, 302, 403, 403, 403, 403, 403,
        data={**NODE_FORM, "row_version": "1"}, audit="evaluation.result_update"),
    row("evaluation:result_edit", {"pk": OBJECTIVE}, "POST", LOGIN, 400, 400, 403, 403, 403, 403, 403,
        data={**NODE_FORM, "row_version": "1", "ends_on": "2025-01-01"}, note="dates out of order: refused"),
    row("evaluation:result_edit", {"pk": 999999}, "GET", 404, 404, 404, 404, 404, 404, 404, 404),
    row("evaluation:milestone_create", {"pk": OBJECTIVE}, "GET", LOGIN, 200, 200, 403, 403, 403, 403, 403),
    row("evaluation:milestone_create", {"pk": OBJECTIVE}, "POST", LOGIN, 302, 302, 403, 403, 403, 403, 403,
        data=MILESTONE_FORM, audit="evaluation.milestone_create"),
    row("evaluation:milestone_create", {"pk": OBJECTIVE}, "POST", LOGIN, 400, 400, 403, 403, 403, 403, 403,
        data={**MILESTONE_FORM, "weight": "-1"}, note="weights are positive"),
    row("evaluation:milestone_edit", {"pk": MILESTONE}, "GET", LOGIN, 200, 200, 403, 403, 403, 403, 403),
    row("evaluation:milestone_edit", {"pk": MILESTONE}, "POST", LOGIN, 302, 302, 403, 403, 403, 403, 403,
        data=MILESTONE_FORM, audit="evaluation.milestone_update", note="marked done with date and evidence"),
    row("evaluation:milestone_edit", {"pk": MILESTONE}, "POST", LOGIN, 400, 400, 403, 403, 403, 403, 403,
        data={**MILESTONE_FORM, "done_on": "2099-01-01"}, note="a completion date in the future: refused"),
    # --- annual reports: the public sees frozen ones only; drafts are the staff's
    row("evaluation:reports", NONE, "GET", 200, 200, 200, 200, 200, 200, 200, 200),
    row("evaluation:report", FROZEN, "GET", 200, 200, 200, 200, 200, 200, 200, 200),
    row("evaluation:report", DRAFT, "GET", 404, 200, 200, 404, 404, 404, 404, 404,
        note="a draft (borrador) is not published: 404, not 403, so its existence is not told"),
    row("evaluation:report", {"year": 9999}, "GET", 404, 404, 404, 404, 404, 404, 404, 404),
    row("evaluation:report_pdf", FROZEN, "GET", 200, 200, 200, 200, 200, 200, 200, 200),
    row("evaluation:report_pdf", DRAFT, "GET", 404, 404, 404, 404, 404, 404, 404, 404),
    row("evaluation:report_highlights", DRAFT, "GET", 405, 405, 405, 405, 405, 405, 405, 405),
    row("evaluation:report_highlights", DRAFT, "POST", 404, 302, 302, 404, 404, 404, 404, 404,
        data={"highlights": "Un año de trabajo."}, audit="evaluation.report_highlights"),
    row("evaluation:report_highlights", DRAFT, "POST", 404, 400, 400, 404, 404, 404, 404, 404,
        data={"highlights": "x" * 4001}, note="too long: refused"),
    row("evaluation:report_highlights", FROZEN, "POST", LOGIN, 403, 403, 403, 403, 403, 403, 403,
        data={"highlights": "Reescrito."}, note="a frozen report never changes"),
    row("evaluation:report_freeze", DRAFT, "GET", 405, 405, 405, 405, 405, 405, 405, 405),
    row("evaluation:report_freeze", DRAFT, "POST", 404, 302, 302, 404, 404, 404, 404, 404,
        data={}, audit="evaluation.report_freeze"),
    row("evaluation:report_freeze", FROZEN, "POST", LOGIN, 409, 409, 403, 403, 403, 403, 403,
        data={}, note="refreezing is refused"),
    # --- API
    row("api:indicator_list", NONE, "GET", 200, 200, 200, 200, 200, 200, 200, 200),
    row("api:indicator_detail", {"key": "coverage"}, "GET", 200, 200, 200, 200, 200, 200, 200, 200),
    row("api:indicator_detail", {"key": "no_existe"}, "GET", 404, 404, 404, 404, 404, 404, 404, 404),
    row("api:result_list", NONE, "GET", 200, 200, 200, 200, 200, 200, 200, 200),
]
# fmt: on


def placeholders(users: dict[str, Any]) -> dict[str, Any]:
    from hublocal.evaluation.models import Milestone, ResultNode

    objective = ResultNode.objects.filter(year=2026, kind="objective").order_by("order").first()
    milestone = Milestone.objects.filter(node__year=2026, row_version=1, done_on__isnull=True).order_by("pk").first()
    assert objective is not None and milestone is not None, "the evaluation demo's 2026 framework"
    return {OBJECTIVE: objective.pk, MILESTONE: milestone.pk}
