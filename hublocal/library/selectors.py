"""Library reads. Every function runs a bounded number of queries whatever the data size."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import nh3
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils.safestring import SafeString, mark_safe

from hublocal.core import search
from hublocal.core.content import render_markdown
from hublocal.core.permissions import is_hub_staff, organization_id
from hublocal.territory import selectors as territory_selectors

from . import content
from .models import (
    DimensionLink,
    EvidenceAssessment,
    Resource,
    ResourceFile,
    ResourceVersion,
    Review,
    ReviewerAppointment,
    Status,
    UsageMonth,
    VersionState,
)
from .permissions import reviewer_areas

_Typology = territory_selectors.Typology
_ALL_TYPOLOGIES = tuple(t for t in _Typology.values if t != _Typology.SIN_CLASIFICAR)

PUBLIC = (Status.PUBLISHED,)
_ALLOWED_TAGS = {
    "p", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "a", "blockquote", "code", "pre", "table",
    "thead", "tbody", "tr", "th", "td", "hr", "br",
}  # fmt: skip


def body_html(markdown_text: str) -> SafeString:
    """A version's Markdown body as HTML: the project's safe Markdown, then an allow-list
    sanitiser (nh3), so whatever a proposer typed cannot inject markup or scripts."""
    html, _toc = render_markdown(markdown_text or "")
    cleaned = nh3.clean(
        str(html),
        tags=_ALLOWED_TAGS,
        attributes={"a": {"href"}, "th": {"scope"}, "h2": {"id"}, "h3": {"id"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener nofollow",
    )
    return mark_safe(cleaned)


# --- contract for other apps ---------------------------------------------------------------------


def resource_get_public(*, pk: int) -> Resource | None:
    return Resource.objects.filter(pk=pk, status=Status.PUBLISHED).first()


def resource_get(*, pk: int) -> Resource | None:
    return Resource.objects.select_related("organization", "current_version").filter(pk=pk).first()


def resources_public_by_ids(*, ids: list[int]) -> dict[int, Resource]:
    return {r.pk: r for r in Resource.objects.filter(pk__in=list(ids), status=Status.PUBLISHED)}


def resources_by_organizations(*, organization_ids: list[int], limit: int) -> list[Resource]:
    """Published resources authored (or proposed) by those organisations, newest first."""
    if not organization_ids:
        return []
    authored = ResourceVersion.organizations.through.objects.filter(organization_id__in=organization_ids).values(
        "resourceversion__resource_id"
    )
    qs = Resource.objects.filter(status=Status.PUBLISHED).filter(
        Q(organization_id__in=organization_ids) | Q(pk__in=authored)
    )
    return list(qs.order_by("-evidence_level", "-published_at", "-pk")[:limit])


def resources_for_dimensions(
    *, dimensions: list[tuple[str, str]], typology: str = "", limit: int = 10
) -> list[tuple[Resource, str, str]]:
    """Published resources that address these dimensions, best first: the staff-maintained
    mapping first, then resources whose version names the dimension, then the area; within each
    step by the dimension's rank, evidence level and recency; resources for the typology (or for
    all) only. Three queries."""
    if not dimensions or limit <= 0:
        return []
    wanted = [(a, d) for a, d in dimensions]
    rank = {pair: i for i, pair in enumerate(wanted)}
    base = Resource.objects.filter(status=Status.PUBLISHED)
    if typology:
        base = base.filter(Q(typologies__icontains=f'"{typology}"') | Q(typologies=[]))
    condition = Q()
    for a, d in wanted:
        condition |= Q(area=a, dimension=d)
    scored: dict[int, tuple[tuple[int, int], str, str]] = {}
    links = DimensionLink.objects.filter(condition, resource__in=base).values_list("resource_id", "area", "dimension")
    for rid, a, d in links:
        key = (0, rank[(a, d)])
        if rid not in scored or key < scored[rid][0]:
            scored[rid] = (key, a, d)
    # A version that names the dimension (the proposer's own mapping) counts after staff's links.
    named = Q()
    for a, d in wanted:
        named |= Q(current_version__dimensions__icontains=f'["{a}", "{d}"]')
    areas = sorted({a for a, _d in wanted})
    area_q = Q()
    for a in areas:
        area_q |= Q(areas__icontains=f'"{a}"')
    candidates = list(
        base.filter(Q(pk__in=list(scored)) | named | area_q)
        .select_related("current_version")
        .order_by("-evidence_level", "-published_at", "-pk")[: max(limit * 5, 50)]
    )
    for r in candidates:
        if r.pk in scored:
            continue
        version_dims = {tuple(p) for p in (r.current_version.dimensions if r.current_version else [])}
        hits = [pair for pair in wanted if pair in version_dims]
        if hits:
            best = min(hits, key=lambda p: rank[p])
            scored[r.pk] = ((1, rank[best]), best[0], best[1])
            continue
        for pair in wanted:
            if pair[0] in (r.areas or []):
                scored[r.pk] = ((2, rank[pair]), pair[0], "")
                break
    by_id = {r.pk: r for r in candidates}
    missing = [rid for rid in scored if rid not in by_id]
    if missing:
        by_id.update({r.pk: r for r in Resource.objects.filter(pk__in=missing)})
    ordered = sorted(
        (rid for rid in scored if rid in by_id),
        key=lambda rid: (scored[rid][0], -by_id[rid].evidence_level, by_id[rid].title),
    )
    return [(by_id[rid], scored[rid][1], scored[rid][2]) for rid in ordered[:limit]]


# --- pages ------------------------------------------------------------------------------------


def resource_get_by_slug(*, slug: str) -> Resource | None:
    return Resource.objects.select_related("organization", "current_version", "created_by").filter(slug=slug).first()


def published_count() -> int:
    return Resource.objects.filter(status=Status.PUBLISHED).count()


def catalogue(
    *,
    q: str = "",
    kind: str = "",
    area: str = "",
    typology: str = "",
    country: str = "",
    language: str = "",
    evidence_level: int | None = None,
    viewer: Any = None,
    include_private: bool = False,
) -> QuerySet[Resource]:
    """Published resources, filtered (filters are valid values; the caller checks them). With
    `include_private`, also the drafts and reviews the viewer may see (the API). Ordered by
    relevance with `q`, else newest first."""
    qs = Resource.objects.select_related("organization")
    if include_private:
        # Retired resources keep their pages (citations) but leave every list.
        qs = qs.filter(visible_q(viewer)).exclude(status=Status.RETIRED)
    else:
        qs = qs.filter(status=Status.PUBLISHED)
    if kind:
        qs = qs.filter(kind=kind)
    if area:
        qs = qs.filter(areas__icontains=f'"{area}"')
    if typology:
        qs = qs.filter(Q(typologies__icontains=f'"{typology}"') | Q(typologies=[]))
    if country:
        qs = qs.filter(countries__icontains=f'"{country}"')
    if language:
        qs = qs.filter(language=language)
    if evidence_level is not None:
        qs = qs.filter(evidence_level__gte=evidence_level) if evidence_level else qs.filter(evidence_level=0)
    q = (q or "").strip()
    if q:
        query = search.parse(q)
        if not query:
            return qs.none()
        return qs.filter(search.Matches(query)).annotate(rank=search.Rank(query)).order_by("-rank", "-pk")
    return qs.order_by("-published_at", "-pk")


def visible_q(viewer: Any) -> Q:
    """The resources a viewer may open: published and retired for everyone; drafts and reviews
    for the proposing organisation, the hub, and (in review) appointed reviewers."""
    public = Q(status__in=(Status.PUBLISHED, Status.RETIRED))
    if is_hub_staff(viewer):
        return Q()
    org = organization_id(viewer)
    condition = public
    if org is not None:
        condition |= Q(organization_id=org)
    areas = reviewer_areas(viewer)
    if areas is not None:
        in_review = Q(status=Status.IN_REVIEW)
        if areas:
            area_q = Q(areas=[])
            for a in areas:
                area_q |= Q(areas__icontains=f'"{a}"')
            in_review &= area_q
        if org is not None:
            in_review &= ~Q(organization_id=org)
        condition |= in_review
    return condition


@dataclass
class ResourcePage:
    resource: Resource
    version: ResourceVersion | None  # shown: the current version, or the one asked for
    versions: list[ResourceVersion] = field(default_factory=list)
    files: list[ResourceFile] = field(default_factory=list)
    assessment: EvidenceAssessment | None = None
    organizations: list[Any] = field(default_factory=list)
    working: ResourceVersion | None = None
    reviews: list[Review] = field(default_factory=list)


def resource_page(*, resource: Resource, number: int | None = None, with_private: bool = False) -> ResourcePage:
    """A resource's page: the version shown (the current one unless `number`; the working draft
    when there is no current one and `with_private`), its files and organisations, the version
    list (approved only, unless `with_private`), the latest evidence assessment and, with
    `with_private`, the working version and its reviews. Six queries at most."""
    versions = list(
        ResourceVersion.objects.filter(resource=resource)
        .only("pk", "resource_id", "number", "state", "change_note", "approved_at", "created_at", "title")
        .order_by("-number")
    )
    working = next((v for v in versions if v.state in (VersionState.DRAFT, VersionState.IN_REVIEW)), None)
    if not with_private:
        versions = [v for v in versions if v.state in (VersionState.APPROVED, VersionState.SUPERSEDED)]
    if number is not None:
        target = next((v.pk for v in versions if v.number == number), None)
    else:
        target = resource.current_version_id or (working.pk if working and with_private else None)
    version = None
    files: list[ResourceFile] = []
    orgs: list[Any] = []
    if target is not None:
        version = (
            ResourceVersion.objects.filter(pk=target)
            .prefetch_related("organizations", Prefetch("files", queryset=ResourceFile.objects.order_by("pk")))
            .first()
        )
        if version is not None:
            files, orgs = list(version.files.all()), list(version.organizations.all())
    assessment = EvidenceAssessment.objects.filter(resource=resource).select_related("set_by").first()
    reviews: list[Review] = []
    if with_private:
        reviews = list(Review.objects.filter(version__resource=resource).select_related("reviewer", "version")[:20])
    return ResourcePage(
        resource, version, versions, files, assessment, orgs, working if with_private else None, reviews
    )


def file_get(*, pk: int) -> ResourceFile | None:
    return ResourceFile.objects.select_related("version", "version__resource").filter(pk=pk).first()


def my_resources(*, viewer: Any) -> list[Resource]:
    """The resources of the viewer's organisation (staff: those they proposed)."""
    org = organization_id(viewer)
    qs = Resource.objects.filter(organization_id=org) if org is not None else Resource.objects.filter(created_by=viewer)
    return list(qs.order_by("-updated_at", "-pk")[:200])


