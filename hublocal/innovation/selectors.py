"""Open-innovation reads. Other apps reach challenges and calls only through these functions."""

from __future__ import annotations

from datetime import datetime

from django.db.models import QuerySet

from .models import Call, CallStatus, Challenge, Criterion


def challenge_get(*, pk: int) -> Challenge | None:
    return Challenge.objects.select_related("owner", "owner__commune", "call").filter(pk=pk).first()


def challenge_municipality_ids(*, challenge: Challenge) -> set[int]:
    """Every municipality sharing the challenge, its owner included."""
    ids = set(challenge.memberships.values_list("organization_id", flat=True))
    ids.add(challenge.owner_id)
    return ids


def call_get(*, pk: int) -> Call | None:
    return Call.objects.filter(pk=pk).first()


def call_criteria(*, call: Call) -> list[Criterion]:
    return list(call.criteria.order_by("order", "pk"))


def call_is_open(*, call: Call | None, now: datetime) -> bool:
    """Applications are accepted only while a published call is between its dates."""
    return call is not None and call.status == CallStatus.PUBLISHED and call.opens_at <= now < call.closes_at


def challenges_of_call(*, call: Call) -> QuerySet[Challenge]:
    return call.challenges.select_related("owner").order_by("title", "pk")
