"""Open data of the library: the catalogue of published resources as a CSV file built by the task
queue (hublocal/exports) and rebuilt when a publication, a retirement or an evidence level changes
it (`changed()`). Counts and metadata only; the documents themselves are linked by their page."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from hublocal.core import registry
from hublocal.core.csvexport import csv_chunks
from hublocal.exports import services as exports_services

from .models import Resource, Status

KEY = "library.resources"
DATASETS = {"recursos": KEY}
CHUNK = 2000


def changed() -> None:
    exports_services.dataset_changed(KEY)


def resource_rows() -> Iterator[list[Any]]:
    yield [
        "recurso_id",
        "identificador",
        "tipo",
        "titulo",
        "resumen",
        "areas",
        "tipologias",
        "paises",
        "idioma",
        "anio",
        "nivel_evidencia",
        "organizacion",
        "url",
        "publicado",
    ]
    base = getattr(settings, "SITE_URL", "").rstrip("/")
    qs = Resource.objects.filter(status=Status.PUBLISHED).select_related("organization").order_by("pk")
    last = 0
    while batch := list(qs.filter(pk__gt=last)[:CHUNK]):
        for r in batch:
            yield [
                r.pk,
                r.slug,
                r.kind,
                r.title,
                r.summary,
                ";".join(r.areas),
                ";".join(r.typologies),
                ";".join(r.countries),
                r.language,
                r.year or "",
                r.evidence_level,
                r.organization.name if r.organization else "",
                f"{base}{r.get_absolute_url()}",
                r.published_at.date().isoformat() if r.published_at else "",
            ]
        last = batch[-1].pk


F = registry.DatasetField
FIELDS = (
    F("recurso_id", "integer", "", _("Id del recurso")),
    F("identificador", "string", "", _("Identificador del recurso en su dirección")),
    F("tipo", "string", "", _("Tipo de recurso (estudio, protocolo, modelo replicable, buena práctica...)")),
    F("titulo", "string", "", _("Título")),
    F("resumen", "string", "", _("Resumen")),
    F("areas", "string", "", _("Áreas municipales, separadas por punto y coma")),
    F("tipologias", "string", "", _("Tipologías comunales a las que aplica, separadas por punto y coma")),
    F("paises", "string", "", _("Países (ISO 3166-1 alfa-2), separados por punto y coma")),
    F("idioma", "string", "", _("Idioma (código ISO 639-1)")),
    F("anio", "integer", "", _("Año de publicación del recurso")),
    F("nivel_evidencia", "string", "", _("Nivel de evidencia")),
    F("organizacion", "string", "", _("Organización autora o responsable")),
    F("url", "string", "", _("Dirección de la página del recurso")),
    F("publicado", "date", "", _("Fecha de publicación en la biblioteca")),
)


def register() -> None:
    registry.register_dataset(
        registry.Dataset(
            key=KEY,
            slug="biblioteca-recursos",
            title=_("Catálogo de la biblioteca de conocimiento"),
            description=_(
                "Cada recurso publicado de la biblioteca (estudios, protocolos, modelos replicables, buenas "
                "prácticas): tipo, título, resumen, áreas, tipologías, países, idioma, año, nivel de evidencia, "
                "organización y dirección de su página."
            ),
            formats=("csv",),
            build=lambda fmt, variant: csv_chunks(resource_rows()),
            fields=FIELDS,
            temporal_start="2025-01-01",
            theme="GOVE",
            accrual_periodicity="DAILY",
            keywords=("biblioteca", "buenas prácticas", "modelos replicables", "evidencia"),
            page="library:resource_list",
            download="library:open_data",
        )
    )
