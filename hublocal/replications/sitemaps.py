"""Replications' sections of /sitemap.xml: the public pages and every replication (all public)."""

from __future__ import annotations

from django.urls import reverse

from hublocal.core import registry
from hublocal.core.sitemaps import ObjectSitemap, PagesSitemap

from .models import Replication


def register() -> None:
    registry.register_sitemap(
        "replicaciones", PagesSitemap(["replications:replication_list", "replications:like_mine"], priority=0.6)
    )
    registry.register_sitemap(
        "replicaciones-detalle",
        ObjectSitemap(
            lambda: Replication.objects.order_by("pk").only("pk", "updated_at"),
            lambda r: reverse("replications:replication_detail", args=[r.pk]),
            lastmod_field="updated_at",
            priority=0.4,
        ),
    )
