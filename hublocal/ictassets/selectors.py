"""ICT asset reads: a person's own register, the hub's national view, the public aggregates
(never an owner, a contract's single value or personal data) and the open-source register.
Every function runs a fixed number of queries whatever the data size."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from hublocal.core.permissions import is_hub_staff, organization_id
from hublocal.library import selectors as library_selectors
from hublocal.replications import selectors as replications_selectors
from hublocal.territory import selectors as territory_selectors

from .models import Adoption, AdoptionStatus, Category, Hosting, IctAsset, LicenceType, OpenSourceSolution
from .permissions import is_municipal_official

HORIZON_DAYS = 365


@dataclass(frozen=True)
class Filters:
    category: str = ""
    licence_type: str = ""
    hosting: str = ""
    typology: str = ""
    commune: str = ""  # national view and API only
    ending_within: int | None = None  # days


NO_FILTERS = Filters()


def clean_filters(get: Any, *, with_commune: bool = False) -> Filters:
    """The page's filters from a query string; an unknown value is ignored (pages) — the API
    refuses it with 400 instead (api.py)."""
    typologies = territory_selectors.typology_labels()

    def pick(name: str, allowed: Any) -> str:
        value = str(get.get(name, ""))[:40]
        return value if value in allowed else ""

    commune = str(get.get("commune", ""))[:10]
    return Filters(
        category=pick("category", Category.values),
        licence_type=pick("licence_type", LicenceType.values),
        hosting=pick("hosting", Hosting.values),
        typology=pick("typology", typologies),
        commune=commune if with_commune and commune.isdigit() else "",
    )


def _filtered(qs: QuerySet[IctAsset], f: Filters) -> QuerySet[IctAsset]:
    if f.category:
        qs = qs.filter(category=f.category)
    if f.licence_type:
        qs = qs.filter(licence_type=f.licence_type)
    if f.hosting:
        qs = qs.filter(hosting=f.hosting)
    if f.typology:
        qs = qs.filter(municipality__commune__typology=f.typology)
    if f.commune:
        qs = qs.filter(municipality__commune__code=f.commune)
    if f.ending_within is not None:
        today = timezone.localdate()
        qs = qs.filter(ends_on__gte=today, ends_on__lte=today + timedelta(days=f.ending_within))
    return qs


def visible_assets(*, user: Any) -> QuerySet[IctAsset]:
    """The assets whose details a person may read: all for the hub, their own municipality's for
    an official, none for anyone else."""
    qs = IctAsset.objects.select_related("municipality", "municipality__commune", "vendor")
    if is_hub_staff(user):
        return qs
    if is_municipal_official(user):
        return qs.filter(municipality_id=organization_id(user))
    return qs.none()


def asset_list(*, user: Any, filters: Filters = NO_FILTERS) -> QuerySet[IctAsset]:
    return _filtered(visible_assets(user=user), filters).order_by("municipality__commune__code", "name", "pk")


def asset_get(*, pk: int) -> IctAsset | None:
    return IctAsset.objects.select_related("municipality", "municipality__commune", "vendor").filter(pk=pk).first()


# ---------------------------------------------------------------------------- aggregates


def _labels(choices: Any) -> dict[str, str]:
    return {code: str(label) for code, label in choices}


def _with_share(rows: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    """Each row's bar length as a share (0–100) of the largest, for the server-drawn chart."""
    top = max((r[key] or 0 for r in rows), default=0)
    for r in rows:
        r["share"] = round(100 * (r[key] or 0) / top, 1) if top else 0
    return rows


def category_summary(*, filters: Filters = NO_FILTERS) -> list[dict[str, Any]]:
    """Per category: assets, municipalities that have one, and total contract spend. One query."""
    labels = _labels(Category.choices)
    rows = (
        _filtered(IctAsset.objects.all(), filters)
        .values("category")
        .annotate(assets=Count("id"), municipalities=Count("municipality", distinct=True), spend=Sum("contract_value"))
        .order_by("-municipalities", "category")
    )
    return _with_share(
        [{**r, "label": labels.get(r["category"], r["category"]), "spend": r["spend"] or 0} for r in rows],
        "municipalities",
    )


