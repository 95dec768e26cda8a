"""Permission-matrix rows for the 360° pages (issue 14 item 7; see tests/test_permission_matrix.py
for the columns). An organisation's 360° page is for hub staff and its own people only: a
municipality opens its own and not another's, a startup its own; the public is sent to sign in.
"Mi participación" is always one's own, for any signed-in account."""

from __future__ import annotations

from typing import Any

from tests.matrix import LOGIN, Row, row

STARTUP_A = "<o360: startup-a's organisation slug>"
NONE: dict[str, Any] = {}
STGO = {"slug": "municipalidad-santiago"}
VALPO = {"slug": "municipalidad-valparaiso"}

# fmt: off
ROWS: list[Row] = [
    # route kwargs method anon staff anlst stgo valpo st-a st-b partner
    row("directory:organization_360", STGO, "GET", LOGIN, 200, 200, 200, 403, 403, 403, 403,
        note="hub staff and the organisation's own people; no one else"),
    row("directory:organization_360", VALPO, "GET", LOGIN, 200, 200, 403, 200, 403, 403, 403),
    row("directory:organization_360", {"slug": STARTUP_A}, "GET", LOGIN, 200, 200, 403, 403, 200, 403, 403),
    row("directory:organization_360", {"slug": "no-existe"}, "GET", 404, 404, 404, 404, 404, 404, 404, 404),
    row("directory:organization_360", STGO, "POST", 405, 405, 405, 405, 405, 405, 405, 405),
    row("directory:my_participation", NONE, "GET", LOGIN, 200, 200, 200, 200, 200, 200, 200,
        note="always one's own"),
    row("directory:my_participation", NONE, "POST", 405, 405, 405, 405, 405, 405, 405, 405),
]
# fmt: on


def placeholders(users: dict[str, Any]) -> dict[str, Any]:
    return {STARTUP_A: users["startup-a"].organization.slug}