def review_queue(*, viewer: Any) -> list[Resource]:
    """Resources with a version waiting for review that this viewer may review, oldest first."""
    waiting = ResourceVersion.objects.filter(state=VersionState.IN_REVIEW).values("resource_id")
    qs = Resource.objects.filter(pk__in=waiting).exclude(status=Status.RETIRED).select_related("organization")
    if not is_hub_staff(viewer):
        qs = qs.filter(visible_q(viewer) | Q(status=Status.PUBLISHED))
        org = organization_id(viewer)
        if org is not None:
            qs = qs.exclude(organization_id=org)
        areas = reviewer_areas(viewer)
        if areas:
            area_q = Q(areas=[])
            for a in areas:
                area_q |= Q(areas__icontains=f'"{a}"')
            qs = qs.filter(area_q)
    return list(qs.order_by("updated_at", "pk")[:200])


def review_waiting_count() -> int:
    return ResourceVersion.objects.filter(state=VersionState.IN_REVIEW).count()


def returned_drafts(*, organization_id: int, limit: int = 10) -> list[Resource]:
    """Drafts of the organisation that a reviewer returned with comments."""
    returned = Review.objects.filter(decision="return", version__state=VersionState.DRAFT).values(
        "version__resource_id"
    )
    return list(
        Resource.objects.filter(organization_id=organization_id, pk__in=returned).exclude(status=Status.RETIRED)[:limit]
    )


