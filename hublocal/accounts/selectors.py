from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import ApiToken, User


def api_token_resolve(*, raw: str) -> ApiToken | None:
    """The token with this value, whatever its state (the caller tells revoked and expired
    tokens apart to give a useful message); None if unknown or its account is inactive."""
    if not raw or len(raw) > 200:
        return None
    return ApiToken.objects.select_related("user").filter(digest=ApiToken.hash(raw), user__is_active=True).first()


def api_tokens_active(*, user: Any) -> QuerySet[ApiToken]:
    """The account's tokens that still work, newest first."""
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True, expires_at__gt=timezone.now()).order_by(
        "-created_at"
    )


def totp_device(*, user: Any, confirmed: bool | None = True) -> TOTPDevice | None:
    qs = TOTPDevice.objects.filter(user=user)
    if confirmed is not None:
        qs = qs.filter(confirmed=confirmed)
    return qs.order_by("-pk").first()


def recovery_device(*, user: Any) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()


def recovery_codes_left(*, user: Any) -> int:
    device = recovery_device(user=user)
    return device.token_set.count() if device else 0


def user_has_mfa(*, user: Any) -> bool:
    """Whether the account signs in with a second factor (a confirmed authenticator app)."""
    if user is None or not getattr(user, "pk", None):
        return False
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def mfa_required_for(*, user: Any) -> bool:
    """Whether the account's role must use a second factor (settings.MFA_REQUIRED_ROLES)."""
    return getattr(user, "role", None) in set(settings.MFA_REQUIRED_ROLES)


def user_list(*, q: str = "", role: str = "") -> QuerySet[User]:
    qs = User.objects.select_related("organization").order_by("username")
    if q:
        qs = qs.filter(username__icontains=q) | qs.filter(email__icontains=q)
    if role:
        qs = qs.filter(role=role)
    return qs


def user_count() -> int:
    return User.objects.filter(is_active=True).count()


def api_tokens_expiring(*, user: Any, within_days: int) -> list[ApiToken]:
    """The account's working tokens that expire within the given number of days, soonest first."""
    limit = timezone.now() + timedelta(days=within_days)
    return list(api_tokens_active(user=user).filter(expires_at__lte=limit).order_by("expires_at", "pk"))
