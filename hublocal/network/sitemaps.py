"""The network's public pages in /sitemap.xml."""

from __future__ import annotations

from hublocal.core import registry
from hublocal.core.sitemaps import PagesSitemap


def register() -> None:
    pages = ["network:network", "network:unit_map", "network:roadmap"]
    registry.register_sitemap("red", PagesSitemap(pages, priority=0.5))
