"""Replication reads: lists and filters, one resource's replications with the map, a
municipality's own, the peers' experience ("lo que funcionó en municipios como el mío")."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from hublocal.territory import selectors as territory_selectors

from .models import Replication, Result, Status


def _base() -> QuerySet[Replication]:
    return Replication.objects.select_related("municipality", "municipality__commune", "pilot").annotate(
        n_results=Count("results")
    )


def replication_list(
    *, resource_id: int | None = None, status: str = "", commune: str = "", pilot_id: int | None = None
) -> QuerySet[Replication]:
    """Every replication (all are public), latest activity first, filtered by the resource's
    id, status, commune code or pilot."""
    qs = _base()
    if resource_id is not None:
        qs = qs.filter(resource_id=resource_id)
    if pilot_id is not None:
        qs = qs.filter(pilot_id=pilot_id)
    if status:
        qs = qs.filter(status=status)
    if commune:
        qs = qs.filter(commune_code=commune)
    return qs.order_by("-updated_at", "-pk")


def replication_get(*, pk: int) -> Replication | None:
    return (
        Replication.objects.select_related("municipality", "municipality__commune", "pilot", "confirmed_by")
        .prefetch_related(Prefetch("results", queryset=Result.objects.order_by("measured_on", "pk")))
        .filter(pk=pk)
        .first()
    )


def replications_with_results(*, ids: list[int]) -> dict[int, list[Result]]:
    """The results of these replications, in one query."""
    out: dict[int, list[Result]] = {i: [] for i in ids}
    for row in Result.objects.filter(replication_id__in=ids).order_by("measured_on", "pk"):
        out[row.replication_id].append(row)
    return out


def replications_of_municipality(*, organization_id: int) -> list[Replication]:
    return list(_base().filter(municipality_id=organization_id).order_by("-updated_at", "-pk"))


def replication_count() -> int:
    return Replication.objects.count()


def implemented_count() -> int:
    return Replication.objects.filter(status=Status.IMPLEMENTED).count()


def resource_replication_counts(*, resource_ids: list[int]) -> dict[int, int]:
    rows = (
        Replication.objects.filter(resource_id__in=resource_ids)
        .values_list("resource_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return dict(rows)


@dataclass
class ReplicationMap:
    """What the per-resource page draws: every Chilean commune's shape, the ones that replicate
    highlighted with their status."""

    shapes: list[Any]
    meta: dict[str, Any]
    statuses: dict[str, str] = field(default_factory=dict)  # commune code -> status


def replication_map(*, replications: list[Replication]) -> ReplicationMap:
    statuses: dict[str, str] = {}
    # A commune with several replications shows its most advanced one.
    rank: dict[str, int] = {Status.IMPLEMENTED: 3, Status.IMPLEMENTING: 2, Status.PLANNING: 1, Status.ABANDONED: 0}
    for r in replications:
        if rank[r.status] >= rank.get(statuses.get(r.commune_code, ""), -1):
            statuses[r.commune_code] = r.status
    return ReplicationMap(
        shapes=territory_selectors.chile_map_shapes(),
        meta=territory_selectors.chile_map_meta(),
        statuses=statuses,
    )


def home_to_update(*, organization_id: int, limit: int = 10) -> list[Replication]:
    """A municipality's replications still in course (to update status or results)."""
    return list(
        _base()
        .filter(municipality_id=organization_id, status__in=(Status.PLANNING, Status.IMPLEMENTING))
        .order_by("updated_at", "pk")[:limit]
    )


def home_to_confirm(*, limit: int = 10) -> list[Replication]:
    """Implemented replications with results that wait for a reviewer's confirmation."""
    return list(
        _base()
        .filter(status=Status.IMPLEMENTED, confirmed_at__isnull=True)
        .filter(Q(n_results__gt=0))
        .order_by("finished_on", "pk")[:limit]
    )


def public_rows() -> QuerySet[Replication]:
    """Rows of the open dataset (no contact data)."""
    return _base().order_by("pk")


# ---------------------------------------------------------------------------- indicators (hublocal.evaluation)
# Aggregate reads behind this app's indicator sources (indicators.py): one query each, any size.


def indicator_replications(*, year: int) -> list[Any]:
    """Replications started (or recorded, when no start date was given) during `year`, abandoned
    ones left out."""
    return list(
        Replication.objects.filter(Q(started_on__year=year) | Q(started_on__isnull=True, created_at__year=year))
        .exclude(status=Status.ABANDONED)
        .order_by("pk")
        .values("pk", "target_title", "municipality_id", "commune_code")
    )
