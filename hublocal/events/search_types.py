"""The hub's public events in site-wide search (core.registry.register_search_type).

Only what the public list shows is indexed: a draft event is nobody's to find, and the connection
link (kept for registrants) is never part of the text."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext_lazy

from hublocal.core import registry

from .models import Event
from .permissions import PUBLIC_STATUSES


def _documents(ids: list[int] | None) -> Iterator[registry.SearchDocument]:
    qs = Event.objects.filter(status__in=PUBLIC_STATUSES).order_by("pk")
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    for e in qs.only("pk", "slug", "title", "description", "place", "kind", "starts_at").iterator(chunk_size=500):
        yield registry.SearchDocument(
            object_id=e.pk,
            title=e.title,
            url=reverse("events:detail", kwargs={"slug": e.slug}),
            summary=(e.description or "")[:300],
            text=" ".join([e.description or "", e.place or "", str(e.get_kind_display())]),
            year=e.starts_at.year,
        )


def register() -> None:
    registry.register_search_type(
        registry.SearchType(
            key="events.event",
            label=gettext_lazy("Eventos del Hub"),
            documents=_documents,
            watch=("events.Event",),
            order=85,
        )
    )
