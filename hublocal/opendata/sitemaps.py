"""The portal's section of /sitemap.xml: the portal and every dataset page (all public)."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from hublocal.core import registry


class DatasetSitemap(Sitemap):  # type: ignore[type-arg]  # generic only in django-stubs
    changefreq = "daily"
    priority = 0.6

    def items(self) -> list[str]:
        # The registry is in memory: a few dozen slugs, no query.
        return [""] + [ds.slug for ds in registry.datasets()]

    def location(self, item: str) -> str:
        return reverse("opendata:dataset", kwargs={"slug": item}) if item else reverse("opendata:portal")


def register() -> None:
    registry.register_sitemap("datos", DatasetSitemap())
