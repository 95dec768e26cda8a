"""Account security: lockouts, password rules and flows, second factor, session and token limits,
and the sign-in events of the audit trail. Every finding of issue 11 is retried here."""

from __future__ import annotations

import io
import json
import re
import time
from datetime import timedelta
from typing import Any
from unittest import mock

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError
from django.db.models import F
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from hublocal.accounts import demo, selectors, services
from hublocal.accounts.client import client_ip
from hublocal.accounts.models import ApiToken
from hublocal.accounts.signals import SESSION_LAST_SEEN, SESSION_LOGIN_AT
from hublocal.audit.models import AuditEvent

LOGIN = "/cuenta/ingresar/"
TOKEN = "/api/v1/auth/token/"
PASSWORD = "hublocal-demo"
NEW_PASSWORD = "otra-clave-bien-larga-2026"
NO_THROTTLE = override_settings(OTP_TOTP_THROTTLE_FACTOR=0, OTP_STATIC_THROTTLE_FACTOR=0)


def post_json(client: Client, url: str, body: Any, **extra: Any) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json", **extra)


def code_for(user: Any, drift: int = 0) -> str:
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, drift):06d}"


def allow_code_reuse(user: Any) -> None:
    """TOTP codes cannot be replayed within their 30 s window: let a test use several."""
    TOTPDevice.objects.filter(user=user).update(last_t=-1)


def events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("id"))


@pytest.fixture
def seguridad(network) -> Any:
    return get_user_model().objects.get(username="seguridad")


# --------------------------------------------------------------------------- lockouts


def test_web_login_locks_after_five_failures_with_a_clear_message(users):
    client = Client()
    responses = [client.post(LOGIN, {"username": "partner", "password": f"mala-{i}"}) for i in range(25)]
    assert [r.status_code for r in responses[:4]] == [200] * 4
    assert {r.status_code for r in responses[4:]} == {429}
    assert "Demasiados intentos fallidos" in responses[-1].content.decode()
    assert int(responses[-1]["Retry-After"]) > 0
    # Locked: even the right password is refused for this (username, address) pair.
    right = client.post(LOGIN, {"username": "partner", "password": PASSWORD})
    assert right.status_code == 429
    # Others keep signing in from the same address.
    other = client.post(LOGIN, {"username": "santiago", "password": PASSWORD})
    assert other.status_code == 302
    assert len(events("accounts.lockout")) == 1
    failed = events("accounts.login_failed")
    assert len(failed) >= 25 and failed[0].actor is None and failed[0].object_repr == "partner"
    assert failed[0].after["ip"] == "127.0.0.1"


def test_lockout_expires_after_fifteen_minutes(users):
    client = Client()
    for i in range(5):
        client.post(LOGIN, {"username": "partner", "password": f"mala-{i}"})
    assert client.post(LOGIN, {"username": "partner", "password": PASSWORD}).status_code == 429
    # Fourteen minutes later: still locked. Sixteen: the lock is over.
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=14))
    assert client.post(LOGIN, {"username": "partner", "password": PASSWORD}).status_code == 429
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=2))
    assert client.post(LOGIN, {"username": "partner", "password": PASSWORD}).status_code == 302


def test_token_endpoint_locks_even_with_a_new_forwarded_address_each_time(users):
    client = Client()
    statuses = [
        post_json(
            client, TOKEN, {"username": "partner", "password": "mala"}, HTTP_X_FORWARDED_FOR=f"10.0.{i}.1"
        ).status_code
        for i in range(25)
    ]
    assert statuses[:4] == [400] * 4 and set(statuses[4:]) == {429}
    locked = post_json(client, TOKEN, {"username": "partner", "password": PASSWORD}, HTTP_X_FORWARDED_FOR="10.9.9.9")
    assert locked.status_code == 429
    body = locked.json()
    assert "Demasiados intentos" in body["detail"] and body["errors"] == {}
    assert int(locked["Retry-After"]) > 0


