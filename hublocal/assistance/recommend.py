"""The diagnosis results' next step "ask for technical assistance" (core.registry "assistance",
order 30): for the weakest dimension, a link to the request form prefilled with it. Shown to
whoever may see the results; the form itself only lets the municipality's officials ask."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from hublocal.core.registry import NextStep


def recommend(commune_code: str, dimensions: list[tuple[str, str]], limit: int) -> list[NextStep]:
    if not dimensions or limit < 1:
        return []
    area, dimension = dimensions[0]
    url = reverse("assistance:request_create") + "?" + urlencode({"area": area, "dimension": dimension})
    return [
        NextStep(
            title=_("Solicitar asistencia técnica para esta brecha"),
            url=url,
            kind=_("Asistencia técnica"),
            reason=_("Un equipo del Hub y expertos asociados trabajan con su municipio en la dimensión más débil."),
            dimension=dimension,
            area=area,
            score=0.0,
        )
    ]
