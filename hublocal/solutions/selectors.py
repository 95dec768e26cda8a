"""Catalogue reads. Other apps reach startups and solutions only through these functions."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from .models import Solution, StartupProfile


def solution_get(*, pk: int) -> Solution | None:
    return Solution.objects.select_related("organization").filter(pk=pk).first()


def solutions_by_ids(*, ids: list[int]) -> dict[int, Solution]:
    """Published or not: callers decide what to show; one query whatever the number of ids."""
    return {s.pk: s for s in Solution.objects.select_related("organization").filter(pk__in=ids)}


def solutions_of(*, organization_id: int) -> QuerySet[Solution]:
    return Solution.objects.filter(organization_id=organization_id).order_by("name", "pk")


def startup_profile_of(*, organization_id: int) -> StartupProfile | None:
    return StartupProfile.objects.filter(organization_id=organization_id).first()


def is_startup_organization(organization: Any) -> bool:
    return getattr(organization, "kind", "") == "startup"
