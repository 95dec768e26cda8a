"""Building blocks of /sitemap.xml (django.contrib.sitemaps); apps register their sections in
`core.registry.register_sitemap` from their AppConfig.ready().

Only public pages belong here: every section lists what an anonymous visitor may open, and the
tests check that a draft or private object is not listed."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, QuerySet
from django.urls import reverse


class PagesSitemap(Sitemap):  # type: ignore[type-arg]  # generic only in django-stubs
    """Public pages without an object (home, lists, help), by URL name."""

    changefreq = "weekly"

    def __init__(self, names: Sequence[str], *, priority: float | None = None) -> None:
        self.names = list(names)
        self.priority = priority

    def items(self) -> list[str]:
        return self.names

    def location(self, item: str) -> str:
        return reverse(item)


class ObjectSitemap(Sitemap):  # type: ignore[type-arg]
    """Public objects of one kind. `items` returns a lazy queryset (paginated by the sitemap:
    a count and one slice per file); `url` builds an object's address; `lastmod_field` names the
    date of its last change, read per object and, for the index, as one MAX() query."""

    changefreq = "weekly"

    def __init__(
        self,
        items: Callable[[], QuerySet[Any]],
        url: Callable[[Any], str],
        *,
        lastmod_field: str = "",
        priority: float | None = None,
    ) -> None:
        self._items_source = items
        self._url = url
        self.lastmod_field = lastmod_field
        self.priority = priority

    def items(self) -> QuerySet[Any]:
        return self._items_source()

    def location(self, item: Any) -> str:
        return self._url(item)

    def lastmod(self, item: Any) -> datetime | None:
        if not self.lastmod_field:
            return None
        value: Any = item
        for part in self.lastmod_field.split("__"):
            value = getattr(value, part, None)
        return value

    def get_latest_lastmod(self) -> datetime | None:
        if not self.lastmod_field:
            return None
        latest: datetime | None = self.items().order_by().aggregate(latest=Max(self.lastmod_field))["latest"]
        return latest


def register() -> None:
    """Core's own section: the pages every visitor finds in the header and the footer."""
    from . import registry

    registry.register_sitemap(
        "paginas",
        PagesSitemap(
            [
                "core:home",
                "core:about",
                "core:help",
                "core:contact",
                "core:accessibility",
                "privacy:notice",
                "territory:network_list",
                "api:docs",
            ],
            priority=0.8,
        ),
    )