def test_unknown_username_locks_the_same_way(users):
    client = Client()
    statuses = [post_json(client, TOKEN, {"username": "no-existe", "password": "x"}).status_code for _ in range(6)]
    web = [client.post(LOGIN, {"username": "tampoco-existe", "password": "x"}).status_code for _ in range(6)]
    assert statuses == [400] * 4 + [429] * 2
    assert web == [200] * 4 + [429] * 2
    # Another account from the same address is not affected.
    assert post_json(client, TOKEN, {"username": "partner", "password": PASSWORD}).status_code == 200


def test_successful_login_resets_the_failure_count(users):
    client = Client()
    for _ in range(4):
        client.post(LOGIN, {"username": "partner", "password": "mala"})
    assert client.post(LOGIN, {"username": "partner", "password": PASSWORD}).status_code == 302
    client.post(reverse("accounts:logout"))
    for _ in range(4):
        assert client.post(LOGIN, {"username": "partner", "password": "mala"}).status_code == 200


def test_client_ip_ignores_forwarded_header_without_trusted_proxies():
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="1.2.3.4", REMOTE_ADDR="10.0.0.5")
    assert client_ip(request) == "10.0.0.5"


@pytest.mark.parametrize(
    ("count", "header", "expected"),
    [
        (1, "6.6.6.6, 203.0.113.7", "203.0.113.7"),
        (2, "6.6.6.6, 203.0.113.7, 10.0.0.2", "203.0.113.7"),
        (1, "", "10.0.0.5"),  # no header although a proxy was expected: the peer
        (1, "not-an-address", "10.0.0.5"),
        (3, "203.0.113.7, 10.0.0.2", "10.0.0.5"),  # fewer entries than proxies
    ],
)
def test_client_ip_counts_trusted_proxies_from_the_right(count, header, expected):
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR=header, REMOTE_ADDR="10.0.0.5")
    with override_settings(TRUSTED_PROXY_COUNT=count):
        assert client_ip(request) == expected


def test_behind_one_proxy_each_client_address_is_locked_separately(users):
    with override_settings(TRUSTED_PROXY_COUNT=1):
        client = Client()
        for _ in range(5):
            post_json(client, TOKEN, {"username": "partner", "password": "x"}, HTTP_X_FORWARDED_FOR="203.0.113.7")
        spoofed = "203.0.113.8, 203.0.113.7"  # the client's own claim is on the left: ignored
        assert (
            post_json(
                client, TOKEN, {"username": "partner", "password": PASSWORD}, HTTP_X_FORWARDED_FOR=spoofed
            ).status_code
            == 429
        )
        other = post_json(
            client, TOKEN, {"username": "partner", "password": PASSWORD}, HTTP_X_FORWARDED_FOR="198.51.100.1"
        )
        assert other.status_code == 200


# --------------------------------------------------------------------------- passwords


def test_short_password_refused_by_service(users):
    org = selectors.User.objects.get(username="santiago").organization
    with pytest.raises(ValidationError) as exc:
        services.user_create(
            actor=users["staff"],
            username="corta",
            email="c@example.cl",
            password="123",
            role="municipal",
            organization=org,
        )
    assert "password" in exc.value.message_dict
    assert not get_user_model().objects.filter(username="corta").exists()


def test_short_password_refused_by_back_office_form(users, client_for):
    form = {"username": "corta", "email": "c@example.cl", "role": "startup", "organization": "datamuni-spa"}
    for password in ("123", "123456789012", "password1234"):
        response = client_for("staff").post(reverse("accounts:user_create"), {**form, "password": password})
        assert response.status_code == 400, password
    assert not get_user_model().objects.filter(username="corta").exists()


def test_password_hash_upgraded_to_argon2_at_sign_in(users):
    user = users["partner"]
    assert user.password.startswith("md5$")
    hashers = ["django.contrib.auth.hashers.Argon2PasswordHasher", "django.contrib.auth.hashers.MD5PasswordHasher"]
    with override_settings(PASSWORD_HASHERS=hashers):
        assert Client().post(LOGIN, {"username": "partner", "password": PASSWORD}).status_code == 302
        user.refresh_from_db()
        assert user.password.startswith("argon2")
        assert user.check_password(PASSWORD)


