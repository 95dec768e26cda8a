"""Permission-matrix rows for the privacy app (see tests/test_permission_matrix.py for the columns).

Everyone reads the privacy notice; every account holder reaches their own data, downloads,
requests and consents; hub staff read the requests queue, the record of processing activities
and the breach register; only hub administrators decide requests and write breaches.
`placeholders` adds, inside each test's transaction, a received access request of `partner`
and a breach detected yesterday."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.matrix import LOGIN, Row, row

REQ = "<privacy: partner's received access request>"
BREACH = "<privacy: a breach detected yesterday>"
YESTERDAY = "<privacy: yesterday, as a datetime-local value>"

NONE: dict[str, Any] = {}
R = {"pk": REQ}
B = {"pk": BREACH}
JSON = {"fmt": "json"}
ZIP = {"fmt": "zip"}
GIVE = {"purpose": "newsletter", "action": "dar"}
WITHDRAW = {"purpose": "newsletter", "action": "retirar"}

REQUEST_FORM = {"kind": "erasure", "details": ""}
BREACH_FORM = {
    "title": "Correo con destinatarios a la vista",
    "description": "Se envió un boletín sin copia oculta.",
    "detected_at": YESTERDAY,
    "data_categories": "Correos de funcionarios",
    "people_affected": "40",
    "measures": "Se pidió borrar el correo.",
    "authority_notified_at": "",
    "people_notified_at": "",
}
BREACH_EDIT = {**BREACH_FORM, "title": "Brecha editada en la matriz"}

# fmt: off
ROWS: list[Row] = [
    #   route                             kwargs    method   anon   staff  anlst  stgo   valpo  st-a   st-b   partner
    # --- public notice
    row("privacy:notice",                 NONE,     "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    # --- each person's own data, requests and consents
    row("privacy:my_data",                NONE,     "GET",   LOGIN, 200,   200,   200,   200,   200,   200,   200),
    row("privacy:my_data_download",       JSON,     "GET",   LOGIN, 200,   200,   200,   200,   200,   200,   200),
    row("privacy:my_data_download",       ZIP,      "GET",   LOGIN, 200,   200,   200,   200,   200,   200,   200),
    row("privacy:request_create",         NONE,     "GET",   LOGIN, 200,   200,   200,   200,   200,   200,   200),
    row("privacy:request_create",         NONE,     "POST",  LOGIN, 302,   302,   302,   302,   302,   302,   302,
        data=REQUEST_FORM, audit="privacy.request_create", note="a right of every account holder"),
    row("privacy:request_create",         NONE,     "POST",  LOGIN, 400,   400,   400,   400,   400,   400,   400,
        data={"kind": "olvido"}, note="unknown right: the form again, nothing written"),
    row("privacy:my_request",             R,        "GET",   LOGIN, 404,   404,   404,   404,   404,   404,   200,
        note="the person's own page; the hub reads it in the queue"),
    row("privacy:consent_change",         GIVE,     "GET",   405,   405,   405,   405,   405,   405,   405,   405),
    row("privacy:consent_change",         GIVE,     "POST",  LOGIN, 302,   302,   302,   302,   302,   302,   302,
        audit="privacy.consent_give"),
    row("privacy:consent_change",         WITHDRAW, "POST",  LOGIN, 302,   302,   302,   302,   302,   302,   302,
        note="nothing given: withdrawing is a no-op, still answered the same way"),
    # --- the hub's records: staff read, administrators decide
    row("privacy:record",                 NONE,     "GET",   LOGIN, 200,   200,   403,   403,   403,   403,   403),
    row("privacy:request_queue",          NONE,     "GET",   LOGIN, 200,   200,   403,   403,   403,   403,   403),
    row("privacy:request_detail",         R,        "GET",   LOGIN, 200,   200,   403,   403,   403,   403,   403),
    row("privacy:request_start",          R,        "GET",   405,   405,   405,   405,   405,   405,   405,   405),
    row("privacy:request_start",          R,        "POST",  LOGIN, 302,   403,   403,   403,   403,   403,   403,
        audit="privacy.request_start", note="analysts follow the queue; administrators act"),
    row("privacy:request_extend",         R,        "GET",   405,   405,   405,   405,   405,   405,   405,   405),
    row("privacy:request_extend",         R,        "POST",  LOGIN, 302,   403,   403,   403,   403,   403,   403,
        data={"reason": "Hay que revisar los archivos de 2024."}, audit="privacy.request_extend"),
    row("privacy:request_extend",         R,        "POST",  LOGIN, 400,   403,   403,   403,   403,   403,   403,
        data={"reason": ""}, note="the reason is mandatory"),
    row("privacy:request_answer",         R,        "GET",   405,   405,   405,   405,   405,   405,   405,   405),
    row("privacy:request_answer",         R,        "POST",  LOGIN, 302,   403,   403,   403,   403,   403,   403,
        data={"decision": "approve", "answer": "Adjuntamos sus datos."}, audit="privacy.request_answer"),
    row("privacy:breach_list",            NONE,     "GET",   LOGIN, 200,   200,   403,   403,   403,   403,   403),
    row("privacy:breach_create",          NONE,     "GET",   LOGIN, 200,   403,   403,   403,   403,   403,   403),
    row("privacy:breach_create",          NONE,     "POST",  LOGIN, 302,   403,   403,   403,   403,   403,   403,
        data=BREACH_FORM, audit="privacy.breach_create"),
    row("privacy:breach_edit",            B,        "GET",   LOGIN, 200,   200,   403,   403,   403,   403,   403,
        note="analysts see the record read-only"),
    row("privacy:breach_edit",            B,        "POST",  LOGIN, 302,   403,   403,   403,   403,   403,   403,
        data=BREACH_EDIT, audit="privacy.breach_update"),
    # --- API: the caller's own data and requests
    row("api:privacy_my_data",            NONE,     "GET",   401,   200,   200,   200,   200,   200,   200,   200),
    row("api:privacy_my_requests",        NONE,     "GET",   401,   200,   200,   200,   200,   200,   200,   200),
    row("api:privacy_my_requests",        NONE,     "POST",  401,   201,   201,   201,   201,   201,   201,   201,
        data={"kind": "access", "details": ""}, audit="privacy.request_create"),
    row("api:privacy_my_requests",        NONE,     "POST",  401,   400,   400,   400,   400,   400,   400,   400,
        data={"kind": "olvido"}, note="unknown right: 400 listing the valid ones"),
    row("api:privacy_my_request",         R,        "GET",   401,   404,   404,   404,   404,   404,   404,   200,
        note="someone else's request is reported as missing"),
]
# fmt: on


def placeholders(users: dict[str, Any]) -> dict[str, Any]:
    """Placeholder string → value resolved against the demo data."""
    from django.utils import timezone

    from hublocal.privacy import services

    yesterday = timezone.localtime() - timedelta(days=1)
    request = services.request_create(user=users["partner"], kind="access", details="")
    breach = services.breach_create(
        actor=users["staff"],
        data={
            "title": "Brecha de la matriz",
            "description": "Creada para la matriz de permisos.",
            "detected_at": yesterday,
            "data_categories": "Nombres",
            "people_affected": 1,
            "measures": "",
            "authority_notified_at": None,
            "people_notified_at": None,
        },
    )
    return {REQ: request.pk, BREACH: breach.pk, YESTERDAY: yesterday.strftime("%Y-%m-%dT%H:%M")}
