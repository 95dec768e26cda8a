"""Reads of round tables and policy items, each with a bounded number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from hublocal.directory import selectors as directory_selectors

from .models import (
    Activity,
    Commitment,
    CommitmentStatus,
    Evidence,
    Meeting,
    MeetingDocument,
    Member,
    PolicyItem,
    RoundTable,
)


@dataclass(frozen=True)
class CommitmentRecord:
    """A table's record: commitments made, kept, overdue (still open past their date, whether or
    not the scan has marked them yet), dropped, and the share kept of those that fell due."""

    made: int
    kept: int
    overdue: int
    dropped: int
    pending: int

    @property
    def percent_kept(self) -> int | None:
        due = self.kept + self.overdue
        return round(100 * self.kept / due) if due else None


def _record_counts(today: date) -> dict[str, Any]:
    late = Q(commitments__status=CommitmentStatus.OVERDUE) | Q(
        commitments__status=CommitmentStatus.PENDING, commitments__due_on__lt=today
    )
    return {
        "n_made": Count("commitments", distinct=True),
        "n_kept": Count("commitments", filter=Q(commitments__status=CommitmentStatus.KEPT), distinct=True),
        "n_overdue": Count("commitments", filter=late, distinct=True),
        "n_dropped": Count("commitments", filter=Q(commitments__status=CommitmentStatus.DROPPED), distinct=True),
    }


def record_of(table: Any) -> CommitmentRecord:
    """The record from a table annotated by table_list/table_get."""
    made, kept, overdue, dropped = table.n_made, table.n_kept, table.n_overdue, table.n_dropped
    return CommitmentRecord(made, kept, overdue, dropped, made - kept - overdue - dropped)


def table_list(*, area: str = "") -> QuerySet[RoundTable]:
    qs = RoundTable.objects.annotate(**_record_counts(timezone.localdate()))
    if area:
        qs = qs.filter(area=area)
    return qs.order_by("theme", "pk")


def table_get(*, slug: str) -> RoundTable | None:
    members = Member.objects.select_related("organization", "person").order_by("role", "organization__name", "pk")
    return (
        RoundTable.objects.annotate(**_record_counts(timezone.localdate()))
        .prefetch_related(Prefetch("members", queryset=members))
        .filter(slug=slug)
        .first()
    )


def table_get_by_pk(*, pk: int) -> RoundTable | None:
    return RoundTable.objects.prefetch_related("members").filter(pk=pk).first()


def meetings_of(*, table: RoundTable) -> list[Meeting]:
    return list(
        Meeting.objects.filter(table=table)
        .prefetch_related(
            Prefetch("documents", queryset=MeetingDocument.objects.order_by("pk")),
            Prefetch("attendance__member__organization"),
        )
        .order_by("-starts_at", "-pk")
    )


def commitments_of(*, table: RoundTable) -> list[Commitment]:
    return list(
        Commitment.objects.filter(table=table)
        .select_related("owner__organization", "owner_person", "meeting")
        .order_by("due_on", "pk")
    )


def commitment_get(*, pk: int) -> Commitment | None:
    return Commitment.objects.select_related("table", "owner__organization").filter(pk=pk).first()


def meeting_get(*, pk: int) -> Meeting | None:
    return Meeting.objects.select_related("table").filter(pk=pk).first()


def document_get(*, pk: int) -> MeetingDocument | None:
    return MeetingDocument.objects.select_related("meeting__table").filter(pk=pk).first()


def member_get(*, table: RoundTable, pk: int) -> Member | None:
    return Member.objects.select_related("organization").filter(table=table, pk=pk).first()


def commitments_due_for(*, organization_id: int, limit: int = 20) -> list[Commitment]:
    """Open commitments an organisation owns (pending or overdue), soonest first: the home page."""
    return list(
        Commitment.objects.filter(
            owner__organization_id=organization_id,
            status__in=[CommitmentStatus.PENDING, CommitmentStatus.OVERDUE],
        )
        .select_related("table")
        .order_by("due_on", "pk")[:limit]
    )


def commitments_falling_due(*, today: date) -> QuerySet[Commitment]:
    """Pending commitments whose date has passed: what the overdue scan marks."""
    return Commitment.objects.filter(status=CommitmentStatus.PENDING, due_on__lt=today).order_by("pk")


def users_of_organization(*, organization_id: int) -> list[Any]:
    """The active accounts of a member organisation: who is reminded of its commitments."""
    return list(get_user_model().objects.filter(organization_id=organization_id, is_active=True).order_by("pk"))


def policy_list(*, viewer_is_staff: bool, area: str = "") -> QuerySet[PolicyItem]:
    qs = PolicyItem.objects.all() if viewer_is_staff else PolicyItem.objects.filter(published=True)
    if area:
        qs = qs.filter(area=area)
    return qs.annotate(n_activities=Count("activities")).order_by("area", "-updated_at", "pk")


def policy_get(*, slug: str) -> PolicyItem | None:
    return (
        PolicyItem.objects.prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.select_related("resource").order_by("pk")),
            Prefetch("activities", queryset=Activity.objects.order_by("happened_on", "pk")),
        )
        .filter(slug=slug)
        .first()
    )


def policy_get_by_pk(*, pk: int) -> PolicyItem | None:
    return PolicyItem.objects.filter(pk=pk).first()


def search_tables(ids: list[int] | None) -> QuerySet[RoundTable]:
    qs = RoundTable.objects.prefetch_related(
        Prefetch("members", queryset=Member.objects.select_related("organization"))
    ).order_by("pk")
    return qs.filter(pk__in=ids) if ids is not None else qs


def search_policy_items(ids: list[int] | None) -> QuerySet[PolicyItem]:
    qs = PolicyItem.objects.filter(published=True).order_by("pk")
    return qs.filter(pk__in=ids) if ids is not None else qs


def table_count() -> int:
    return RoundTable.objects.count()


def member_get_by_pk(*, pk: int) -> Member | None:
    """A membership with its table (and the table's members, which the permission rules read)."""
    return (
        Member.objects.select_related("organization", "table").prefetch_related("table__members").filter(pk=pk).first()
    )


def meeting_get_for_edit(*, pk: int) -> Meeting | None:
    return (
        Meeting.objects.select_related("table")
        .prefetch_related(
            Prefetch(
                "table__members",
                queryset=Member.objects.select_related("organization").order_by("organization__name", "pk"),
            ),
            "attendance",
        )
        .filter(pk=pk)
        .first()
    )


def organizations_not_in(*, table: RoundTable) -> list[Any]:
    """Directory organisations that may still join the table, by name."""
    taken = {m.organization_id for m in table.members.all()}
    return [
        o for o in directory_selectors.organization_list().select_related(None).only("pk", "name") if o.pk not in taken
    ]


# --------------------------------------------------------------------------- 360° view (panels_360.py)
LIMIT_360 = 50


def tables_of_organization(*, organization_id: int) -> list[RoundTable]:
    """The round tables an organisation sits at (any of its people), by theme. One query."""
    return list(
        RoundTable.objects.filter(
            pk__in=Member.objects.filter(organization_id=organization_id).values("table_id")
        ).order_by("theme", "pk")[:LIMIT_360]
    )


def tables_of_person(*, user_id: int) -> list[RoundTable]:
    """The round tables where the account's directory person is a member. One query."""
    return list(
        RoundTable.objects.filter(pk__in=Member.objects.filter(person__user_id=user_id).values("table_id")).order_by(
            "theme", "pk"
        )[:LIMIT_360]
    )


def commitments_of_person(*, user_id: int) -> list[Commitment]:
    """Open commitments the account's person owns, soonest first. One query."""
    return list(
        Commitment.objects.filter(
            owner_person__user_id=user_id, status__in=[CommitmentStatus.PENDING, CommitmentStatus.OVERDUE]
        )
        .select_related("table")
        .order_by("due_on", "pk")[:LIMIT_360]
    )


# --- Agreements (issue 14): agreements that fund or frame a round table link to it through
# core.registry's agreement link kinds.
TABLE_LINK_KIND = "articulation.roundtable"


def tables_for_agreement_links(ids: list[int]) -> dict[int, tuple[str, str]]:
    from django.urls import reverse

    return {
        pk: (title, reverse("articulation:table_detail", kwargs={"slug": slug}))
        for pk, title, slug in RoundTable.objects.filter(pk__in=ids).values_list("pk", "theme", "slug")
    }


def tables_for_agreement_choices(user: Any) -> list[tuple[int, str]]:
    """Round tables are public work of the hub: any may be linked, bounded."""
    return list(RoundTable.objects.order_by("-pk").values_list("pk", "theme")[:200])


def table_agreements(table: RoundTable, *, user: Any) -> list[Any]:
    from hublocal.agreements import selectors as agreement_selectors

    return agreement_selectors.agreements_linked_to_many(TABLE_LINK_KIND, [table.pk], user=user).get(table.pk, [])


# ---------------------------------------------------------------------------- indicators (hublocal.evaluation)
# Aggregate reads behind this app's indicator sources (indicators.py): one query each, any size.


def indicator_commitments(*, year: int, today: date) -> list[Any]:
    """Round-table commitments due during `year` up to `today`, with their table."""
    return list(
        Commitment.objects.filter(due_on__year=year, due_on__lte=today)
        .order_by("pk")
        .values("pk", "status", "table__slug", "table__theme", "table__area", "owner__organization_id")
    )


def indicator_policy_items_with_activity(*, year: int) -> list[Any]:
    """Policy items with at least one activity during `year` (one row per item)."""
    return list(
        PolicyItem.objects.filter(activities__happened_on__year=year)
        .distinct()
        .order_by("pk")
        .values("pk", "slug", "title", "area", "published")
    )
