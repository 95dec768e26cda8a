"""Sign-in events to the audit trail and session bookkeeping. Connected in AccountsConfig.ready().

Receivers only translate Django's and django-axes' signals into calls to services.py."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from . import services
from .client import client_ip

SESSION_LOGIN_AT = "hl_login_at"
SESSION_LAST_SEEN = "hl_last_seen"


def on_logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if request is None:
        return
    now = int(timezone.now().timestamp())
    if hasattr(request, "session"):
        # The session middleware measures idle and absolute limits from these.
        request.session[SESSION_LOGIN_AT] = now
        request.session[SESSION_LAST_SEEN] = now
    services.login_record(user=user, ip=client_ip(request))


def on_login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    username = str((credentials or {}).get("username") or "")
    services.login_failed_record(username=username, ip=client_ip(request) if request is not None else "")


def on_logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    services.logout_record(user=user, ip=client_ip(request) if request is not None else "")


def on_locked_out(sender: Any, request: Any = None, username: str | None = None, **kwargs: Any) -> None:
    # Axes sends this on the failure that locks the pair and again on every attempt refused
    # during the lock; only the first is news (the refused attempts are recorded as failures).
    if request is not None and getattr(request, "axes_failures_since_start", None) is None:
        return
    services.lockout_record(username=username or "", ip=client_ip(request) if request is not None else "")


def connect() -> None:
    from axes.signals import user_locked_out
    from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

    user_logged_in.connect(on_logged_in, dispatch_uid="hublocal.accounts.logged_in")
    user_login_failed.connect(on_login_failed, dispatch_uid="hublocal.accounts.login_failed")
    user_logged_out.connect(on_logged_out, dispatch_uid="hublocal.accounts.logged_out")
    user_locked_out.connect(on_locked_out, dispatch_uid="hublocal.accounts.locked_out")
