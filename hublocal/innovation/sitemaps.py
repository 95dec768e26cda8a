"""Open innovation's sections of /sitemap.xml: published challenges and calls (never drafts,
challenges in review or draft calls) and the events."""

from __future__ import annotations

from django.urls import reverse

from hublocal.core import registry
from hublocal.core.sitemaps import ObjectSitemap, PagesSitemap

from .models import Call, CallStatus, Challenge
from .permissions import PUBLIC_STATUSES


def register() -> None:
    registry.register_sitemap(
        "innovacion",
        PagesSitemap(
            ["innovation:index", "innovation:challenge_list", "innovation:call_list", "innovation:event_list"],
            priority=0.7,
        ),
    )
    registry.register_sitemap(
        "desafios",
        ObjectSitemap(
            lambda: Challenge.objects.filter(status__in=PUBLIC_STATUSES).order_by("pk").only("pk", "updated_at"),
            lambda c: reverse("innovation:challenge_detail", kwargs={"pk": c.pk}),
            lastmod_field="updated_at",
            priority=0.6,
        ),
    )
    registry.register_sitemap(
        "convocatorias",
        ObjectSitemap(
            lambda: Call.objects.exclude(status=CallStatus.DRAFT).order_by("pk").only("slug", "updated_at"),
            lambda c: reverse("innovation:call_detail", kwargs={"slug": c.slug}),
            lastmod_field="updated_at",
            priority=0.6,
        ),
    )