def test_password_change_ends_other_sessions_and_revokes_tokens(users):
    here, elsewhere = Client(), Client()
    for client in (here, elsewhere):
        assert client.post(LOGIN, {"username": "partner", "password": PASSWORD}).status_code == 302
    token = post_json(Client(), TOKEN, {"username": "partner", "password": PASSWORD}).json()["token"]
    url = reverse("accounts:password_change")
    short = here.post(url, {"old_password": PASSWORD, "new_password1": "corta", "new_password2": "corta"})
    assert short.status_code == 400
    response = here.post(url, {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert here.get(reverse("accounts:account")).status_code == 200  # this session stays
    assert elsewhere.get(reverse("accounts:account")).status_code == 302  # the other one ended
    me = Client(headers={"Authorization": f"Bearer {token}"}).get("/api/v1/me/")
    assert me.status_code == 401 and "revocado" in me.json()["detail"]
    event = events("accounts.password_change")[-1]
    assert event.actor == users["partner"] and event.after["tokens_revoked"] == 1
    assert NEW_PASSWORD not in json.dumps(event.after)


def _reset_link() -> str:
    assert len(mail.outbox) == 1
    match = re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[0].body)
    assert match
    return match.group(1)


def test_password_reset_by_email_works_once(users):
    token = post_json(Client(), TOKEN, {"username": "partner", "password": PASSWORD}).json()["token"]
    other_session = Client()
    other_session.post(LOGIN, {"username": "partner", "password": PASSWORD})
    login_page = Client().get(LOGIN).content.decode()
    assert reverse("accounts:password_reset") in login_page and "¿Olvidó su contraseña?" in login_page

    client = Client()
    response = client.post(reverse("accounts:password_reset"), {"email": "partner@demo.hublocal.cl"})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:password_reset_done")
    link = _reset_link()
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200 and form_page.context["validlink"]
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302 and done["Location"] == reverse("accounts:password_reset_complete")
    users["partner"].refresh_from_db()
    assert users["partner"].check_password(NEW_PASSWORD)
    # Single use: the link is dead once the password changed.
    again = Client().get(link, follow=True)
    assert not again.context["validlink"]
    # Sessions ended and tokens revoked.
    assert other_session.get(reverse("accounts:account")).status_code == 302
    assert Client(headers={"Authorization": f"Bearer {token}"}).get("/api/v1/me/").status_code == 401
    assert events("accounts.password_reset")[-1].actor == users["partner"]


def test_password_reset_link_expires_after_one_hour(users):
    Client().post(reverse("accounts:password_reset"), {"email": "partner@demo.hublocal.cl"})
    link = _reset_link()
    from django.contrib.auth.tokens import PasswordResetTokenGenerator

    later = PasswordResetTokenGenerator()._now() + timedelta(seconds=3601)
    with mock.patch.object(PasswordResetTokenGenerator, "_now", return_value=later):
        response = Client().get(link, follow=True)
    assert not response.context["validlink"]
    assert "ya no es válido" in response.content.decode()


def test_password_reset_does_not_reveal_whether_the_address_exists(users):
    known = Client().post(reverse("accounts:password_reset"), {"email": "partner@demo.hublocal.cl"})
    unknown = Client().post(reverse("accounts:password_reset"), {"email": "nadie@example.cl"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert len(mail.outbox) == 1


def test_demo_password_still_valid_under_the_rules():
    from django.contrib.auth.password_validation import validate_password

    validate_password(settings.DEMO_PASSWORD)  # 13 characters, not common, not numeric


# --------------------------------------------------------------------------- second factor


def test_mfa_enrolment_with_qr_confirm_and_recovery_codes(users, client_for):
    client = client_for("partner")
    page = client.get(reverse("accounts:mfa"))
    html = page.content.decode()
    qr = page.context["qr"]
    # An inline <svg> element: nothing for the strict CSP to allow (no data: URI, no style).
    assert page.status_code == 200 and qr.startswith("<svg") and qr in html and "style=" not in qr
    key = client.session["hl_mfa_enrol_key"]
    assert not selectors.user_has_mfa(user=users["partner"])
    wrong = client.post(reverse("accounts:mfa"), {"code": "000000"})
    assert wrong.status_code == 400 and not selectors.user_has_mfa(user=users["partner"])
    good = f"{totp(bytes.fromhex(key)):06d}"
    response = client.post(reverse("accounts:mfa"), {"code": good})
    assert response.status_code == 200
    codes = response.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert selectors.user_has_mfa(user=users["partner"])
    assert selectors.recovery_codes_left(user=users["partner"]) == 10
    assert events("accounts.mfa_enable")[-1].actor == users["partner"]
    # Codes are shown once: the management page does not list them.
    assert codes[0] not in client.get(reverse("accounts:mfa")).content.decode()


def _password_step(client: Client, username: str = "seguridad") -> Any:
    return client.post(LOGIN, {"username": username, "password": PASSWORD, "next": "/cuenta/"})


@NO_THROTTLE
def test_login_with_totp_is_two_steps(seguridad):
    client = Client()
    first = _password_step(client)
    assert first.status_code == 302 and first["Location"] == reverse("accounts:login_mfa")
    # Not signed in yet.
    assert client.get(reverse("accounts:account")).status_code == 302
    assert not events("accounts.login")
    wrong = client.post(reverse("accounts:login_mfa"), {"code": "000000"})
    assert wrong.status_code == 400
    assert events("accounts.login_failed")[-1].object_repr == "seguridad"
    right = client.post(reverse("accounts:login_mfa"), {"code": code_for(seguridad)})
    assert right.status_code == 302 and right["Location"] == "/cuenta/"
    assert client.get(reverse("accounts:account")).status_code == 200
    assert events("accounts.login")[-1].actor == seguridad


@NO_THROTTLE
def test_wrong_codes_lock_out_like_wrong_passwords(seguridad):
    client = Client()
    _password_step(client)
    statuses = [client.post(reverse("accounts:login_mfa"), {"code": "000000"}).status_code for _ in range(6)]
    assert statuses[:4] == [400] * 4 and set(statuses[4:]) == {429}
    assert client.post(reverse("accounts:login_mfa"), {"code": code_for(seguridad)}).status_code == 429


@NO_THROTTLE
def test_recovery_code_works_once(seguridad):
    codes = services._recovery_codes_create(user=seguridad)
    client = Client()
    _password_step(client)
    assert client.post(reverse("accounts:login_mfa"), {"code": codes[0].upper()}).status_code == 302
    again = Client()
    _password_step(again)
    assert again.post(reverse("accounts:login_mfa"), {"code": codes[0]}).status_code == 400
    assert selectors.recovery_codes_left(user=seguridad) == 9


def test_code_step_expires_and_needs_the_password_step(seguridad):
    client = Client()
    assert client.post(reverse("accounts:login_mfa"), {"code": "123456"}).status_code == 302
    _password_step(client)
    session = client.session
    session["hl_mfa_at"] = int(time.time()) - 600
    session.save()
    response = client.post(reverse("accounts:login_mfa"), {"code": code_for(seguridad)})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login")


@NO_THROTTLE
def test_api_token_requires_otp_for_enrolled_accounts(seguridad):
    missing = post_json(Client(), TOKEN, {"username": "seguridad", "password": PASSWORD})
    assert missing.status_code == 400 and "otp" in missing.json()["errors"]
    wrong = post_json(Client(), TOKEN, {"username": "seguridad", "password": PASSWORD, "otp": "000000"})
    assert wrong.status_code == 400 and "otp" in wrong.json()["errors"]
    assert events("accounts.login_failed")[-1].object_repr == "seguridad"
    ok = post_json(Client(), TOKEN, {"username": "seguridad", "password": PASSWORD, "otp": code_for(seguridad)})
    assert ok.status_code == 200, ok.content
    assert Client(headers={"Authorization": f"Bearer {ok.json()['token']}"}).get("/api/v1/me/").status_code == 200


@NO_THROTTLE
def test_wrong_otp_counts_toward_the_api_lockout(seguridad):
    body = {"username": "seguridad", "password": PASSWORD, "otp": "000000"}
    statuses = [post_json(Client(), TOKEN, body).status_code for _ in range(6)]
    assert statuses == [400] * 4 + [429] * 2


@NO_THROTTLE
def test_disable_and_regenerate_need_a_valid_code(seguridad):
    client = Client()
    client.force_login(seguridad)
    bad = client.post(reverse("accounts:mfa_recovery"), {"regenerate-code": "000000"})
    assert bad.status_code == 400
    allow_code_reuse(seguridad)
    regenerated = client.post(reverse("accounts:mfa_recovery"), {"regenerate-code": code_for(seguridad)})
    assert regenerated.status_code == 200 and len(regenerated.context["codes"]) == 10
    assert events("accounts.mfa_recovery_regenerate")[-1].actor == seguridad
    assert client.post(reverse("accounts:mfa_disable"), {"disable-code": "000000"}).status_code == 400
    assert selectors.user_has_mfa(user=seguridad)
    allow_code_reuse(seguridad)
    assert client.post(reverse("accounts:mfa_disable"), {"disable-code": code_for(seguridad)}).status_code == 302
    assert not selectors.user_has_mfa(user=seguridad)
    assert events("accounts.mfa_disable")[-1].actor == seguridad


def test_demo_security_account_uses_the_published_secret(seguridad):
    assert seguridad.role == "hub_admin" and seguridad.get_full_name() == "Equipo de Seguridad"
    assert seguridad.check_password(settings.DEMO_PASSWORD)
    device = TOTPDevice.objects.get(user=seguridad, confirmed=True)
    assert device.key == demo.demo_totp_key_hex()
    # Idempotent: a second run changes nothing.
    demo.seed(lambda _m: None)
    assert TOTPDevice.objects.filter(user=seguridad).count() == 1


def test_required_role_must_enrol_before_anything_else(users, client_for):
    with override_settings(MFA_REQUIRED_ROLES=["hub_admin", "hub_analyst", "municipal"]):
        staff = client_for("staff")
        response = staff.get(reverse("accounts:backoffice"))
        assert response.status_code == 302 and response["Location"] == reverse("accounts:mfa")
        assert staff.get(reverse("accounts:mfa")).status_code == 200
        assert staff.get(reverse("privacy:notice")).status_code == 200
        assert staff.get("/api/v1/me/").status_code == 403
        # Roles not listed are not affected.
        assert client_for("partner").get(reverse("accounts:account")).status_code == 200
        refused = post_json(Client(), TOKEN, {"username": "staff", "password": PASSWORD})
        assert refused.status_code == 400 and "otp" in refused.json()["errors"]
        assert staff.post(reverse("accounts:logout")).status_code == 302


def test_required_role_with_a_device_goes_on(seguridad):
    with override_settings(MFA_REQUIRED_ROLES=["hub_admin"]):
        client = Client()
        client.force_login(seguridad)
        assert client.get(reverse("accounts:backoffice")).status_code == 200


# --------------------------------------------------------------------------- sessions


def _age_session(client: Client, *, idle: timedelta = timedelta(0), since_login: timedelta = timedelta(0)) -> None:
    now = int(timezone.now().timestamp())
    session = client.session
    session[SESSION_LAST_SEEN] = now - int(idle.total_seconds())
    session[SESSION_LOGIN_AT] = now - int(since_login.total_seconds())
    session.save()


def test_staff_session_ends_after_thirty_idle_minutes(users, client_for):
    client = client_for("staff")
    _age_session(client, idle=timedelta(minutes=29))
    assert client.get(reverse("accounts:account")).status_code == 200
    _age_session(client, idle=timedelta(minutes=31))
    response = client.get(reverse("accounts:account"), follow=True)
    assert response.redirect_chain[0][0].startswith(reverse("accounts:login"))
    assert "Su sesión expiró por inactividad" in response.content.decode()
    assert events("accounts.logout")[-1].actor == users["staff"]


def test_other_roles_get_a_longer_idle_limit(users, client_for):
    client = client_for("partner")
    _age_session(client, idle=timedelta(minutes=31))
    assert client.get(reverse("accounts:account")).status_code == 200
    _age_session(client, idle=timedelta(minutes=121))
    assert client.get(reverse("accounts:account")).status_code == 302


def test_session_ends_twelve_hours_after_sign_in_even_when_active(users, client_for):
    client = client_for("partner")
    _age_session(client, since_login=timedelta(hours=11, minutes=59))
    assert client.get(reverse("accounts:account")).status_code == 200
    _age_session(client, since_login=timedelta(hours=12, minutes=1))
    response = client.get(reverse("accounts:account"), follow=True)
    assert response.redirect_chain[0][0].startswith(reverse("accounts:login"))
    assert "Su sesión expiró" in response.content.decode()


def test_session_cookie_lasts_twelve_hours():
    assert settings.SESSION_COOKIE_AGE == 12 * 3600


def test_login_and_logout_are_audited_with_the_address(users):
    client = Client()
    client.post(LOGIN, {"username": "partner", "password": PASSWORD})
    login = events("accounts.login")[-1]
    assert login.actor == users["partner"] and login.after["ip"] == "127.0.0.1"
    client.post(reverse("accounts:logout"))
    assert events("accounts.logout")[-1].actor == users["partner"]


# --------------------------------------------------------------------------- API tokens


def _issue(username: str = "partner", **extra: Any) -> str:
    return post_json(Client(), TOKEN, {"username": username, "password": PASSWORD, **extra}).json()["token"]


def test_token_expires_after_api_token_days(users):
    raw = _issue(name="script de prueba")
    token = ApiToken.objects.get(digest=ApiToken.hash(raw))
    assert token.name == "script de prueba"
    days = (token.expires_at - token.created_at).total_seconds() / 86400
    assert 29.9 < days <= 30
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = Client(headers={"Authorization": f"Bearer {raw}"}).get("/api/v1/me/")
    assert response.status_code == 401 and "expiró" in response.json()["detail"]


def test_token_last_use_is_recorded(users):
    raw = _issue()
    Client(headers={"Authorization": f"Bearer {raw}"}).get("/api/v1/me/")
    assert ApiToken.objects.get(digest=ApiToken.hash(raw)).last_used_at is not None


def test_logout_endpoint_revokes_the_calling_token_only(users):
    raw, other = _issue(), _issue()
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    response = client.post("/api/v1/auth/logout/")
    assert response.status_code == 204
    after = client.get("/api/v1/me/")
    assert after.status_code == 401 and "revocado" in after.json()["detail"]
    assert Client(headers={"Authorization": f"Bearer {other}"}).get("/api/v1/me/").status_code == 200
    assert events("accounts.api_token_revoke")[-1].actor == users["partner"]


def test_owner_lists_and_revokes_one_token_at_cuenta(users, client_for):
    raw = _issue(name="mi script")
    token = ApiToken.objects.get(digest=ApiToken.hash(raw))
    client = client_for("partner")
    page = client.get(reverse("accounts:account")).content.decode()
    assert f"{token.prefix}…</code>" in page and "mi script" in page
    assert client_for("santiago").post(reverse("accounts:token_revoke", args=[token.pk])).status_code == 404
    assert client.post(reverse("accounts:token_revoke", args=[token.pk])).status_code == 302
    assert Client(headers={"Authorization": f"Bearer {raw}"}).get("/api/v1/me/").status_code == 401
    client.get(reverse("accounts:account"))  # shows (and uses up) the confirmation message
    assert f"{token.prefix}…</code>" not in client.get(reverse("accounts:account")).content.decode()


def test_token_issue_and_revoke_all_are_audited(users, client_for):
    _issue()
    issued = events("accounts.api_token_issue")[-1]
    assert issued.actor == users["partner"] and issued.after["ip"] == "127.0.0.1"
    client_for("partner").post(reverse("accounts:revoke_tokens"))
    assert events("accounts.api_token_revoke_all")[-1].actor == users["partner"]


def test_admin_sign_in_goes_through_our_login(network):
    response = Client().get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login")) and "next=/admin/" in response["Location"]


def test_admin_refuses_signed_in_non_admins_without_a_loop(users, client_for):
    assert client_for("staff").get("/admin/", follow=True).status_code == 403


def test_createsuperuser_without_input_applies_the_password_rules(network, monkeypatch):
    from django.core.management import CommandError, call_command

    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "123")
    with pytest.raises(CommandError, match="12"):
        call_command("createsuperuser", "--noinput", username="raiz", email="raiz@example.cl")
    assert not get_user_model().objects.filter(username="raiz").exists()
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "una-clave-de-raiz-bien-larga")
    call_command("createsuperuser", "--noinput", username="raiz", email="raiz@example.cl", stdout=io.StringIO())
    assert get_user_model().objects.get(username="raiz").is_superuser
