"""Permission-matrix rows for the certificates app (see tests/test_permission_matrix.py for the
columns). Verification, the credential and the public key are public; the PDF is the holder's
and the hub's; the register is the hub's; revoking is the administrators'. `placeholders`
issues a certificate to `valparaiso` (with its PDF built) through the service."""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.matrix import LOGIN, Row, row

CODE = "<certificates: valparaiso's certificate code>"
C = {"code": CODE}
UNKNOWN = {"code": "ZZZZZZZZZZ"}
NONE: dict[str, Any] = {}
REASON = {"reason": "Se detectó un error en el registro de asistencia."}

# fmt: off
ROWS: list[Row] = [
    #   route                             kwargs  method   anon   staff  anlst  stgo   valpo  st-a   st-b   partner
    # --- public verification
    row("certificates:verify_form",       NONE,   "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("certificates:verify",            C,      "GET",   200,   200,   200,   200,   200,   200,   200,   200,
        note="anyone shown a certificate can check it; only the certificate's own facts"),
    row("certificates:verify",            UNKNOWN, "GET",  404,   404,   404,   404,   404,   404,   404,   404),
    row("certificates:credential",        C,      "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("certificates:public_key",        NONE,   "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    # --- the holder's and the hub's
    row("certificates:mine",              NONE,   "GET",   LOGIN, 200,   200,   200,   200,   200,   200,   200),
    row("certificates:pdf",               C,      "GET",   LOGIN, 200,   200,   403,   200,   403,   403,   403,
        note="the PDF carries the name: the holder and the hub's team"),
    row("certificates:list",              NONE,   "GET",   LOGIN, 200,   200,   403,   403,   403,   403,   403),
    row("certificates:revoke",            C,      "GET",   LOGIN, 200,   403,   403,   403,   403,   403,   403),
    row("certificates:revoke",            C,      "POST",  LOGIN, 302,   403,   403,   403,   403,   403,   403,
        data=REASON, audit="certificates.revoke", note="administrators only, never an analyst"),
    row("certificates:revoke",            C,      "POST",  LOGIN, 400,   403,   403,   403,   403,   403,   403,
        data={"reason": ""}, note="a reason is required: refused, nothing written"),
    # --- API
    row("api:certificate_verify",         C,      "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("api:certificate_verify",         UNKNOWN, "GET",  404,   404,   404,   404,   404,   404,   404,   404),
]
# fmt: on


def placeholders(users: dict[str, Any]) -> dict[str, Any]:
    from hublocal.certificates import services

    certificate = services.certificate_issue(
        actor=users["staff"],
        holder_user=users["valparaiso"],
        holder_name="Valentina Rojas (matriz)",
        title="Innovación como herramienta de buen gobierno",
        hours=60,
        start_date=date(2026, 3, 2),
        end_date=date(2026, 6, 26),
        completion_date=date(2026, 7, 3),
        issuer_name="Hub Nacional de Gobierno Local · AMUCH",
        signatories=[{"name": "María Soto (demo)", "position": "Directora ejecutiva"}],
        source="tests.matrix",
        source_id=1,
    )
    # The PDF is built on commit by the task queue; the matrix runs inside a transaction.
    services.certificate_build_pdf(certificate_id=certificate.pk)
    return {CODE: certificate.code}
