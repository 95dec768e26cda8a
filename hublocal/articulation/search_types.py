"""Round tables and published policy items in the site-wide search (core.registry), and their
public pages in /sitemap.xml."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext_lazy

from hublocal.core import registry
from hublocal.core.sitemaps import ObjectSitemap, PagesSitemap

from . import selectors


def _table_documents(ids: list[int] | None) -> Iterator[registry.SearchDocument]:
    for t in selectors.search_tables(ids):
        yield registry.SearchDocument(
            object_id=t.pk,
            title=t.theme,
            url=reverse("articulation:table_detail", kwargs={"slug": t.slug}),
            summary=t.description[:300],
            text="\n".join([t.description, *(m.organization.name for m in t.members.all())]),
            areas=(t.area,),
            year=t.created_at.year if t.created_at else None,
        )


def _policy_documents(ids: list[int] | None) -> Iterator[registry.SearchDocument]:
    for p in selectors.search_policy_items(ids):
        yield registry.SearchDocument(
            object_id=p.pk,
            title=f"{p.title} (boletín {p.boletin})" if p.boletin else p.title,
            url=reverse("articulation:policy_detail", kwargs={"slug": p.slug}),
            summary=p.summary[:300],
            text="\n".join([p.summary, p.position, p.boletin]),
            areas=(p.area,),
            year=p.created_at.year if p.created_at else None,
        )


def _table_of(label: str, pk: int) -> list[int]:
    if label == "articulation.Member":
        from .models import Member

        return list(Member.objects.filter(pk=pk).values_list("table_id", flat=True))
    return [pk]


def register() -> None:
    registry.register_search_type(
        registry.SearchType(
            key="articulation.roundtable",
            label=gettext_lazy("Mesas técnicas"),
            documents=_table_documents,
            watch=("articulation.RoundTable", "articulation.Member"),
            ids_for=_table_of,
            order=40,
        )
    )
    registry.register_search_type(
        registry.SearchType(
            key="articulation.policy_item",
            label=gettext_lazy("Incidencia en política pública"),
            documents=_policy_documents,
            watch=("articulation.PolicyItem",),
            order=41,
        )
    )
    from .models import PolicyItem, RoundTable

    registry.register_sitemap(
        "articulacion-paginas",
        PagesSitemap(["articulation:table_list", "articulation:policy_list"], priority=0.5),
    )
    registry.register_sitemap(
        "mesas",
        ObjectSitemap(
            lambda: RoundTable.objects.order_by("pk").only("slug", "updated_at"),
            lambda t: reverse("articulation:table_detail", kwargs={"slug": t.slug}),
            lastmod_field="updated_at",
            priority=0.5,
        ),
    )
    registry.register_sitemap(
        "incidencia",
        ObjectSitemap(
            lambda: PolicyItem.objects.filter(published=True).order_by("pk").only("slug", "updated_at"),
            lambda p: reverse("articulation:policy_detail", kwargs={"slug": p.slug}),
            lastmod_field="updated_at",
            priority=0.5,
        ),
    )
