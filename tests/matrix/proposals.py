"""Permission-matrix rows for the proposals app (see tests/test_permission_matrix.py for the columns)."""

from __future__ import annotations

from typing import Any

from tests.matrix import LOGIN, Row, row  # noqa: F401

# fmt: off
ROWS: list[Row] = [
]
# fmt: on


def placeholders(users: dict[str, Any]) -> dict[str, Any]:
    """Placeholder string → value (usually a pk) resolved against the demo data."""
    return {}
