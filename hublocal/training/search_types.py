"""Training in the site-wide search (core.registry): published programmes and their non-draft
cohorts, which an anonymous visitor may open. Also the next-steps recommender (programmes that
address a municipality's weakest diagnosis dimensions) and the municipality profile panel."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hublocal.core import registry

from . import selectors
from .permissions import Action, can


def _programme_documents(ids: list[int] | None) -> Iterator[registry.SearchDocument]:
    for p in selectors.search_programmes(ids):
        yield registry.SearchDocument(
            object_id=p.pk,
            title=p.title,
            url=reverse("training:programme_detail", kwargs={"slug": p.slug}),
            summary=(p.summary or p.objectives)[:300],
            text="\n".join(
                [p.objectives, p.audience, *(m.title for m in p.modules.all()), *(o.name for o in p.partners.all())]
            ),
            areas=tuple(p.areas or ()),
            year=p.created_at.year if p.created_at else None,
            language=(p.languages or ["es"])[0],
        )


def _cohort_documents(ids: list[int] | None) -> Iterator[registry.SearchDocument]:
    for c in selectors.search_cohorts(ids):
        yield registry.SearchDocument(
            object_id=c.pk,
            title=f"{c.name} · {c.programme.title}",
            url=reverse("training:programme_detail", kwargs={"slug": c.programme.slug}) + f"#cohorte-{c.pk}",
            summary=_("Cohorte %(s)s: %(a)s – %(b)s")
            % {"s": c.get_status_display(), "a": c.starts_on.isoformat(), "b": c.ends_on.isoformat()},
            text=" ".join(c.eligible_countries or []),
            areas=tuple(c.programme.areas or ()),
            year=c.starts_on.year,
        )


def _cohorts_of(label: str, pk: int) -> list[int]:
    if label == "training.Programme":
        from .models import Cohort

        return list(Cohort.objects.filter(programme_id=pk).values_list("pk", flat=True))
    return [pk]


def _programme_of(label: str, pk: int) -> list[int]:
    if label == "training.Module":
        from .models import Module

        return list(Module.objects.filter(pk=pk).values_list("programme_id", flat=True))
    return [pk]


# --- Group projects: the ones the hub made public (finished cohorts). Members' names are left
# out of the index: the project page shows them to whoever may read it.
def _project_documents(ids: list[int] | None) -> Iterator[registry.SearchDocument]:
    for p in selectors.public_projects(ids):
        yield registry.SearchDocument(
            object_id=p.pk,
            title=p.title,
            url=reverse("training:project_detail", kwargs={"pk": p.pk}),
            summary=(p.problem or p.concept)[:300],
            text="\n".join([p.local_context, p.concept, p.prototype, p.test_findings]),
            areas=tuple(p.group.cohort.programme.areas or ()),
            year=p.presented_on.year if p.presented_on else p.group.cohort.ends_on.year,
        )


def _projects_of(label: str, pk: int) -> list[int]:
    if label == "training.Cohort":
        from .models import GroupProject

        return list(GroupProject.objects.filter(group__cohort_id=pk).values_list("pk", flat=True))
    return [pk]


def recommend(commune_code: str, dimensions: list[tuple[str, str]], limit: int) -> list[registry.NextStep]:
    steps = []
    for programme, area, dimension in selectors.programmes_for_dimensions(dimensions=dimensions, limit=limit):
        steps.append(
            registry.NextStep(
                title=programme.title,
                url=reverse("training:programme_detail", kwargs={"slug": programme.slug}),
                kind=_("Programa de formación"),
                reason=_("Forma capacidades en la dimensión a mejorar")
                if dimension
                else _("Forma capacidades en el área de la dimensión a mejorar"),
                dimension=dimension,
                area=area,
                score=2.0 if dimension else 1.0,
            )
        )
    return steps


def profile_panel(*, commune_code: str, organization: Any, user: Any) -> dict[str, Any] | None:
    """ "Funcionarios formados": counts by programme and the valid certificates issued, for
    everyone; names for the hub team and the municipality itself."""
    if organization is None:
        return None
    counts, names = selectors.trained_by_organization(organization_id=organization.pk)
    certificates = selectors.certificates_by_organization(organization_id=organization.pk)
    if not counts and not certificates:
        return None
    show_names = can(user, Action.VIEW_TRAINED_NAMES, organization)
    return {"counts": counts, "names": names if show_names else [], "certificates": certificates}


def register() -> None:
    registry.register_search_type(
        registry.SearchType(
            key="training.programme",
            label=gettext_lazy("Programas de formación"),
            documents=_programme_documents,
            watch=("training.Programme", "training.Module"),
            ids_for=_programme_of,
            order=30,
        )
    )
    registry.register_search_type(
        registry.SearchType(
            key="training.cohort",
            label=gettext_lazy("Cohortes de formación"),
            documents=_cohort_documents,
            watch=("training.Cohort", "training.Programme"),
            ids_for=_cohorts_of,
            order=31,
        )
    )
    registry.register_search_type(
        registry.SearchType(
            key="training.project",
            label=gettext_lazy("Proyectos grupales de formación"),
            documents=_project_documents,
            watch=("training.GroupProject", "training.Cohort"),
            ids_for=_projects_of,
            order=32,
        )
    )
    registry.register_next_steps("training", 20, recommend)
    registry.register_profile_panel("training", 45, "training/_profile_panel.html", profile_panel)
