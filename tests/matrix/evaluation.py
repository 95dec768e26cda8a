"""Permission-matrix rows for the hub's indicators (see tests/test_permission_matrix.py for the
columns). The dashboard, the drill-downs and the API are public; only the hub's staff set
targets and ask for a recomputation. That the public sees only public records in a drill-down is
asserted in hublocal/evaluation/tests/test_views.py (the matrix checks statuses)."""

from __future__ import annotations

from typing import Any

from tests.matrix import LOGIN, Row, row

NONE: dict[str, Any] = {}
TARGET_FORM = {"measure_key": "coverage_municipalities", "year": "2026", "value": "90", "note": ""}

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
    # --- API
    row("api:indicator_list", NONE, "GET", 200, 200, 200, 200, 200, 200, 200, 200),
    row("api:indicator_detail", {"key": "coverage"}, "GET", 200, 200, 200, 200, 200, 200, 200, 200),
    row("api:indicator_detail", {"key": "no_existe"}, "GET", 404, 404, 404, 404, 404, 404, 404, 404),
]
# fmt: on


def placeholders(users: dict[str, Any]) -> dict[str, Any]:
    return {}
