"""Permission-matrix rows for the account-security routes of the accounts app (password change
and reset, second factor, per-token revocation, API logout). See tests/test_permission_matrix.py
for the columns. Routes about the signed-in person's own account answer every signed-in role
alike and send anonymous visitors to sign in (web) or answer 401 (API)."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from tests.matrix import LOGIN, Row, row

PARTNER_TOKEN = "<an API token of the partner account>"

NONE: dict[str, Any] = {}
TOKEN = {"pk": PARTNER_TOKEN}
# A reset link that is not valid (no such account, wrong token): the page says so, changes nothing.
BAD_RESET_LINK = {"uidb64": "MTIzNDU2Nzg", "token": "bad-token"}

PASSWORD_CHANGE_FORM = {
    "old_password": settings.DEMO_PASSWORD,
    "new_password1": "otra-clave-bien-larga-2026",
    "new_password2": "otra-clave-bien-larga-2026",
}
NEW_PASSWORD_FORM = {"new_password1": "otra-clave-bien-larga-2026", "new_password2": "otra-clave-bien-larga-2026"}
# No demo account has a second factor: a made-up code is always refused.
WRONG_CODE = {"code": "000000"}


# fmt: off
ROWS: list[Row] = [
    #   route                             kwargs    method   anon   staff  anlst  stgo   valpo  st-a   st-b   partner
    # --- second step of sign-in: without a password step first, back to the login page
    row("accounts:login_mfa",             NONE,     "GET",   302,   302,   302,   302,   302,   302,   302,   302),
    row("accounts:login_mfa",             NONE,     "POST",  302,   302,   302,   302,   302,   302,   302,   302,
        data=WRONG_CODE, note="no password step in this session: nothing to verify"),
    # --- own tokens
    row("accounts:token_revoke",          TOKEN,    "GET",   405,   405,   405,   405,   405,   405,   405,   405),
    row("accounts:token_revoke",          TOKEN,    "POST",  LOGIN, 404,   404,   404,   404,   404,   404,   302,
        audit="accounts.api_token_revoke", note="only its owner finds it"),
    # --- passwords
    row("accounts:password_change",       NONE,     "GET",   LOGIN, 200,   200,   200,   200,   200,   200,   200),
    row("accounts:password_change",       NONE,     "POST",  LOGIN, 302,   302,   302,   302,   302,   302,   302,
        data=PASSWORD_CHANGE_FORM, audit="accounts.password_change"),
    row("accounts:password_reset",        NONE,     "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("accounts:password_reset",        NONE,     "POST",  302,   302,   302,   302,   302,   302,   302,   302,
        data={"email": "nadie@example.cl"}, note="same answer whether or not the address exists"),
    row("accounts:password_reset_done",   NONE,     "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("accounts:password_reset_confirm", BAD_RESET_LINK, "GET", 200, 200, 200,  200,   200,   200,   200,   200),
    row("accounts:password_reset_confirm", BAD_RESET_LINK, "POST", 200, 200, 200, 200,   200,   200,   200,   200,
        data=NEW_PASSWORD_FORM, note="an invalid link: the page says so and nothing changes"),
    row("accounts:password_reset_complete", NONE,   "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    # --- second factor
    row("accounts:mfa",                   NONE,     "GET",   LOGIN, 200,   200,   200,   200,   200,   200,   200),
    row("accounts:mfa",                   NONE,     "POST",  LOGIN, 400,   400,   400,   400,   400,   400,   400,
        data=WRONG_CODE, note="enrolment needs a code from the app"),
    row("accounts:mfa_disable",           NONE,     "GET",   405,   405,   405,   405,   405,   405,   405,   405),
    row("accounts:mfa_disable",           NONE,     "POST",  LOGIN, 400,   400,   400,   400,   400,   400,   400,
        data={"disable-code": "000000"}, note="not enrolled: nothing to disable"),
    row("accounts:mfa_recovery",          NONE,     "GET",   405,   405,   405,   405,   405,   405,   405,   405),
    row("accounts:mfa_recovery",          NONE,     "POST",  LOGIN, 400,   400,   400,   400,   400,   400,   400,
        data={"regenerate-code": "000000"}, note="not enrolled: no codes to regenerate"),
    # --- API
    row("api:auth_logout",                NONE,     "GET",   401,   405,   405,   405,   405,   405,   405,   405),
    row("api:auth_logout",                NONE,     "POST",  401,   204,   204,   204,   204,   204,   204,   204,
        audit="accounts.api_token_revoke", note="revokes the token the call was made with"),
]
# fmt: on


def placeholders(users: dict[str, Any]) -> dict[str, Any]:
    """Placeholder string → value resolved against the demo data."""
    from django.test import RequestFactory

    from hublocal.accounts import selectors, services

    services.api_token_issue(
        username="partner", password=settings.DEMO_PASSWORD, request=RequestFactory().post("/api/v1/auth/token/")
    )
    token = selectors.api_tokens_active(user=users["partner"]).first()
    return {PARTNER_TOKEN: token.pk}
