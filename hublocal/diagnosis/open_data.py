"""The diagnosis ranking as open data: one row per commune and published campaign with its
place (competition ranking: ties share the place), overall index, level, typology and region.
Scores only, as on the public ranking page: never answers, free text or who answered."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _

from hublocal.core import registry
from hublocal.core.csvexport import csv_chunks, safe_text
from hublocal.exports import services as exports_services
from hublocal.territory import selectors as territory_selectors

from . import selectors
from .scoring import LEVELS

RANKING = "diagnosis.ranking"
COLUMNS = [
    "campana_id",
    "campana",
    "demo",
    "puesto",
    "codigo_comuna",
    "comuna",
    "codigo_region",
    "region",
    "tipologia",
    "indice_general",
    "nivel",
    "nivel_nombre",
]


def changed() -> None:
    exports_services.dataset_changed(RANKING)


def ranking_rows() -> Iterator[list[Any]]:
    """Read once, ordered by campaign and descending index: the place of a row is one more than
    the rows of its campaign with a strictly higher index (two queries whatever the size)."""
    levels = {n: str(name) for n, name in LEVELS}
    regions = dict(territory_selectors.region_list().values_list("code", "name"))
    yield COLUMNS
    campaign, seen, place, previous = None, 0, 0, None
    for cid, cname, demo, code, name, region, typology, overall, level in selectors.ranking_values().iterator(
        chunk_size=2000
    ):
        if cid != campaign:
            campaign, seen, previous = cid, 0, None
        seen += 1
        if overall != previous:
            place, previous = seen, overall
        yield [
            cid,
            safe_text(cname),
            "1" if demo else "0",
            place,
            code,
            safe_text(name),
            region,
            regions.get(region, ""),
            typology,
            int(overall) if float(overall).is_integer() else overall,
            level if level else "",
            levels.get(level, "") if level else "",
        ]


F = registry.DatasetField
FIELDS = (
    F("campana_id", "integer", "", _("Id de la campaña de diagnóstico")),
    F("campana", "string", "", _("Nombre de la campaña")),
    F("demo", "boolean", "", _("1 si es una campaña de demostración (datos ficticios)")),
    F("puesto", "integer", _("puesto"), _("Lugar en el ranking de la campaña (empates comparten el lugar)")),
    F("codigo_comuna", "string", "", _("Código comunal (CUT), o <ISO2>-<código> fuera de Chile")),
    F("comuna", "string", "", _("Nombre de la comuna")),
    F("codigo_region", "string", "", _("Código de la región")),
    F("region", "string", "", _("Nombre de la región")),
    F("tipologia", "string", "", _("Tipología comunal (provisional)")),
    F("indice_general", "number", _("puntos (0-100)"), _("Índice general de madurez")),
    F("nivel", "integer", _("nivel (1-5)"), _("Nivel de madurez según el índice")),
    F("nivel_nombre", "string", "", _("Nombre del nivel de madurez")),
)


def register() -> None:
    registry.register_dataset(
        registry.Dataset(
            key=RANKING,
            slug="ranking-diagnostico",
            title=_("Ranking del diagnóstico municipal"),
            description=_(
                "El lugar de cada comuna en cada campaña de diagnóstico con resultados publicados, con su índice "
                "general, nivel, tipología y región. Solo puntajes: nunca respuestas ni quién respondió."
            ),
            formats=("csv",),
            build=lambda fmt, variant: csv_chunks(ranking_rows()),
            keywords=("diagnóstico", "ranking", "municipios", "madurez digital"),
            page="diagnosis:ranking",
            fields=FIELDS,
            temporal_start="2025-01-01",
            spatial=_("Chile y municipios de la red regional, por comuna"),
            theme="GOVE",
            update_frequency=_("Una vez al día"),
        )
    )
