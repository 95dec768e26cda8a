"""The role × endpoint matrix's building blocks, and one module per app with that app's rows.

Each app module (`tests/matrix/<app>.py`) defines `ROWS: list[Row]` and
`placeholders(users) -> dict` that maps the placeholder strings its rows use to demo objects'
keys. `tests/test_permission_matrix.py` explains the columns and runs every row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ROLES = ("anon", "staff", "analista", "santiago", "valparaiso", "startup-a", "startup-b", "partner")
LOGIN = "login"


@dataclass(frozen=True)
class Row:
    route: str
    kwargs: dict[str, Any]
    method: str
    expected: tuple[Any, ...]
    data: Any = None
    audit: str = ""  # the AuditEvent action a successful write records
    note: str = ""
    per_role_data: bool = field(default=False)  # data is a callable(role) → body


def row(route: str, kwargs: dict[str, Any], method: str, *expected: Any, **extra: Any) -> Row:
    assert len(expected) == len(ROLES), f"{route}: {len(expected)} statuses for {len(ROLES)} roles"
    return Row(route, kwargs, method, tuple(expected), **extra)
