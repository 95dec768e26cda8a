"""Events' sections of /sitemap.xml: the agenda, the awards and every public event and edition."""

from __future__ import annotations

from django.urls import reverse

from hublocal.core import registry
from hublocal.core.sitemaps import ObjectSitemap, PagesSitemap

from .models import AwardEdition, Event
from .permissions import PUBLIC_STATUSES


def register() -> None:
    registry.register_sitemap("eventos-paginas", PagesSitemap(["events:list", "events:award_list"], priority=0.6))
    registry.register_sitemap(
        "eventos",
        ObjectSitemap(
            lambda: Event.objects.filter(status__in=PUBLIC_STATUSES).order_by("pk").only("slug", "updated_at"),
            lambda e: reverse("events:detail", kwargs={"slug": e.slug}),
            lastmod_field="updated_at",
            priority=0.5,
        ),
    )
    registry.register_sitemap(
        "premios",
        ObjectSitemap(
            lambda: AwardEdition.objects.order_by("pk").only("slug"),
            lambda a: reverse("events:award_detail", kwargs={"slug": a.slug}),
            priority=0.4,
        ),
    )
