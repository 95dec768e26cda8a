"""The hub's indicators as open data: one row per measure, year and breakdown value, from the
latest snapshot of each year (the same figures as /indicadores/)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _

from hublocal.core import registry
from hublocal.core.csvexport import csv_chunks

from . import definitions, selectors


def rows() -> list[dict[str, Any]]:
    out = []
    measures = definitions.measures()
    for year in selectors.years():
        goal = selectors.targets(year=year)
        for key, snap in sorted(selectors.snapshots(year=year).items()):
            m = measures.get(key)
            base = {
                "anio": year,
                "indicador": snap.indicator_key,
                "medida": key,
                "nombre": m.name if m else key,
                "unidad": m.unit if m else "",
                "version_definicion": snap.definition_version,
                "calculado": snap.computed_on.isoformat(),
                "meta": goal.get(key),
            }
            out.append({**base, "desglose": "", "valor_desglose": "", "valor": snap.value})
            for dim, values in sorted(snap.breakdowns.items()):
                for value, figure in sorted(values.items()):
                    out.append({**base, "desglose": dim, "valor_desglose": value, "valor": figure, "meta": None})
    return out


def csv_rows() -> Iterator[list[Any]]:
    header = [
        "anio",
        "indicador",
        "medida",
        "nombre",
        "unidad",
        "desglose",
        "valor_desglose",
        "valor",
        "meta",
        "version_definicion",
        "calculado",
    ]
    yield header
    for row in rows():
        yield ["" if row[h] is None else row[h] for h in header]


def _build(fmt: str, variant: str) -> Any:
    if fmt == "json":
        return iter([json.dumps(rows(), ensure_ascii=False)])
    return csv_chunks(csv_rows())


F = registry.DatasetField
FIELDS = (
    F("anio", "integer", "", _("Año del indicador")),
    F("indicador", "string", "", _("Clave del indicador")),
    F("medida", "string", "", _("Clave de la medida")),
    F("nombre", "string", "", _("Nombre de la medida")),
    F("unidad", "string", "", _("Unidad de medida")),
    F("desglose", "string", "", _("Dimensión del desglose (vacío: valor total)")),
    F("valor_desglose", "string", "", _("Valor de la dimensión del desglose (vacío: valor total)")),
    F("valor", "number", _("unidad de la medida"), _("Valor de la medida (total o del desglose)")),
    F("meta", "number", _("unidad de la medida"), _("Meta del año (solo en la fila del total)")),
    F("version_definicion", "integer", "", _("Versión de la definición de la medida")),
    F("calculado", "date", "", _("Fecha del cálculo (última instantánea del año)")),
)


def register() -> None:
    registry.register_dataset(
        registry.Dataset(
            key="evaluation.indicators",
            slug="indicadores-hub",
            title=_("Indicadores del Hub"),
            description=_(
                "Cobertura, cartera, impacto y articulación del Hub por año: valor de cada medida, su meta y sus "
                "desgloses por tipología, región, país, área prioritaria y línea de trabajo, con la versión de la "
                "definición y la fecha de cálculo."
            ),
            formats=("csv", "json"),
            build=_build,
            keywords=("indicadores", "metas", "rendición de cuentas"),
            page="evaluation:dashboard",
            fields=FIELDS,
            temporal_start="2025-01-01",
            theme="GOVE",
            accrual_periodicity="DAILY",
        )
    )
