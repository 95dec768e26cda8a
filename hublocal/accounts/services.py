"""Account writes. Every function is atomic and records an audit event."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from hublocal.audit.services import audit_record

from . import selectors
from .client import client_ip
from .models import ApiToken, Role, User

RECOVERY_CODE_COUNT = 10


@transaction.atomic
def user_create(
    *,
    actor: Any,
    username: str,
    email: str,
    password: str | None,
    role: str,
    organization: Any = None,
    first_name: str = "",
    last_name: str = "",
    check_password_rules: bool = True,
) -> User:
    """Create an account bound to an organisation (required for every non-staff role).

    The password must pass AUTH_PASSWORD_VALIDATORS; `check_password_rules=False` is for the
    demo seeders only, whose password is published anyway. Raises ValidationError with
    per-field messages when the input is not acceptable."""
    user = User(
        username=username,
        email=email,
        role=role,
        organization=organization,
        first_name=first_name,
        last_name=last_name,
        # Django's admin is reserved for superusers made with createsuperuser; hub staff
        # work in the platform's own back office, where every write is audited.
        is_staff=False,
    )
    if role not in (Role.HUB_ADMIN, Role.HUB_ANALYST) and organization is None:
        raise ValidationError(
            {"organization": [_("Las cuentas que no son del Hub deben pertenecer a una organización.")]}
        )
    expected_kind = {Role.MUNICIPAL: "municipality", Role.STARTUP: "startup"}.get(Role(role))
    if expected_kind and organization is not None and organization.kind != expected_kind:
        raise ValidationError({"organization": [_("La organización no corresponde al rol elegido.")]})
    if role in (Role.HUB_ADMIN, Role.HUB_ANALYST):
        user.organization = None
    if password:
        # The same rules as every other place a password is set (AUTH_PASSWORD_VALIDATORS).
        if check_password_rules:
            try:
                validate_password(password, user)
            except ValidationError as exc:
                raise ValidationError({"password": exc.messages}) from None
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    audit_record(
        actor=actor,
        action="accounts.user_create",
        obj=user,
        after={"username": username, "role": role, "organization": getattr(organization, "pk", None)},
    )
    return user


@transaction.atomic
def user_set_active(*, actor: Any, user: User, is_active: bool) -> User:
    if actor is not None and actor.pk == user.pk and not is_active:
        raise ValidationError(_("No puede desactivar su propia cuenta."))
    before = {"is_active": user.is_active}
    user.is_active = is_active
    user.save(update_fields=["is_active"])
    audit_record(
        actor=actor, action="accounts.user_set_active", obj=user, before=before, after={"is_active": is_active}
    )
    return user


def _password_ok(request: HttpRequest, username: str, password: str) -> User:
    """The active account for these credentials, through Django's authenticate so that
    django-axes counts failures and refuses locked-out (username, address) pairs.

    Deliberately outside any transaction: a failure must stay recorded even though the
    caller then raises."""
    user = authenticate(request, username=username, password=password)
    if user is None or not user.is_active:
        raise ValidationError(_("Usuario o contraseña incorrectos."))
    return user


def api_token_issue(*, username: str, password: str, request: HttpRequest, otp: str = "", name: str = "") -> str:
    """Exchange credentials for a new bearer token. Returns the raw token (shown once).

    Accounts with a second factor must send a current code (or a recovery code) in `otp`; a
    wrong one counts as a failed sign-in for the lockout. Raises ValidationError (field
    "otp" for second-factor problems) when refused."""
    user = _password_ok(request, username, password)
    if selectors.user_has_mfa(user=user):
        if not otp:
            raise ValidationError(
                {"otp": [_("Esta cuenta usa verificación en dos pasos: envíe el código de su aplicación en «otp».")]}
            )
        if not mfa_verify(user=user, code=otp):
            user_login_failed.send(sender=__name__, credentials={"username": username}, request=request)
            raise ValidationError({"otp": [_("El código de verificación no es válido o ya fue usado.")]})
    elif selectors.mfa_required_for(user=user):
        raise ValidationError(
            {"otp": [_("Su rol exige verificación en dos pasos: actívela en «Mi cuenta» antes de pedir un token.")]}
        )
    _lockout_reset(request, username)
    return _api_token_create(user=user, name=name, ip=client_ip(request))


def _lockout_reset(request: HttpRequest, username: str) -> None:
    """A successful sign-in clears the pair's failures (what AXES_RESET_ON_SUCCESS does for
    web logins, which go through user_logged_in; token requests do not log in)."""
    from axes.handlers.proxy import AxesProxyHandler

    AxesProxyHandler.update_request(request)
    AxesProxyHandler.get_implementation().reset_user_attempts(request, {"username": username})


@transaction.atomic
def _api_token_create(*, user: User, name: str, ip: str) -> str:
    raw = ApiToken.generate()
    token = ApiToken(user=user, digest=ApiToken.hash(raw), prefix=raw[:8], name=name[:80])
    token.full_clean()
    token.save()
    audit_record(
        actor=user,
        action="accounts.api_token_issue",
        obj=token,
        object_repr=f"token {raw[:8]}…",
        after={"name": token.name, "expires_at": token.expires_at.isoformat(), "ip": ip},
    )
    return raw


@transaction.atomic
def api_token_revoke(*, actor: Any, token: ApiToken) -> ApiToken:
    """Revoke one token (its owner, from /cuenta/ or POST /api/v1/auth/logout/)."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    audit_record(actor=actor, action="accounts.api_token_revoke", obj=token, object_repr=f"token {token.prefix}…")
    return token