def licence_summary(*, filters: Filters = NO_FILTERS) -> list[dict[str, Any]]:
    labels = _labels(LicenceType.choices)
    rows = (
        _filtered(IctAsset.objects.all(), filters)
        .values("licence_type")
        .annotate(assets=Count("id"), municipalities=Count("municipality", distinct=True), spend=Sum("contract_value"))
        .order_by("-assets", "licence_type")
    )
    return _with_share(
        [{**r, "label": labels.get(r["licence_type"], r["licence_type"]), "spend": r["spend"] or 0} for r in rows],
        "assets",
    )


def typology_summary(*, filters: Filters = NO_FILTERS) -> list[dict[str, Any]]:
    labels = territory_selectors.typology_labels()
    rows = (
        _filtered(IctAsset.objects.all(), filters)
        .values("municipality__commune__typology")
        .annotate(assets=Count("id"), municipalities=Count("municipality", distinct=True), spend=Sum("contract_value"))
        .order_by("municipality__commune__typology")
    )
    return _with_share(
        [
            {
                "typology": r["municipality__commune__typology"],
                "label": labels.get(r["municipality__commune__typology"], r["municipality__commune__typology"]),
                "assets": r["assets"],
                "municipalities": r["municipalities"],
                "spend": r["spend"] or 0,
            }
            for r in rows
        ],
        "spend",
    )


def vendor_summary(*, filters: Filters = NO_FILTERS) -> QuerySet[Any]:
    """Per vendor: assets, municipalities, spend (a lazy values() queryset, paginated by the page)."""
    return (
        _filtered(IctAsset.objects.exclude(vendor_name=""), filters)
        .values("vendor_name")
        .annotate(assets=Count("id"), municipalities=Count("municipality", distinct=True), spend=Sum("contract_value"))
        .order_by("-municipalities", "vendor_name")
    )


def usage_rows(*, filters: Filters = NO_FILTERS) -> QuerySet[Any]:
    """Who uses what: product and vendor → number of municipalities per typology (lazy, paginated)."""
    return (
        _filtered(IctAsset.objects.all(), filters)
        .values("product", "vendor_name", "municipality__commune__typology")
        .annotate(municipalities=Count("municipality", distinct=True))
        .order_by("-municipalities", "product", "vendor_name", "municipality__commune__typology")
    )


def spend_rows(*, filters: Filters = NO_FILTERS) -> list[dict[str, Any]]:
    """Contract spend by category and typology (a bounded grid: categories × typologies)."""
    cats, typs = _labels(Category.choices), territory_selectors.typology_labels()
    rows = (
        _filtered(IctAsset.objects.all(), filters)
        .values("category", "municipality__commune__typology")
        .annotate(assets=Count("id"), municipalities=Count("municipality", distinct=True), spend=Sum("contract_value"))
        .order_by("category", "municipality__commune__typology")
    )
    return [
        {
            "category": r["category"],
            "category_label": cats.get(r["category"], r["category"]),
            "typology": r["municipality__commune__typology"],
            "typology_label": typs.get(r["municipality__commune__typology"], r["municipality__commune__typology"]),
            "assets": r["assets"],
            "municipalities": r["municipalities"],
            "spend": r["spend"] or 0,
        }
        for r in rows
    ]


def ending_soon_summary(*, filters: Filters = NO_FILTERS, today: date | None = None) -> list[dict[str, Any]]:
    """Contracts ending within a year, aggregated by category and typology (no single contract)."""
    today = today or timezone.localdate()
    cats, typs = _labels(Category.choices), territory_selectors.typology_labels()
    rows = (
        _filtered(
            IctAsset.objects.filter(ends_on__gte=today, ends_on__lte=today + timedelta(days=HORIZON_DAYS)), filters
        )
        .values("category", "municipality__commune__typology")
        .annotate(
            contracts=Count("id"), municipalities=Count("municipality", distinct=True), spend=Sum("contract_value")
        )
        .order_by("category", "municipality__commune__typology")
    )
    return [
        {
            "category_label": cats.get(r["category"], r["category"]),
            "typology_label": typs.get(r["municipality__commune__typology"], r["municipality__commune__typology"]),
            "contracts": r["contracts"],
            "municipalities": r["municipalities"],
            "spend": r["spend"] or 0,
        }
        for r in rows
    ]


