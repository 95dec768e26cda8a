"""Project reads: the public list with each project's computed progress, one project with its
partners, funding, milestones (as a timeline), results and library links."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import F, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from .models import FundingSource, Milestone, Partner, Project, Result


def progress_of(milestones: list[Milestone]) -> int:
    """The project's % progress: the mean of its milestones' progress weighted by their weight,
    rounded down so a project reads 100% only when every milestone is done. 0 without milestones."""
    total = sum(m.weight for m in milestones)
    if not total:
        return 0
    return sum(m.weight * m.progress for m in milestones) // total


def project_list() -> QuerySet[Project]:
    """Every project with its weighted progress computed in the query (no N+1)."""
    return Project.objects.annotate(
        _weighted=Sum(F("milestones__weight") * F("milestones__progress")),
        _weights=Sum("milestones__weight"),
    ).order_by("-starts_on", "-id")


def list_progress(project: Any) -> int:
    weights = getattr(project, "_weights", None) or 0
    return (project._weighted or 0) // weights if weights else 0


def project_count() -> int:
    return Project.objects.count()


def project_get(*, slug: str) -> Project | None:
    project = (
        Project.objects.filter(slug=slug)
        .prefetch_related(
            Prefetch("partners", queryset=Partner.objects.select_related("organization")),
            Prefetch("funding", queryset=FundingSource.objects.select_related("funder")),
            "milestones",
            "results",
            "library_resources",
        )
        .first()
    )
    if project is not None:
        project.partner_org_ids = {p.organization_id for p in project.partners.all()}  # type: ignore[attr-defined]
    return project


def project_get_by_pk(*, pk: int) -> Project | None:
    slug = Project.objects.filter(pk=pk).values_list("slug", flat=True).first()
    return project_get(slug=slug) if slug else None


def milestone_get(*, pk: int) -> Milestone | None:
    milestone = Milestone.objects.select_related("project").filter(pk=pk).first()
    if milestone is not None:
        milestone.project.partner_org_ids = set(  # type: ignore[attr-defined]
            Partner.objects.filter(project_id=milestone.project_id).values_list("organization_id", flat=True)
        )
    return milestone


ROW_HEIGHT = 32  # one milestone's row in the timeline drawing (its viewBox is 1000 wide)


@dataclass(frozen=True)
class TimelineEntry:
    milestone: Milestone
    state: str  # "done", "late", "current", "upcoming"
    offset: float  # where it starts along the project's span, 0–100 (%)
    width: float  # how much of the span it covers, 0–100 (%)
    y: int  # its row in the drawing (ROW_HEIGHT units)


def timeline(*, project: Project, today: date | None = None) -> list[TimelineEntry]:
    """The milestones placed on the project's span, each with a state a person reads in words
    (the page also shows dates and % as text, so colour is never the only signal)."""
    today = today or timezone.localdate()
    span = max((project.ends_on - project.starts_on).days, 1)
    entries = []
    for row, m in enumerate(project.milestones.all()):
        start = min(max((m.starts_on - project.starts_on).days, 0), span)
        end = min(max((m.due_on - project.starts_on).days, start), span)
        if m.progress >= 100:
            state = "done"
        elif m.due_on < today:
            state = "late"
        elif m.starts_on <= today:
            state = "current"
        else:
            state = "upcoming"
        entries.append(
            TimelineEntry(
                m, state, round(100 * start / span, 2), max(round(100 * (end - start) / span, 2), 1.0), row * ROW_HEIGHT
            )
        )
    return entries


def today_offset(*, project: Project, today: date | None = None) -> float | None:
    """Where today falls on the project's span (%), None outside it."""
    today = today or timezone.localdate()
    if not project.starts_on <= today <= project.ends_on:
        return None
    span = max((project.ends_on - project.starts_on).days, 1)
    return round(100 * (today - project.starts_on).days / span, 2)


def result_get(*, pk: int) -> Result | None:
    return Result.objects.select_related("project").filter(pk=pk).first()


# --------------------------------------------------------------------------- 360° view (panels_360.py)
LIMIT_360 = 50


def projects_of_organization(*, organization_id: int) -> list[Project]:
    """Projects an organisation takes part in, as partner or funder, with their progress
    annotated (list_progress). One query."""
    ids = Partner.objects.filter(organization_id=organization_id).values("project_id")
    funded = FundingSource.objects.filter(funder_id=organization_id).values("project_id")
    return list(project_list().filter(Q(pk__in=ids) | Q(pk__in=funded))[:LIMIT_360])


# --- Agreements (issue 14): the agreements that fund or frame a project link to it through
# core.registry's agreement link kinds, so agreements never imports projects.
LINK_KIND = "projects.project"


def projects_for_agreement_links(ids: list[int]) -> dict[int, tuple[str, str]]:
    from django.urls import reverse

    return {
        pk: (title, reverse("projects:project_detail", kwargs={"slug": slug}))
        for pk, title, slug in Project.objects.filter(pk__in=ids).values_list("pk", "title", "slug")
    }


def projects_for_agreement_choices(user: Any) -> list[tuple[int, str]]:
    """Projects are public: any may be linked, newest first, bounded."""
    return list(Project.objects.order_by("-starts_on", "-pk").values_list("pk", "title")[:200])


def funding_agreements(project: Project, *, user: Any) -> list[Any]:
    """The agreements linked to the project that this person may see (two queries)."""
    from hublocal.agreements import selectors as agreement_selectors

    return agreement_selectors.agreements_linked_to_many(LINK_KIND, [project.pk], user=user).get(project.pk, [])


# ---------------------------------------------------------------------------- indicators (hublocal.evaluation)
# Aggregate reads behind this app's indicator sources (indicators.py): one query each, any size.


def indicator_collaborative_projects(*, year: int) -> list[Any]:
    """Projects under way at some point of `year` with two partners or more."""
    from django.db.models import Count

    return list(
        Project.objects.filter(starts_on__year__lte=year, ends_on__year__gte=year)
        .annotate(partner_count=Count("partners", distinct=True))
        .filter(partner_count__gte=2)
        .order_by("pk")
        .values("pk", "slug", "title", "partner_count")
    )
