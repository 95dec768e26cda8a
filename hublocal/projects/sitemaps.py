"""Projects' sections of /sitemap.xml: the list and every project."""

from __future__ import annotations

from django.urls import reverse

from hublocal.core import registry
from hublocal.core.sitemaps import ObjectSitemap, PagesSitemap

from .models import Project


def register() -> None:
    registry.register_sitemap("proyectos-paginas", PagesSitemap(["projects:project_list"], priority=0.5))
    registry.register_sitemap(
        "proyectos",
        ObjectSitemap(
            lambda: Project.objects.order_by("pk").only("slug"),
            lambda p: reverse("projects:project_detail", kwargs={"slug": p.slug}),
            priority=0.4,
        ),
    )
