"""Permission-matrix rows for the operations endpoints (see tests/test_permission_matrix.py for the
columns): `/readyz`, the load balancer's readiness probe (hublocal/core/health.py), is public and
answers the same to everyone. It has only a GET row on purpose: test_routes_without_write_rows_
refuse_writes then checks that POST, PUT, PATCH and DELETE answer 405."""

from __future__ import annotations

from typing import Any

from tests.matrix import Row, row

NONE: dict[str, Any] = {}

# fmt: off
ROWS: list[Row] = [
    #   route                             kwargs  method   anon   staff  anlst  stgo   valpo  st-a   st-b   partner
    row("readyz",                         NONE,   "GET",   200,   200,   200,   200,   200,   200,   200,   200,
        note="readiness probe: no data, public, never cached"),
]
# fmt: on


def placeholders(users: dict[str, Any]) -> dict[str, Any]:
    return {}
