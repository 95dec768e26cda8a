"""The header's "Avisos" link: rendered only inside the signed-in branch of base.html, so an
anonymous (cacheable) page never runs its query."""

from __future__ import annotations

from typing import Any

from django import template

from hublocal.notifications import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context: dict[str, Any]) -> int:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    # Once per request: a page that shows the count twice pays one query.
    cached = getattr(request, "_unread_notifications", None)
    if cached is None:
        cached = selectors.unread_count(user=user)
        request._unread_notifications = cached  # type: ignore[union-attr]
    return int(cached)
