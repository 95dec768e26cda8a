"""The agreements' searchable type (site-wide search, core.registry): public agreements only,
with their parties; a withheld object is not indexed (only the title and parties are)."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hublocal.core import registry

from .models import Agreement, Party, Withholding

CHUNK = 500


def _rows(ids: list[int] | None) -> Iterator[Agreement]:
    qs = Agreement.objects.filter(is_public=True).prefetch_related("parties__organization", "withholdings")
    if ids is not None:
        yield from qs.filter(pk__in=ids)
        return
    last = 0
    while batch := list(qs.filter(pk__gt=last).order_by("pk")[:CHUNK]):
        yield from batch
        last = batch[-1].pk


def _documents(ids: list[int] | None) -> Iterator[registry.SearchDocument]:
    for a in _rows(ids):
        withheld = {w.field for w in a.withholdings.all()}
        parties = [p.organization.name for p in a.parties.all()]
        obj = "" if "object" in withheld else a.object
        yield registry.SearchDocument(
            object_id=a.pk,
            title=a.title,
            url=reverse("agreements:detail", kwargs={"pk": a.pk}),
            summary=(obj or " · ".join(parties))[:300],
            text=" ".join([obj, str(a.get_kind_display()), *parties]),
            year=a.starts_on.year,
        )


def _of_child(label: str, pk: int) -> list[int]:
    if label == "agreements.Party":
        return list(Party.objects.filter(pk=pk).values_list("agreement_id", flat=True))
    if label == "agreements.Withholding":
        return list(Withholding.objects.filter(pk=pk).values_list("agreement_id", flat=True))
    return [pk]


def register() -> None:
    registry.register_search_type(
        registry.SearchType(
            key="agreements.agreement",
            label=_("Convenios"),
            documents=_documents,
            watch=("agreements.Agreement", "agreements.Party", "agreements.Withholding"),
            ids_for=_of_child,
            order=45,
        )
    )
