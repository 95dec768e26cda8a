"""What a locked-out client sees (django-axes' AXES_LOCKOUT_CALLABLE).

AxesMiddleware calls `lockout_response` when a sign-in attempt was refused or has just caused a
lock: the web login form shows the reason, the API answers 429 JSON with Retry-After. The
message is the same whether or not the username exists, so a lock reveals nothing."""

from __future__ import annotations

import math
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _


def cool_off() -> timedelta:
    return timedelta(hours=float(settings.AXES_COOLOFF_TIME))


def retry_after_seconds(request: HttpRequest, username: str | None) -> int:
    """Seconds until the (username, address) pair may try again: 15 minutes after the failure
    that locked it. At least 1 (a 0 would invite an immediate retry)."""
    from axes.models import AccessAttempt

    last = (
        AccessAttempt.objects.filter(username=username, ip_address=getattr(request, "axes_ip_address", None))
        .order_by("-attempt_time")
        .values_list("attempt_time", flat=True)
        .first()
    )
    if last is None:
        return int(cool_off().total_seconds())
    remaining = (last + cool_off() - timezone.now()).total_seconds()
    return max(1, math.ceil(remaining))


def lockout_message(seconds: int) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return _(
        "Demasiados intentos fallidos de ingreso. Por seguridad, espere %(minutes)s minutos antes de "
        "volver a intentarlo. Si olvidó su contraseña, puede restablecerla."
    ) % {"minutes": minutes}


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict[str, Any] | None = None
) -> HttpResponse:
    username = (credentials or {}).get("username") or getattr(request, "axes_credentials", {}).get("username")
    seconds = retry_after_seconds(request, username)
    message = lockout_message(seconds)
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message, "errors": {}}, status=429)
    else:
        from .forms import LoginForm

        form = LoginForm(request, initial={"username": username or ""})
        response = render(
            request, "accounts/login.html", {"form": form, "lockout_message": message, "next": ""}, status=429
        )
    response["Retry-After"] = str(seconds)
    return response
