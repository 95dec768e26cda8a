"""The client's network address, as far as we can trust it (lockouts, the audit trail, rate limits)."""

from __future__ import annotations

import ipaddress
from typing import Any

from django.conf import settings


def client_ip(request: Any) -> str:
    """The address lockouts and the audit trail use.

    With TRUSTED_PROXY_COUNT = 0 (no proxy of ours) X-Forwarded-For is ignored: any client can
    write it, and believing it would let an attacker pick a fresh address for each guess. With
    N proxies, each appends the address it received the request from, so the Nth entry from the
    right is the one our outermost proxy saw; entries further left are the client's own claims.
    Anything unparsable falls back to REMOTE_ADDR."""
    remote = str(request.META.get("REMOTE_ADDR", "") or "")
    count = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < count:
        return remote
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
