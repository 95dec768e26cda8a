"""The catalogue's searchable type (site-wide search, core.registry): published solutions.
A draft belongs to its startup, so it is never indexed; unpublishing one removes it."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hublocal.core import registry

from . import services
from .models import Solution

CHUNK = 1000


def _documents(ids: list[int] | None) -> Iterator[registry.SearchDocument]:
    qs = Solution.objects.filter(is_published=True).select_related("organization")
    if ids is not None:
        rows: Iterator[Solution] = iter(qs.filter(pk__in=ids))
    else:
        rows = _all(qs)
    for solution in rows:
        yield registry.SearchDocument(
            object_id=solution.pk,
            title=solution.name,
            url=reverse("solutions:solution_detail", kwargs={"slug": solution.slug}),
            summary=solution.summary,
            text="\n".join(
                p
                for p in (
                    solution.problem,
                    solution.description,
                    solution.evidence,
                    solution.keywords,
                    solution.organization.name,
                )
                if p
            ),
            areas=(solution.area,),
            # An empty list means the startup serves every kind of municipality.
            typologies=tuple(solution.typologies) or services.TYPOLOGIES,
            year=solution.created_at.year if solution.created_at else None,
        )


def _all(qs):  # type: ignore[no-untyped-def]
    last = 0
    while batch := list(qs.filter(pk__gt=last).order_by("pk")[:CHUNK]):
        yield from batch
        last = batch[-1].pk


def register() -> None:
    registry.register_search_type(
        registry.SearchType(
            key="solutions.solution",
            label=_("Soluciones del catálogo"),
            documents=_documents,
            watch=("solutions.Solution", "directory.Organization"),
            ids_for=_solutions_of,
            order=20,
        )
    )


def _solutions_of(label: str, pk: int) -> list[int]:
    # A startup renamed: its solutions carry its name in their text.
    if label == "directory.Organization":
        return list(Solution.objects.filter(organization_id=pk, is_published=True).values_list("pk", flat=True))
    return [pk]