@transaction.atomic
def api_token_revoke_all(*, actor: Any, user: User) -> int:
    count = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    audit_record(actor=actor, action="accounts.api_token_revoke_all", obj=user, after={"revoked": count})
    return count


def api_token_mark_used(*, token: ApiToken) -> None:
    """Note when a token was last used (shown to its owner). At most once a minute, and not
    audited: it is a reading, recording it on every request would flood the trail."""
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


# --------------------------------------------------------------------------- passwords


@transaction.atomic
def password_set(*, actor: Any, user: User, password: str, reset: bool = False, ip: str = "") -> User:
    """Set a new password (change from /cuenta/clave/, or reset through an e-mailed link).

    Validates against AUTH_PASSWORD_VALIDATORS (ValidationError on field "password"). Every
    API token of the account is revoked, and every session of the account ends: Django signs
    out sessions whose stored password hash no longer matches (the view keeps the current
    one with update_session_auth_hash)."""
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from None
    user.set_password(password)
    user.save(update_fields=["password"])
    revoked = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    audit_record(
        actor=actor if actor is not None else user,
        action="accounts.password_reset" if reset else "accounts.password_change",
        obj=user,
        after={"tokens_revoked": revoked, "ip": ip},
    )
    return user


# --------------------------------------------------------------------------- second factor


def _clean_code(code: str) -> str:
    return "".join(str(code or "").split()).replace("-", "").lower()[:32]


def mfa_verify(*, user: Any, code: str) -> bool:
    """Whether `code` is a current authenticator code or an unused recovery code of the
    account. A recovery code is used up; a TOTP code cannot be replayed (django-otp)."""
    code = _clean_code(code)
    if not code:
        return False
    totp = selectors.totp_device(user=user)
    if totp is not None and code.isdigit() and totp.verify_token(code):
        return True
    recovery = selectors.recovery_device(user=user)
    return bool(recovery is not None and recovery.verify_token(code))


def mfa_new_secret() -> str:
    """A fresh TOTP secret (hex, as django-otp stores it), for an enrolment in progress."""
    return secrets.token_hex(20)