def appointments() -> list[ReviewerAppointment]:
    return list(ReviewerAppointment.objects.filter(active=True).select_related("user", "user__organization"))


def dimension_links() -> list[DimensionLink]:
    return list(DimensionLink.objects.select_related("resource").order_by("area", "dimension", "pk")[:1000])


def usage_of(*, resource: Resource) -> tuple[list[UsageMonth], dict[str, int]]:
    rows = list(UsageMonth.objects.filter(resource=resource).order_by("-month")[:36])
    totals = UsageMonth.objects.filter(resource=resource).aggregate(views=Sum("views"), downloads=Sum("downloads"))
    return rows, {k: v or 0 for k, v in totals.items()}


def feed_items(*, limit: int = 30) -> list[Resource]:
    return list(
        Resource.objects.filter(status=Status.PUBLISHED)
        .select_related("current_version")
        .order_by("-published_at", "-pk")[:limit]
    )


def kind_counts() -> dict[str, int]:
    return dict(Resource.objects.filter(status=Status.PUBLISHED).values_list("kind").annotate(n=Count("pk")).order_by())


SEARCH_CHUNK = 500


def search_documents(ids: list[int] | None) -> Any:
    """SearchDocuments of published resources (core.registry search type "library.resource"):
    title, summary, body, tags, authors and the text extracted from the current version's files.
    Two queries per chunk of 500 resources."""
    from hublocal.core.registry import SearchDocument

    qs = Resource.objects.filter(status=Status.PUBLISHED).select_related("current_version").order_by("pk")
    if ids is not None:
        chunks: Any = [list(qs.filter(pk__in=list(ids)))]
    else:
        chunks = _chunks(qs)
    for resources in chunks:
        texts: dict[int, list[str]] = {}
        version_ids = [r.current_version_id for r in resources if r.current_version_id]
        for vid, text in ResourceFile.objects.filter(version_id__in=version_ids, extraction="ok").values_list(
            "version_id", "text"
        ):
            texts.setdefault(vid, []).append(text)
        for r in resources:
            v = r.current_version
            if v is None:
                continue
            yield SearchDocument(
                object_id=r.pk,
                title=r.title,
                url=r.get_absolute_url(),
                summary=r.summary,
                text="\n".join([v.body, " ".join(v.tags), " ".join(v.authors), *texts.get(v.pk, [])]),
                areas=tuple(r.areas),
                # No typology means it applies to every one: listed under each in the facet.
                typologies=tuple(r.typologies) or _ALL_TYPOLOGIES,
                year=r.year,
                language=r.language,
                country=(r.countries or ["CL"])[0],
            )


