"""Catalogue reads. Other apps reach startups and solutions only through these functions.

Every list runs a fixed number of queries whatever the catalogue's size: owners and their
profiles come with select_related, counts are annotations."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from hublocal.core import search
from hublocal.core.permissions import has_role, is_hub_staff, organization_id
from hublocal.core.text import fold
from hublocal.directory import selectors as directory_selectors

from .index import catalogue_index  # noqa: F401  (the matcher's shared index, for innovation.matching)
from .models import Solution, StartupProfile

# Default number of ids `ranked_solution_ids` returns.
SEARCH_LIMIT = 300


def solution_get(*, pk: int) -> Solution | None:
    return Solution.objects.select_related("organization").filter(pk=pk).first()


def solution_get_by_slug(*, slug: str) -> Solution | None:
    """The solution with its startup and the startup's profile (one query)."""
    return (
        Solution.objects.select_related("organization", "organization__startup_profile", "organization__commune")
        .filter(slug=slug)
        .first()
    )


def solutions_by_ids(*, ids: list[int]) -> dict[int, Solution]:
    """Published or not: callers decide what to show; one query whatever the number of ids."""
    return {s.pk: s for s in Solution.objects.select_related("organization").filter(pk__in=ids)}


def solutions_of(*, organization_id: int) -> QuerySet[Solution]:
    return Solution.objects.filter(organization_id=organization_id).order_by("name", "pk")


def startup_profile_of(*, organization_id: int) -> StartupProfile | None:
    return StartupProfile.objects.filter(organization_id=organization_id).first()


def is_startup_organization(organization: Any) -> bool:
    return getattr(organization, "kind", "") == "startup"


def published_solution_count() -> int:
    return Solution.objects.filter(is_published=True).count()


def _visible(qs: QuerySet[Solution], viewer: Any) -> QuerySet[Solution]:
    """Published solutions, plus drafts the viewer may see (its own startup's; all for the hub)."""
    if is_hub_staff(viewer):
        return qs
    own = organization_id(viewer) if has_role(viewer, "startup") else None
    if own is not None:
        return qs.filter(Q(is_published=True) | Q(organization_id=own))
    return qs.filter(is_published=True)


def visible_solutions_of(*, viewer: Any, organization_id: int) -> QuerySet[Solution]:
    return _visible(solutions_of(organization_id=organization_id), viewer)


def ranked_solution_ids(q: str, *, limit: int = SEARCH_LIMIT) -> list[int]:
    """Ids of the published solutions most relevant to `q`, best first, from the database's
    full-text index (Spanish-aware: accents, inflections, synonyms such as patentes/licencias)."""
    return search.ranked_ids(Solution.objects.filter(is_published=True), q, limit=limit)


def catalogue(
    *,
    viewer: Any = None,
    published_only: bool = True,
    q: str = "",
    area: str = "",
    deployment: str = "",
    pricing_model: str = "",
    typology: str = "",
    stage: str = "",
    startup: str = "",
) -> QuerySet[Solution]:
    """The catalogue, filtered. With `q`, ordered by relevance: the database's full-text rank of
    the analysed query (core.search; accents, inflections, synonyms, the last word also as a
    prefix), then solutions whose name merely contains the text; without it, by name. Filters
    and ranking are one SQL query, so the caller's page slice is a LIMIT. Filters are assumed
    valid values (callers check them against the choices); an unknown value matches nothing.

    `published_only=False` adds the drafts the viewer may see (API)."""
    qs = Solution.objects.select_related("organization", "organization__startup_profile")
    qs = qs.filter(is_published=True) if published_only else _visible(qs, viewer)
    if area:
        qs = qs.filter(area=area)
    if deployment:
        qs = qs.filter(deployment=deployment)
    if pricing_model:
        qs = qs.filter(pricing_model=pricing_model)
    if typology:
        # An empty list means the startup serves every kind of municipality.
        qs = qs.filter(Q(typologies__icontains=f'"{typology}"') | Q(typologies=[]))
    if stage:
        qs = qs.filter(organization__startup_profile__stage=stage)
    if startup:
        qs = qs.filter(organization__slug=startup)
    q = (q or "").strip()
    if not q:
        return qs.order_by("search_name", "pk")
    query = search.parse(q, match_all=True)
    folded = fold(q)[:200]
    # The name fallback finds what analysis drops (a word of stop words only, a code, a brand
    # the analyser splits); on PostgreSQL a trigram index serves it.
    by_name = Q(search_name__contains=folded) if folded else Q(pk__in=[])
    if not query:
        return qs.filter(by_name).order_by("search_name", "pk")
    # Solutions with every term of the query; when there is none, with all terms but one (three
    # terms or more); then with any term. Every term narrows the list as a person expects, and
    # the database ranks a few thousand rows at most instead of half the catalogue for a query
    # made of common words.
    if len(query.required) > 1 and not qs.filter(search.Matches(query)).exists():
        relaxed = query.all_but_one()
        if len(query.required) > 2 and qs.filter(search.Matches(relaxed)).exists():
            query = relaxed
        else:
            query = query.any_term()
    return (
        qs.filter(Q(search.Matches(query)) | by_name)
        .annotate(rank=search.Rank(query))
        .order_by("-rank", "search_name", "pk")
    )


# --- startups ---------------------------------------------------------------------------------


def startup_list(*, q: str = "", stage: str = "", area: str = "") -> QuerySet[StartupProfile]:
    """Startups with a profile, by name, each with `solution_count` (published solutions)."""
    qs = StartupProfile.objects.select_related("organization").annotate(
        solution_count=Count("organization__solutions", filter=Q(organization__solutions__is_published=True))
    )
    if q:
        qs = qs.filter(organization__search_name__contains=fold(q))
    if stage:
        qs = qs.filter(stage=stage)
    if area:
        # Exists rather than a join: a join would multiply the rows the count annotation sees.
        in_area = Solution.objects.filter(organization_id=OuterRef("organization_id"), area=area, is_published=True)
        qs = qs.filter(Exists(in_area))
    return qs.order_by("organization__search_name", "pk")


def startup_get(*, slug: str) -> tuple[Any, StartupProfile | None] | None:
    """(organisation, profile or None) of a startup; None if no startup has that slug."""
    profile = StartupProfile.objects.select_related("organization").filter(organization__slug=slug).first()
    if profile is not None:
        return profile.organization, profile
    org = directory_selectors.organization_get(slug=slug)
    if org is None or not is_startup_organization(org):
        return None
    return org, None


def startup_organizations() -> list[Any]:
    """Every startup organisation, for the hub administrator choosing whose solution to add."""
    return list(directory_selectors.organization_list(kind="startup"))
