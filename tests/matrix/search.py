"""Permission-matrix rows for the site-wide search (see tests/test_permission_matrix.py for the
columns): /buscar/ and GET /api/v1/search/. Both are public and the same for everyone: the index
holds only what an anonymous visitor may open, so there is nothing to deny. Writes are 405."""

from __future__ import annotations

from typing import Any

from tests.matrix import Row, row

NONE: dict[str, Any] = {}

# fmt: off
ROWS: list[Row] = [
    #   route            kwargs  method   anon   staff  anlst  stgo   valpo  st-a   st-b   partner
    row("search:search", NONE,   "GET",   200,   200,   200,   200,   200,   200,   200,   200,
        note="the page without a query explains what can be searched"),
    row("search:search", NONE,   "GET",   200,   200,   200,   200,   200,   200,   200,   200,
        data={"q": "patentes comerciales", "area": "digital"}, note="the same results and counts for everyone"),
    row("api:search",    NONE,   "GET",   400,   400,   400,   400,   400,   400,   400,   400,
        note="public; without q it is a 400 naming the parameter, for everyone alike"),
    row("api:search",    NONE,   "GET",   200,   200,   200,   200,   200,   200,   200,   200,
        data={"q": "patentes comerciales", "type": "solutions.solution"}),
]
# fmt: on


def placeholders(users: dict[str, Any]) -> dict[str, Any]:
    return {}