def _chunks(qs: QuerySet[Resource]) -> Any:
    last = 0
    while batch := list(qs.filter(pk__gt=last)[:SEARCH_CHUNK]):
        yield batch
        last = batch[-1].pk


def search_ids_for(model_label: str, pk: int) -> list[int]:
    model_label = model_label.lower()
    if model_label == "library.resource":
        return [pk]
    if model_label == "library.resourceversion":
        return list(ResourceVersion.objects.filter(pk=pk).values_list("resource_id", flat=True))
    if model_label == "library.resourcefile":
        return list(ResourceFile.objects.filter(pk=pk).values_list("version__resource_id", flat=True))
    return []


def evidence_scale() -> dict[str, Any]:
    return content.evidence_scale()


# ---------------------------------------------------------------------------- indicators (hublocal.evaluation)
# Aggregate reads behind this app's indicator sources (indicators.py): one query each, any size.


def indicator_published_practices(*, year: int) -> list[Any]:
    """Replicable models and good practices first published during `year`."""
    from .models import Kind

    return list(
        Resource.objects.filter(
            status=Status.PUBLISHED,
            published_at__year=year,
            kind__in=[Kind.REPLICABLE_MODEL, Kind.GOOD_PRACTICE],
        )
        .order_by("pk")
        .values("pk", "slug", "title", "kind", "areas", "organization_id")
    )
