"""The solutions catalogue as open data: every published GovTech solution with its startup, area,
deployment, pricing model and the typologies it suits (no contact data, no free-text evidence).
Rebuilt by the exports app's nightly run (and hourly when missing)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hublocal.core import registry
from hublocal.core.csvexport import csv_chunks

from .models import Solution

KEY = "solutions.catalogue"
CHUNK = 1000


def rows() -> Iterator[list[Any]]:
    yield [
        "solucion_id",
        "identificador",
        "nombre",
        "resumen",
        "startup",
        "area",
        "despliegue",
        "modelo_precio",
        "rango_precio",
        "tipologias",
        "pilotos_realizados",
        "url",
        "actualizada",
    ]
    base = getattr(settings, "SITE_URL", "").rstrip("/")
    qs = Solution.objects.filter(is_published=True).select_related("organization").order_by("pk")
    last = 0
    while batch := list(qs.filter(pk__gt=last)[:CHUNK]):
        for s in batch:
            yield [
                s.pk,
                s.slug,
                s.name,
                s.summary,
                s.organization.name,
                s.area,
                s.deployment,
                s.pricing_model,
                s.price_range,
                ";".join(s.typologies or []),
                s.pilots_done,
                base + reverse("solutions:solution_detail", kwargs={"slug": s.slug}),
                s.updated_at.date().isoformat(),
            ]
        last = batch[-1].pk


F = registry.DatasetField
FIELDS = (
    F("solucion_id", "integer", "", _("Id de la solución")),
    F("identificador", "string", "", _("Identificador de la solución en su dirección")),
    F("nombre", "string", "", _("Nombre")),
    F("resumen", "string", "", _("Resumen")),
    F("startup", "string", "", _("Startup que la ofrece")),
    F("area", "string", "", _("Área prioritaria municipal")),
    F("despliegue", "string", "", _("Despliegue: cloud u on_premise")),
    F("modelo_precio", "string", "", _("Modelo de precio")),
    F("rango_precio", "string", "", _("Rango de precio declarado por la startup")),
    F("tipologias", "string", "", _("Tipologías comunales a las que apunta, separadas por punto y coma")),
    F("pilotos_realizados", "integer", _("pilotos"), _("Pilotos realizados según la startup")),
    F("url", "string", "", _("Dirección de su ficha en el catálogo")),
    F("actualizada", "date", "", _("Fecha de la última actualización")),
)


def register() -> None:
    registry.register_dataset(
        registry.Dataset(
            key=KEY,
            slug="soluciones",
            title=_("Catálogo de soluciones GovTech"),
            description=_(
                "Cada solución publicada en el catálogo: startup, área municipal, despliegue, modelo y rango de "
                "precio, tipologías comunales a las que apunta y pilotos realizados. Sin datos de contacto."
            ),
            formats=("csv",),
            build=lambda fmt, variant: csv_chunks(rows()),
            keywords=("GovTech", "soluciones", "startups", "catálogo"),
            page="solutions:catalogue",
            fields=FIELDS,
            temporal_start="2025-01-01",
            theme="TECH",
            update_frequency=_("Una vez al día"),
        )
    )
