"""Permission-matrix rows for the personal home (/inicio/, task `home` of issue 16).

Every signed-in role has its own page (what awaits that person); anonymous visitors are sent to
sign in. The page only reads, so any other method is refused before the sign-in check. No
placeholder: the route takes no object."""

from __future__ import annotations

from typing import Any

from tests.matrix import LOGIN, Row, row

NONE: dict[str, Any] = {}

# fmt: off
ROWS: list[Row] = [
    #   route                             kwargs  method   anon   staff  anlst  stgo   valpo  st-a   st-b   partner
    row("core:my_home",                   NONE,   "GET",   LOGIN, 200,   200,   200,   200,   200,   200,   200),
    row("core:my_home",                   NONE,   "POST",  405,   405,   405,   405,   405,   405,   405,   405),
]
# fmt: on


def placeholders(users: dict[str, Any]) -> dict[str, Any]:
    """No placeholders: /inicio/ names no object."""
    return {}
