"""Permission-matrix rows for the installable web app of issue 17 (see tests/test_permission_matrix.py
for the columns): the service worker, the web app manifest and the "Sin conexión" page
(hublocal/core/offline_views.py). All public and the same for everyone: none of them holds
anything private (the worker keeps private pages only on the signed-in person's device).
Wire into tests/test_permission_matrix.py like the others."""

from __future__ import annotations

from typing import Any

from tests.matrix import Row, row

NONE: dict[str, Any] = {}

# fmt: off
ROWS: list[Row] = [
    #   route                 kwargs  method   anon   staff  anlst  stgo   valpo  st-a   st-b   partner
    row("service_worker",     NONE,   "GET",   200,   200,   200,   200,   200,   200,   200,   200,
        note="served at the root so its scope is the whole site; the same script for everyone"),
    row("web_manifest",       NONE,   "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("offline",            NONE,   "GET",   200,   200,   200,   200,   200,   200,   200,   200,
        note="the worker fetches it without cookies, so its cached copy names nobody"),
]
# fmt: on


def placeholders(users: dict[str, Any]) -> dict[str, Any]:
    return {}
