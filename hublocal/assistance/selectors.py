"""Technical-assistance reads: each person's own requests and engagements (a municipality its
own, an expert the ones whose team they are on, staff all), an engagement with its plan and
history in a bounded number of queries, home items and the municipality's profile panel."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from hublocal.core.areas import Area
from hublocal.core.permissions import has_role, is_hub_staff, organization_id
from hublocal.diagnosis import selectors as diagnosis_selectors

from .models import (
    AssistanceRequest,
    Deliverable,
    DeliverableStatus,
    DeliverableVersion,
    Engagement,
    EngagementStatus,
    Rating,
    RequestStatus,
    TeamMember,
)


def dimension_titles(*, area: str) -> dict[str, str]:
    """dimension id → title, from the latest version of the area's instruments."""
    titles: dict[str, str] = {}
    for version in diagnosis_selectors.instrument_version_list(area=area, latest_only=True):
        for dim in diagnosis_selectors.instrument_of(version).dimensions:
            titles.setdefault(dim.id, dim.title)
    return titles


def municipal_officials(*, organization_id: int) -> list[Any]:
    """The active municipal accounts of a municipality: who is told a deliverable awaits review."""
    return list(
        get_user_model()
        .objects.filter(organization_id=organization_id, role="municipal", is_active=True)
        .order_by("pk")
    )


def team_users(*, engagement: Engagement) -> list[Any]:
    return [m.user for m in TeamMember.objects.filter(engagement=engagement).select_related("user")]


def _engagement_qs() -> QuerySet[Engagement]:
    return Engagement.objects.select_related("organization", "request").annotate(
        n_deliverables=Count("deliverables", distinct=True),
        n_accepted=Count("deliverables", filter=Q(deliverables__status=DeliverableStatus.ACCEPTED), distinct=True),
    )


def engagements_visible(
    *, user: Any, status: str = "", area: str = "", organization: int | None = None
) -> QuerySet[Engagement]:
    """The engagements a person may see: staff all, a municipality its own, an expert theirs."""
    qs = _engagement_qs()
    if is_hub_staff(user):
        pass
    elif has_role(user, "municipal") and (org := organization_id(user)) is not None:
        qs = qs.filter(organization_id=org)
    elif has_role(user, "partner"):
        qs = qs.filter(team__user=user)
    else:
        return qs.none()
    if status:
        qs = qs.filter(status=status)
    if area:
        qs = qs.filter(area=area)
    if organization:
        qs = qs.filter(organization_id=organization)
    return qs.order_by("-created_at", "-id")


def requests_visible(*, user: Any, status: str = "") -> QuerySet[AssistanceRequest]:
    """Requests not (yet) turned into engagements: staff all, a municipality its own."""
    qs = AssistanceRequest.objects.select_related("organization").exclude(status=RequestStatus.SCOPED)
    if is_hub_staff(user):
        pass
    elif has_role(user, "municipal") and (org := organization_id(user)) is not None:
        qs = qs.filter(organization_id=org)
    else:
        return qs.none()
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-id")


def request_get(*, pk: int) -> AssistanceRequest | None:
    return AssistanceRequest.objects.select_related("organization", "requested_by", "decided_by").filter(pk=pk).first()


def engagement_get(*, pk: int) -> Engagement | None:
    e = Engagement.objects.select_related("organization", "request").filter(pk=pk).first()
    if e is not None:
        e.team_user_ids = set(TeamMember.objects.filter(engagement=e).values_list("user_id", flat=True))  # type: ignore[attr-defined]
    return e


def deliverable_get(*, pk: int) -> Deliverable | None:
    return Deliverable.objects.select_related("engagement", "engagement__organization").filter(pk=pk).first()


def version_get(*, pk: int) -> DeliverableVersion | None:
    return DeliverableVersion.objects.select_related("deliverable__engagement").filter(pk=pk).first()


@dataclass
class EngagementDetail:
    engagement: Engagement
    team: list[TeamMember]
    deliverables: list[Deliverable]
    rating: Rating | None


def engagement_detail(*, engagement: Engagement) -> EngagementDetail:
    """Team, plan with every version (newest first) and the rating: four queries whatever the size."""
    team = list(TeamMember.objects.filter(engagement=engagement).select_related("user"))
    versions = DeliverableVersion.objects.select_related("submitted_by", "reviewed_by").order_by("-number")
    deliverables = list(
        Deliverable.objects.filter(engagement=engagement).prefetch_related(Prefetch("versions", queryset=versions))
    )
    rating = Rating.objects.filter(engagement=engagement).select_related("rated_by").first()
    return EngagementDetail(engagement, team, deliverables, rating)


