"""Open data of the pilots: every pilot with its results and every indicator's current version
and judgement, as CSV files built by the task queue (hublocal/exports) and regenerated when a
pilots service writes (`changed()`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hublocal.core import registry
from hublocal.core.csvexport import csv_chunks
from hublocal.exports import services as exports_services

from . import selectors
from .models import PilotStatus

PILOTS = "pilots.pilots"
INDICATORS = "pilots.indicators"
# The URL's dataset name → the registered dataset.
DATASETS = {"pilotos": PILOTS, "indicadores": INDICATORS}


def changed() -> None:
    """A pilots write changed what the open data shows: rebuild both files after commit."""
    exports_services.dataset_changed(PILOTS)
    exports_services.dataset_changed(INDICATORS)


def pilot_rows() -> Iterator[list[Any]]:
    yield [
        "piloto_id",
        "titulo",
        "estado",
        "municipalidad",
        "codigo_comuna",
        "startup",
        "desafio",
        "area",
        "convenio_id",
        "valor_clp",
        "fecha_firma",
        "inicio_convenio",
        "termino_convenio",
        "iniciado",
        "finalizado",
        "indicadores",
        "indicadores_cumplidos",
        "calificacion_promedio",
    ]
    p: Any  # annotated by the selector (n_indicators, n_met)
    for p in selectors.pilot_list().prefetch_related("agreement__terms__parties").iterator(chunk_size=500):
        a = p.agreement
        rating = getattr(p, "rating", None)
        yield [
            p.pk,
            p.title,
            p.status,
            a.municipality.name,
            a.municipality.commune.code if a.municipality.commune else "",
            a.startup.name,
            a.challenge.title,
            a.challenge.area,
            a.pk,
            a.value_clp,
            a.signed_on.isoformat() if a.signed_on else "",
            a.starts_on.isoformat(),
            a.ends_on.isoformat(),
            timezone.localtime(p.started_at).isoformat() if p.started_at else "",
            timezone.localtime(p.finished_at).isoformat() if p.finished_at else "",
            p.n_indicators,
            p.n_met if p.status == PilotStatus.FINISHED else "",
            rating.average if rating else "",
        ]


def indicator_rows() -> Iterator[list[Any]]:
    yield [
        "piloto_id",
        "indicador_id",
        "version",
        "nombre",
        "unidad",
        "linea_base",
        "meta",
        "sentido",
        "frecuencia",
        "valor_final",
        "cumplido",
        "juicio_corregido",
    ]
    for ind, v in selectors.indicator_export_rows():
        yield [
            ind.pilot_id,
            ind.pk,
            v.version,
            v.name,
            v.unit,
            v.baseline,
            v.target,
            v.direction,
            v.frequency,
            ind.final_value,
            "" if ind.met is None else ("si" if ind.met else "no"),
            "si" if ind.met_overridden else "no",
        ]


def register() -> None:
    common: dict[str, Any] = {
        "formats": ("csv",),
        "keywords": ("pilotos", "innovación abierta", "GovTech", "compras públicas"),
        "page": "pilots:pilot_list",
        "download": "pilots:open_data",
    }
    registry.register_dataset(
        registry.Dataset(
            key=PILOTS,
            slug="pilotos",
            title=_("Pilotos de innovación abierta"),
            description=_(
                "Cada piloto con su convenio (municipalidad, startup, desafío, valor y fechas), su estado, "
                "sus indicadores cumplidos y la calificación de la municipalidad."
            ),
            build=lambda fmt, variant: csv_chunks(pilot_rows()),
            **common,
        )
    )
    registry.register_dataset(
        registry.Dataset(
            key=INDICATORS,
            slug="indicadores",
            title=_("Indicadores de los pilotos"),
            description=_(
                "La versión vigente de cada indicador de cada piloto (nombre, unidad, línea base, meta, "
                "sentido, frecuencia), su valor final y si se cumplió."
            ),
            build=lambda fmt, variant: csv_chunks(indicator_rows()),
            **common,
        )
    )
