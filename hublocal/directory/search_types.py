"""The directory's searchable types (site-wide search, core.registry): municipality pages and
the pages of the other organisations. Every organisation page is public; a municipality's
organisation page redirects to its municipality page, so it is indexed once, as that page."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hublocal.core import registry

from .models import Organization, OrganizationKind

CHUNK = 1000
UNCLASSIFIED = "sin_clasificar"


def _chunks(qs: QuerySet[Organization], ids: list[int] | None) -> Iterator[Organization]:
    """Rows of `ids` (all when None) in primary-key order, one query per thousand."""
    if ids is not None:
        yield from qs.filter(pk__in=ids)
        return
    last = 0
    while batch := list(qs.filter(pk__gt=last).order_by("pk")[:CHUNK]):
        yield from batch
        last = batch[-1].pk


def _municipalities(ids: list[int] | None) -> Iterator[registry.SearchDocument]:
    qs = Organization.objects.filter(kind=OrganizationKind.MUNICIPALITY, commune__isnull=False).select_related(
        "commune", "commune__region", "commune__province", "commune__country"
    )
    for org in _chunks(qs, ids):
        commune = org.commune
        region = commune.region.name if commune.region else ""
        province = commune.province.name if commune.province else ""
        typology = commune.get_typology_display() if commune.typology else ""
        place = ", ".join(p for p in (commune.name, province, region, commune.country.name) if p)
        yield registry.SearchDocument(
            object_id=org.pk,
            title=org.name if commune.name in org.name else f"{commune.name} — {org.name}",
            url=reverse("directory:municipality_detail", kwargs={"code": commune.code}),
            summary=" · ".join(p for p in (place, str(typology)) if p),
            text=" ".join(p for p in (commune.name, org.description) if p),
            typologies=(commune.typology,) if commune.typology and commune.typology != UNCLASSIFIED else (),
            country=commune.country.code,
        )


def _organizations(ids: list[int] | None) -> Iterator[registry.SearchDocument]:
    qs = Organization.objects.exclude(kind=OrganizationKind.MUNICIPALITY).select_related(
        "commune", "commune__region", "commune__country"
    )
    for org in _chunks(qs, ids):
        commune = org.commune
        place = (
            ", ".join(p for p in (commune.name, commune.region.name if commune.region else "") if p) if commune else ""
        )
        yield registry.SearchDocument(
            object_id=org.pk,
            title=org.name,
            url=reverse("directory:organization_detail", kwargs={"slug": org.slug}),
            summary=" · ".join(p for p in (str(org.get_kind_display()), place) if p),
            text=org.description,
            country=commune.country.code if commune else "CL",
        )


def _municipality_of_commune(label: str, pk: int) -> list[int]:
    if label == "territory.Commune":
        return list(
            Organization.objects.filter(kind=OrganizationKind.MUNICIPALITY, commune_id=pk).values_list("pk", flat=True)
        )
    return [pk]


def register() -> None:
    registry.register_search_type(
        registry.SearchType(
            key="directory.municipality",
            label=_("Municipios"),
            documents=_municipalities,
            watch=("directory.Organization", "territory.Commune"),
            ids_for=_municipality_of_commune,
            order=60,
        )
    )
    registry.register_search_type(
        registry.SearchType(
            key="directory.organization",
            label=_("Organizaciones"),
            documents=_organizations,
            watch=("directory.Organization",),
            order=70,
        )
    )