def accepted_versions(*, engagement: Engagement) -> list[DeliverableVersion]:
    """The accepted version of each accepted deliverable, in plan order."""
    return list(
        DeliverableVersion.objects.filter(
            deliverable__engagement=engagement,
            deliverable__status=DeliverableStatus.ACCEPTED,
            decision="accepted",
        )
        .select_related("deliverable")
        .order_by("deliverable__order", "deliverable_id")
    )


def team_candidates() -> QuerySet[Any]:
    """Who may be put on a team: the hub's staff and partner institutions' accounts."""
    return (
        get_user_model()
        .objects.filter(is_active=True, role__in=("hub_admin", "hub_analyst", "partner"))
        .select_related("organization")
        .order_by("role", "first_name", "username")
    )


# --- Home and profile -------------------------------------------------------------------------


def home_requests_to_triage(*, limit: int = 10) -> list[AssistanceRequest]:
    return list(
        AssistanceRequest.objects.filter(status__in=(RequestStatus.SUBMITTED, RequestStatus.SCOPING))
        .select_related("organization")
        .order_by("created_at")[:limit]
    )


def home_deliverables_to_review(*, organization_id: int, limit: int = 10) -> list[Deliverable]:
    return list(
        Deliverable.objects.filter(engagement__organization_id=organization_id, status=DeliverableStatus.SUBMITTED)
        .select_related("engagement")
        .order_by("due_on")[:limit]
    )


def home_deliverables_due(*, user: Any, limit: int = 10) -> list[Deliverable]:
    """Deliverables the person's team still owes (pending or returned), soonest first."""
    return list(
        Deliverable.objects.filter(
            engagement__team__user=user,
            engagement__status__in=(EngagementStatus.AGREED, EngagementStatus.IN_PROGRESS),
            status__in=(DeliverableStatus.PENDING, DeliverableStatus.RETURNED),
        )
        .select_related("engagement")
        .order_by("due_on")[:limit]
    )


def home_overdue_deliverables(*, today: date | None = None, limit: int = 10) -> list[Deliverable]:
    """For the hub: deliverables past their date that the team has not sent (the expert's silence)."""
    today = today or timezone.localdate()
    return list(
        Deliverable.objects.filter(
            due_on__lt=today,
            status__in=(DeliverableStatus.PENDING, DeliverableStatus.RETURNED),
            engagement__status__in=(EngagementStatus.AGREED, EngagementStatus.IN_PROGRESS),
        )
        .select_related("engagement", "engagement__organization")
        .order_by("due_on")[:limit]
    )


def profile_panel(*, commune_code: str, organization: Any, user: Any) -> dict[str, Any] | None:
    """ "Asistencia técnica recibida": counts and areas for everyone; the engagements themselves
    only for the municipality's officials and the hub."""
    if organization is None:
        return None
    rows = list(Engagement.objects.filter(organization=organization).values("area", "status").annotate(n=Count("id")))
    if not rows:
        return None
    labels = dict(Area.choices)
    areas: dict[str, int] = {}
    for r in rows:
        areas[r["area"]] = areas.get(r["area"], 0) + r["n"]
    data: dict[str, Any] = {
        "total": sum(r["n"] for r in rows),
        "closed": sum(r["n"] for r in rows if r["status"] == EngagementStatus.CLOSED),
        "areas": sorted(((labels.get(a, a), n) for a, n in areas.items()), key=lambda x: (-x[1], str(x[0]))),
        "engagements": [],
    }
    if is_hub_staff(user) or (has_role(user, "municipal") and organization_id(user) == organization.pk):
        data["engagements"] = list(Engagement.objects.filter(organization=organization).order_by("-created_at")[:10])
    return data


def engagement_count() -> int:
    return Engagement.objects.count()


def subject_names(keys: list[str]) -> dict[str, str]:
    """Track subjects ("deliverable:12") → "Entregable · Asistencia", in one query."""
    ids = [int(k.split(":", 1)[1]) for k in keys if k.startswith("deliverable:") and k.split(":", 1)[1].isdigit()]
    rows = Deliverable.objects.filter(pk__in=ids).select_related("engagement")
    return {f"deliverable:{d.pk}": f"{d.title} · {d.engagement.title}" for d in rows}


# ---------------------------------------------------------------------------- indicators (hublocal.evaluation)
# Aggregate reads behind this app's indicator sources (indicators.py): one query each, any size.


def indicator_engagements(*, year: int) -> list[Any]:
    """Engagements agreed during `year`."""
    return list(
        Engagement.objects.filter(created_at__year=year).order_by("pk").values("pk", "title", "organization_id", "area")
    )
