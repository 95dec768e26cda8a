"""Training's sections of /sitemap.xml: the catalogue and every published programme."""

from __future__ import annotations

from django.urls import reverse

from hublocal.core import registry
from hublocal.core.sitemaps import ObjectSitemap, PagesSitemap

from .models import Programme, ProgrammeStatus


def register() -> None:
    registry.register_sitemap("formacion-paginas", PagesSitemap(["training:programme_list"], priority=0.6))
    registry.register_sitemap(
        "formacion",
        ObjectSitemap(
            lambda: Programme.objects.filter(status=ProgrammeStatus.PUBLISHED)
            .order_by("pk")
            .only("slug", "updated_at"),
            lambda p: reverse("training:programme_detail", kwargs={"slug": p.slug}),
            lastmod_field="updated_at",
            priority=0.5,
        ),
    )