def _recovery_codes_create(*, user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="recovery", confirmed=True)
    codes = [StaticToken.random_token() for _i in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


@transaction.atomic
def mfa_enable(*, user: User, key: str, code: str) -> list[str]:
    """Activate an authenticator app after the person proves it works with a current code.

    Replaces any previous device. Returns 10 new single-use recovery codes, shown once.
    Raises ValidationError (field "code") when the code does not match."""
    try:
        bin_key = bytes.fromhex(key)
    except ValueError:
        raise ValidationError({"code": [_("La inscripción expiró; vuelva a empezar.")]}) from None
    totp = TOTP(bin_key, step=30, t0=0, digits=6)
    code = _clean_code(code)
    if not (code.isdigit() and totp.verify(int(code), tolerance=1)):
        raise ValidationError(
            {"code": [_("El código no coincide. Revise la hora de su teléfono y vuelva a intentar.")]}
        )
    TOTPDevice.objects.filter(user=user).delete()
    TOTPDevice.objects.create(user=user, name="app", key=key, confirmed=True, last_t=totp.t())
    codes = _recovery_codes_create(user=user)
    audit_record(actor=user, action="accounts.mfa_enable", obj=user)
    return codes


@transaction.atomic
def mfa_install(*, actor: Any, user: User, key: str) -> None:
    """Give an account an authenticator with a known secret, without proof of possession.

    For the demo seeder only (a fixed, published secret). Never expose this to people: a
    real enrolment goes through mfa_enable, which proves the app works."""
    if TOTPDevice.objects.filter(user=user, key=key, confirmed=True).exists():
        return
    TOTPDevice.objects.filter(user=user).delete()
    TOTPDevice.objects.create(user=user, name="app", key=key, confirmed=True)
    audit_record(actor=actor, action="accounts.mfa_enable", obj=user, after={"demo": True})


@transaction.atomic
def mfa_disable(*, user: User, code: str) -> None:
    """Remove the second factor; needs a valid code (TOTP or recovery). Raises ValidationError."""
    if not selectors.user_has_mfa(user=user):
        raise ValidationError({"code": [_("La verificación en dos pasos no está activa.")]})
    if selectors.mfa_required_for(user=user):
        raise ValidationError({"code": [_("Su rol exige la verificación en dos pasos: no puede desactivarla.")]})
    if not mfa_verify(user=user, code=code):
        raise ValidationError({"code": [_("El código de verificación no es válido o ya fue usado.")]})
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    audit_record(actor=user, action="accounts.mfa_disable", obj=user)


@transaction.atomic
def mfa_recovery_regenerate(*, user: User, code: str) -> list[str]:
    """Replace the recovery codes (the old ones stop working); needs a current TOTP code."""
    totp = selectors.totp_device(user=user)
    cleaned = _clean_code(code)
    if totp is None:
        raise ValidationError({"code": [_("La verificación en dos pasos no está activa.")]})
    if not (cleaned.isdigit() and totp.verify_token(cleaned)):
        raise ValidationError({"code": [_("El código de verificación no es válido o ya fue usado.")]})
    codes = _recovery_codes_create(user=user)
    audit_record(actor=user, action="accounts.mfa_recovery_regenerate", obj=user)
    return codes


# --------------------------------------------------------------------------- sign-in events
# Called from the auth signal receivers in signals.py: the trail records who signed in, who
# failed, and from which address (as computed by client_ip, never the raw header).


def login_record(*, user: User, ip: str) -> None:
    audit_record(actor=user, action="accounts.login", obj=user, after={"ip": ip})


def login_failed_record(*, username: str, ip: str) -> None:
    # No actor and no object: the username may not exist, and the trail must not say whether.
    audit_record(
        actor=None,
        action="accounts.login_failed",
        object_type="accounts.user",
        object_repr=username[:150],
        after={"ip": ip},
    )


def logout_record(*, user: Any, ip: str) -> None:
    if user is not None and getattr(user, "is_authenticated", False):
        audit_record(actor=user, action="accounts.logout", obj=user, after={"ip": ip})


def lockout_record(*, username: str, ip: str) -> None:
    audit_record(
        actor=None,
        action="accounts.lockout",
        object_type="accounts.user",
        object_repr=username[:150],
        after={"ip": ip},
    )
