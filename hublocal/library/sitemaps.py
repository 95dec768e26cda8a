"""The library's sections of /sitemap.xml: its public pages and published resources."""

from __future__ import annotations

from django.urls import reverse

from hublocal.core import registry
from hublocal.core.sitemaps import ObjectSitemap, PagesSitemap

from .models import Resource, Status


def register() -> None:
    registry.register_sitemap(
        "biblioteca-paginas",
        PagesSitemap(["library:resource_list", "library:evidence", "library:criteria"], priority=0.7),
    )
    registry.register_sitemap(
        "biblioteca",
        ObjectSitemap(
            lambda: Resource.objects.filter(status=Status.PUBLISHED).order_by("pk").only("slug", "updated_at"),
            lambda r: reverse("library:resource_detail", kwargs={"slug": r.slug}),
            lastmod_field="updated_at",
            priority=0.5,
        ),
    )
