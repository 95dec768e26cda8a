"""The solutions' sections of /sitemap.xml: the catalogue, its published solutions (never
drafts) and the startups' public pages."""

from __future__ import annotations

from django.urls import reverse

from hublocal.core import registry
from hublocal.core.sitemaps import ObjectSitemap, PagesSitemap

from .models import Solution, StartupProfile


def register() -> None:
    registry.register_sitemap(
        "soluciones-paginas", PagesSitemap(["solutions:catalogue", "solutions:startup_list"], priority=0.7)
    )
    registry.register_sitemap(
        "soluciones",
        ObjectSitemap(
            lambda: Solution.objects.filter(is_published=True).order_by("pk").only("slug", "updated_at"),
            lambda s: reverse("solutions:solution_detail", kwargs={"slug": s.slug}),
            lastmod_field="updated_at",
            priority=0.5,
        ),
    )
    registry.register_sitemap(
        "startups",
        ObjectSitemap(
            lambda: StartupProfile.objects.select_related("organization")
            .order_by("pk")
            .only("organization__slug", "organization__updated_at"),
            lambda p: reverse("solutions:startup_detail", kwargs={"slug": p.organization.slug}),
            lastmod_field="organization__updated_at",
            priority=0.4,
        ),
    )
