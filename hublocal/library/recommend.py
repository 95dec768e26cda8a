"""The library's next steps for a municipality's weakest diagnosis dimensions (core.registry
"library", order 10): published resources mapped to those dimensions, for its typology."""

from __future__ import annotations

from django.utils.translation import gettext as _

from hublocal.core.registry import NextStep
from hublocal.territory import selectors as territory_selectors

from . import content, selectors


def recommend(commune_code: str, dimensions: list[tuple[str, str]], limit: int) -> list[NextStep]:
    commune = territory_selectors.commune_get(code=commune_code) if commune_code else None
    typology = getattr(commune, "typology", "") or ""
    if typology == "sin_clasificar":
        typology = ""
    titles = content.dimensions()
    steps = []
    for resource, area, dimension in selectors.resources_for_dimensions(
        dimensions=dimensions, typology=typology, limit=limit
    ):
        where = titles.get((area, dimension), "") if dimension else ""
        if where:
            reason = _("Aborda la dimensión «%(d)s»") % {"d": where}
        else:
            reason = _("Del área de la dimensión a mejorar")
        if resource.evidence_level:
            reason += _("; evidencia nivel %(n)s de 5") % {"n": resource.evidence_level}
        steps.append(
            NextStep(
                title=resource.title,
                url=resource.get_absolute_url(),
                kind=resource.kind_label,
                reason=reason,
                dimension=dimension,
                area=area,
                score=float(resource.evidence_level) + (1.0 if dimension else 0.0),
            )
        )
    return steps
