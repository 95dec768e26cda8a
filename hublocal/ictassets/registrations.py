"""What this app plugs into core.registry besides data and demo: audit labels, the sitemap, the
open-source search type and the 360° panel of a municipality. Registered in ready()."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hublocal.core import registry
from hublocal.core.sitemaps import ObjectSitemap, PagesSitemap

from . import selectors
from .models import Adoption, OpenSourceSolution

AUDIT_LABELS = {
    "ictassets.asset_create": gettext_lazy("Activo TIC registrado"),
    "ictassets.asset_update": gettext_lazy("Activo TIC editado"),
    "ictassets.import": gettext_lazy("Activos TIC importados desde CSV"),
    "ictassets.solution_create": gettext_lazy("Solución de código abierto registrada"),
    "ictassets.adoption_declare": gettext_lazy("Adopción de una solución de código abierto declarada"),
}


def _documents(ids: list[int] | None) -> Iterator[registry.SearchDocument]:
    # Every solution is public: its repository, licence and adopters are the register's point.
    qs = OpenSourceSolution.objects.select_related("maintainer").order_by("pk")
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    for s in qs.iterator(chunk_size=500):
        yield registry.SearchDocument(
            object_id=s.pk,
            title=s.name,
            url=reverse("ictassets:oss_detail", kwargs={"slug": s.slug}),
            summary=(s.description or s.repository_url)[:300],
            text=" ".join([s.description, s.spdx_id, s.repository_url, s.maintainer.name if s.maintainer else ""]),
            year=s.created_at.year,
        )


def _ids_for(label: str, pk: int) -> list[int]:
    if label == "ictassets.Adoption":
        return list(Adoption.objects.filter(pk=pk).values_list("solution_id", flat=True))
    return [pk]


def organization_panel(organization_id: int, viewer: Any) -> dict[str, Any] | None:
    """The open-source solutions a municipality declared adopting (public). One query."""
    adoptions = selectors.adoptions_of_municipality(organization_id=organization_id)
    if not adoptions:
        return None
    return {
        "groups": [
            {
                "heading": None,
                "rows": [
                    {
                        "title": a.solution.name,
                        "url": reverse("ictassets:oss_detail", kwargs={"slug": a.solution.slug}),
                        "badge": a.get_status_display(),
                        "detail": _("Licencia %(l)s") % {"l": a.solution.spdx_id},
                    }
                    for a in adoptions
                ],
            }
        ]
    }


def register() -> None:
    for code, label in AUDIT_LABELS.items():
        registry.register_audit_action(code, label)
    registry.register_sitemap(
        "activos-tic-paginas", PagesSitemap(["ictassets:public", "ictassets:oss_list"], priority=0.5)
    )
    registry.register_sitemap(
        "codigo-abierto",
        ObjectSitemap(
            lambda: OpenSourceSolution.objects.order_by("pk").only("slug", "updated_at"),
            lambda s: reverse("ictassets:oss_detail", kwargs={"slug": s.slug}),
            lastmod_field="updated_at",
            priority=0.4,
        ),
    )
    registry.register_search_type(
        registry.SearchType(
            key="ictassets.solution",
            label=gettext_lazy("Soluciones de código abierto"),
            documents=_documents,
            watch=("ictassets.OpenSourceSolution", "ictassets.Adoption"),
            ids_for=_ids_for,
            order=80,
        )
    )
    registry.register_organization_panel(
        "ictassets", 80, gettext_lazy("Código abierto adoptado"), "includes/panel_rows_360.html", organization_panel
    )