def ending_soon(*, filters: Filters = NO_FILTERS, today: date | None = None) -> QuerySet[IctAsset]:
    """The contracts themselves (the hub's national view): procurement opportunities."""
    today = today or timezone.localdate()
    qs = IctAsset.objects.filter(ends_on__gte=today, ends_on__lte=today + timedelta(days=HORIZON_DAYS))
    return _filtered(qs, filters).select_related("municipality", "municipality__commune").order_by("ends_on", "pk")


def totals(*, filters: Filters = NO_FILTERS) -> dict[str, int]:
    row = _filtered(IctAsset.objects.all(), filters).aggregate(
        assets=Count("id"), municipalities=Count("municipality", distinct=True), spend=Sum("contract_value")
    )
    return {"assets": row["assets"] or 0, "municipalities": row["municipalities"] or 0, "spend": row["spend"] or 0}


def asset_count() -> int:
    return IctAsset.objects.count()


# ---------------------------------------------------------------------------- open source


def solution_list() -> QuerySet[OpenSourceSolution]:
    active = ~Q(adoptions__status=AdoptionStatus.ABANDONED)
    return (
        OpenSourceSolution.objects.select_related("maintainer")
        .annotate(adopters=Count("adoptions", filter=active, distinct=True))
        .order_by("name", "pk")
    )


def solution_get(*, slug: str) -> OpenSourceSolution | None:
    return (
        OpenSourceSolution.objects.select_related("maintainer")
        .prefetch_related(
            Prefetch(
                "adoptions",
                queryset=Adoption.objects.select_related("municipality", "municipality__commune").order_by(
                    "municipality__name", "pk"
                ),
            )
        )
        .filter(slug=slug)
        .first()
    )


def solution_get_by_pk(*, pk: int) -> OpenSourceSolution | None:
    return OpenSourceSolution.objects.select_related("maintainer").filter(pk=pk).first()


def library_link(solution: OpenSourceSolution) -> dict[str, Any]:
    """The library resource the solution implements (when published) and its replications, which
    count as adopters beside the declared adoptions. Two queries."""
    if solution.library_resource_id is None:
        return {"resource": None, "replications": []}
    resource = library_selectors.resources_public_by_ids(ids=[solution.library_resource_id]).get(
        solution.library_resource_id
    )
    if resource is None:
        return {"resource": None, "replications": []}
    replications = list(replications_selectors.replication_list(resource_id=resource.pk)[:100])
    return {"resource": resource, "replications": replications}


def replication_adopters(*, resource_ids: list[int]) -> dict[int, int]:
    """Replications per library resource, in one query (the open-source list's adopters)."""
    return replications_selectors.resource_replication_counts(resource_ids=resource_ids) if resource_ids else {}


def adoptions_of_municipality(*, organization_id: int) -> list[Adoption]:
    return list(
        Adoption.objects.filter(municipality_id=organization_id)
        .select_related("solution")
        .order_by("solution__name", "pk")[:100]
    )


def solutions_public_rows() -> list[dict[str, Any]]:
    labels = _labels(AdoptionStatus.choices)
    out = []
    for s in (
        OpenSourceSolution.objects.select_related("maintainer")
        .prefetch_related(Prefetch("adoptions", queryset=Adoption.objects.select_related("municipality__commune")))
        .order_by("pk")
    ):
        out.append(
            {
                "id": s.pk,
                "name": s.name,
                "repository_url": s.repository_url,
                "spdx_id": s.spdx_id,
                "maintainer": s.maintainer.name if s.maintainer else None,
                "adopters": [
                    {
                        "municipality": a.municipality.name,
                        "commune_code": a.municipality.commune.code if a.municipality.commune else None,
                        "status": a.status,
                        "status_label": labels.get(a.status, a.status),
                    }
                    for a in s.adoptions.all()
                ],
            }
        )
    return out
