"""The directory's sections of /sitemap.xml (core.registry.register_sitemap): the municipalities'
pages and the public pages of the other organisations (a municipality's organisation page
redirects to its municipality page, so it is listed once, there)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse

from hublocal.core import registry
from hublocal.core.sitemaps import ObjectSitemap, PagesSitemap

from .models import Organization, OrganizationKind
from .selectors import municipalities


def _organizations() -> QuerySet[Organization]:
    return Organization.objects.exclude(kind=OrganizationKind.MUNICIPALITY).order_by("pk").only("slug", "updated_at")


def register() -> None:
    registry.register_sitemap(
        "directorio", PagesSitemap(["directory:municipality_list", "directory:organization_list"], priority=0.7)
    )
    registry.register_sitemap(
        "municipios",
        ObjectSitemap(
            lambda: municipalities().only("commune__code", "updated_at"),
            lambda org: reverse("directory:municipality_detail", kwargs={"code": org.commune.code}),
            lastmod_field="updated_at",
            priority=0.6,
        ),
    )
    registry.register_sitemap(
        "organizaciones",
        ObjectSitemap(
            _organizations,
            lambda org: reverse("directory:organization_detail", kwargs={"slug": org.slug}),
            lastmod_field="updated_at",
            priority=0.4,
        ),
    )
