"""Projects in the site-wide search (core.registry): every project is public."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext_lazy

from hublocal.core import registry

from .models import Project


def _documents(ids: list[int] | None) -> Iterator[registry.SearchDocument]:
    rows = Project.objects.prefetch_related("partners__organization")
    if ids is not None:
        rows = rows.filter(pk__in=ids)
    for p in rows:
        yield registry.SearchDocument(
            object_id=p.pk,
            title=p.title,
            url=reverse("projects:project_detail", kwargs={"slug": p.slug}),
            summary=p.summary[:300],
            text="\n".join([p.objectives, *(x.organization.name for x in p.partners.all())]),
            year=p.starts_on.year,
        )


def _project_of(label: str, pk: int) -> list[int]:
    if label == "projects.Partner":
        from .models import Partner

        return list(Partner.objects.filter(pk=pk).values_list("project_id", flat=True))
    return [pk]


def register() -> None:
    registry.register_search_type(
        registry.SearchType(
            key="projects.project",
            label=gettext_lazy("Proyectos colaborativos"),
            documents=_documents,
            watch=("projects.Project", "projects.Partner"),
            ids_for=_project_of,
            order=45,
        )
    )
