"""Permission-matrix rows for the audit app (see tests/test_permission_matrix.py for the columns).

The trail names people and refused attempts: hub staff (administrators and analysts) read and
export it; nobody else, whatever their role."""

from __future__ import annotations

from typing import Any

from tests.matrix import LOGIN, Row, row

NONE: dict[str, Any] = {}

# fmt: off
ROWS: list[Row] = [
    #   route                   kwargs  method  anon   staff  anlst  stgo   valpo  st-a   st-b   partner
    row("audit:log",            NONE,   "GET",  LOGIN, 200,   200,   403,   403,   403,   403,   403),
    row("audit:export",         NONE,   "GET",  LOGIN, 200,   200,   403,   403,   403,   403,   403,
        note="the export is itself audited (audit.export), but it is a read: no write row"),
    row("api:audit_event_list", NONE,   "GET",  401,   200,   200,   403,   403,   403,   403,   403),
]
# fmt: on


def placeholders(users: dict[str, Any]) -> dict[str, Any]:
    return {}
