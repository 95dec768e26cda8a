"""Diagnosis' sections of /sitemap.xml: its public pages and the results pages of campaigns
whose results are published (never unpublished or unsubmitted ones)."""

from __future__ import annotations

from django.urls import reverse

from hublocal.core import registry
from hublocal.core.sitemaps import ObjectSitemap, PagesSitemap

from .models import Result


def register() -> None:
    registry.register_sitemap(
        "diagnostico", PagesSitemap(["diagnosis:index", "diagnosis:methodology", "diagnosis:ranking"], priority=0.7)
    )
    registry.register_sitemap(
        "resultados",
        ObjectSitemap(
            lambda: Result.objects.filter(campaign__results_public=True)
            .order_by("pk")
            .only("participation_id", "computed_at"),
            lambda r: reverse("diagnosis:participation_results", kwargs={"pk": r.participation_id}),
            lastmod_field="computed_at",
            priority=0.5,
        ),
    )
