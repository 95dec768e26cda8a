"""Permission-matrix rows for the notifications app (see tests/test_permission_matrix.py for the
columns). A notice is its person's only: everyone else, hub staff included, gets 404 for it.
`placeholders` creates one notice for `santiago`."""

from __future__ import annotations

from typing import Any

from tests.matrix import LOGIN, Row, row

SANTIAGO_NOTICE = "<notifications: an unread notice of santiago>"
N = {"pk": SANTIAGO_NOTICE}
NONE: dict[str, Any] = {}

# fmt: off
ROWS: list[Row] = [
    #   route                             kwargs  method   anon   staff  anlst  stgo   valpo  st-a   st-b   partner
    row("notifications:inbox",            NONE,   "GET",   LOGIN, 200,   200,   200,   200,   200,   200,   200,
        note="everyone signed in has an inbox; each sees only their own"),
    row("notifications:mark_read",        N,      "GET",   405,   405,   405,   405,   405,   405,   405,   405),
    row("notifications:mark_read",        N,      "POST",  LOGIN, 404,   404,   302,   404,   404,   404,   404,
        audit="notifications.mark_read", note="another person's notice is reported missing, staff included"),
    row("notifications:mark_all_read",    NONE,   "GET",   405,   405,   405,   405,   405,   405,   405,   405),
    row("notifications:mark_all_read",    NONE,   "POST",  LOGIN, 302,   302,   302,   302,   302,   302,   302,
        audit="notifications.mark_all_read", note="only one's own notices change"),
    # --- API
    row("api:notification_list",          NONE,   "GET",   401,   200,   200,   200,   200,   200,   200,   200),
    row("api:notification_read",          N,      "POST",  401,   404,   404,   200,   404,   404,   404,   404,
        audit="notifications.mark_read"),
]
# fmt: on


def placeholders(users: dict[str, Any]) -> dict[str, Any]:
    from hublocal.notifications import services

    (notice,) = services.notify(
        users=[users["santiago"]],
        kind="tests.matrix",
        title="Aviso de la matriz",
        body="Texto del aviso.",
        url="/avisos/",
        email=False,
    )
    return {SANTIAGO_NOTICE: notice.pk}
