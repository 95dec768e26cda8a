from __future__ import annotations

from django.db.models import QuerySet

from .models import ApiToken, User


def api_token_resolve(*, raw: str) -> ApiToken | None:
    if not raw or len(raw) > 200:
        return None
    return ApiToken.objects.select_related("user").filter(digest=ApiToken.hash(raw), user__is_active=True).first()


def user_list(*, q: str = "", role: str = "") -> QuerySet[User]:
    qs = User.objects.select_related("organization").order_by("username")
    if q:
        qs = qs.filter(username__icontains=q) | qs.filter(email__icontains=q)
    if role:
        qs = qs.filter(role=role)
    return qs


def user_count() -> int:
    return User.objects.filter(is_active=True).count()
