"""Atom feed of newly published library resources."""

from __future__ import annotations

from typing import Any

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from . import selectors
from .models import Resource


class LatestResourcesFeed(Feed):
    feed_type = Atom1Feed
    title = _("Biblioteca del Hub Nacional de Gobierno Local: nuevos recursos")
    subtitle = _("Estudios, protocolos, modelos replicables y buenas prácticas para municipios.")

    def link(self) -> str:
        return reverse("library:resource_list")

    def items(self) -> list[Resource]:
        return selectors.feed_items(limit=30)

    def item_title(self, item: Resource) -> str:
        return f"{item.title} ({item.kind_label})"

    def item_description(self, item: Resource) -> str:
        return item.summary

    def item_link(self, item: Resource) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: Resource) -> Any:
        return item.published_at

    def item_updateddate(self, item: Resource) -> Any:
        return item.updated_at

    def item_categories(self, item: Resource) -> list[str]:
        return [item.kind_label, *item.areas]
