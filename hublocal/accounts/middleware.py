"""Session limits and the second-factor gate (both after AuthenticationMiddleware)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from . import selectors
from .signals import SESSION_LAST_SEEN, SESSION_LOGIN_AT

STAFF_ROLES = ("hub_admin", "hub_analyst", "municipal")
# Writing the session on every request would cost a database write per page: activity is
# noted at most once a minute, well below the shortest idle limit.
TOUCH_EVERY_SECONDS = 60


def idle_limit_seconds(user: Any) -> int:
    if getattr(user, "role", None) in STAFF_ROLES:
        return settings.SESSION_IDLE_TIMEOUT_STAFF_MINUTES * 60
    return settings.SESSION_IDLE_TIMEOUT_MINUTES * 60


class SessionLimitsMiddleware:
    """Signs a session out after inactivity (shorter for hub staff and municipal officials) or
    SESSION_ABSOLUTE_HOURS after sign-in, whatever the activity, and says why. The request
    then continues as anonymous: protected pages send the person to sign in again."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            self._check(request, user)
        return self.get_response(request)

    def _check(self, request: HttpRequest, user: Any) -> None:
        now = int(timezone.now().timestamp())
        session = request.session
        login_at = session.get(SESSION_LOGIN_AT)
        last_seen = session.get(SESSION_LAST_SEEN)
        if login_at is None or last_seen is None:
            # A session from before these limits existed: start counting now.
            session[SESSION_LOGIN_AT] = login_at or now
            session[SESSION_LAST_SEEN] = now
            return
        if now - login_at > settings.SESSION_ABSOLUTE_HOURS * 3600:
            logout(request)
            messages.info(
                request,
                _("Su sesión expiró: por seguridad, cada sesión dura como máximo %(h)s horas. Ingrese nuevamente.")
                % {"h": settings.SESSION_ABSOLUTE_HOURS},
            )
            return
        if now - last_seen > idle_limit_seconds(user):
            logout(request)
            messages.info(request, _("Su sesión expiró por inactividad. Ingrese nuevamente para continuar."))
            return
        if now - last_seen >= TOUCH_EVERY_SECONDS:
            session[SESSION_LAST_SEEN] = now


# Where a person who must enrol a second factor may still go.
MFA_EXEMPT_NAMESPACES = {"privacy"}
MFA_EXEMPT_ROUTES = {
    "accounts:mfa",
    "accounts:logout",
    "accounts:login",
    "accounts:login_mfa",
    "set_language",
    "healthz",
    "readyz",
    "core:about",
    "core:accessibility",
}
SESSION_MFA_OK = "hl_mfa_ok"


class MfaRequiredMiddleware:
    """Accounts whose role is in MFA_REQUIRED_ROLES and that have no authenticator yet are
    sent to /cuenta/mfa/ and can use nothing else (except signing out and the privacy and
    accessibility pages) until they enrol. API calls with the session get a 403 JSON."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: Any, args: Any, kwargs: Any) -> HttpResponse | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not selectors.mfa_required_for(user=user):
            return None
        if request.session.get(SESSION_MFA_OK) == user.pk:
            return None
        match = request.resolver_match
        route = match.view_name if match else ""
        namespace = match.namespaces[0] if match and match.namespaces else ""
        if (
            route in MFA_EXEMPT_ROUTES
            or namespace in MFA_EXEMPT_NAMESPACES
            or request.path.startswith(settings.STATIC_URL)
        ):
            return None
        if selectors.user_has_mfa(user=user):
            request.session[SESSION_MFA_OK] = user.pk
            return None
        message = _("Su rol exige verificación en dos pasos. Actívela para continuar.")
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message, "errors": {}}, status=403)
        messages.warning(request, message)
        return redirect("accounts:mfa")
