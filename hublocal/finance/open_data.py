"""The finance public summary as open data: per fiscal year and revenue line, the line's share
of the year's income and its status against the diversification principle (no line above 30%
is a warning, above 35% a breach), with the year's recurrent share. Percentages only: no
amount, no client, no contact, exactly what /finanzas/ shows."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _

from hublocal.core import registry
from hublocal.core.csvexport import csv_chunks

from . import selectors

KEY = "finance.summary"
COLUMNS = [
    "anio",
    "linea",
    "linea_nombre",
    "participacion_pct",
    "estado",
    "diversificacion_anio",
    "participacion_recurrente_pct",
]


def _pct(fraction: float | None) -> Any:
    return "" if fraction is None else round(fraction * 100, 1)


def rows() -> Iterator[list[Any]]:
    """A fixed number of queries per year with income (years are few: one per calendar year)."""
    yield COLUMNS
    for year in sorted(selectors.income_years()):
        summary = selectors.public_summary(year=year)
        if not summary["has_income"]:
            continue
        for line in summary["lines"]:
            yield [
                year,
                line["code"],
                line["name"],
                _pct(line["share"]),
                line["status"],
                summary["checks"]["diversification"],
                _pct(summary["recurrent_share"]),
            ]


F = registry.DatasetField
FIELDS = (
    F("anio", "integer", "", _("Año fiscal (calendario)")),
    F("linea", "string", "", _("Código de la línea de ingresos")),
    F("linea_nombre", "string", "", _("Nombre de la línea de ingresos")),
    F("participacion_pct", "number", "%", _("Participación de la línea en los ingresos del año")),
    F("estado", "string", "", _("Estado de la línea: ok, warning (sobre 30%), breach (sobre 35%) o no_data")),
    F("diversificacion_anio", "string", "", _("Estado de la peor línea del año (diversificación de ingresos)")),
    F("participacion_recurrente_pct", "number", "%", _("Participación de los ingresos recurrentes en el año")),
)


def register() -> None:
    registry.register_dataset(
        registry.Dataset(
            key=KEY,
            slug="finanzas-resumen-publico",
            title=_("Resumen financiero público del Hub"),
            description=_(
                "Por año y línea de ingresos: participación en los ingresos del año y su estado frente al principio "
                "de diversificación, con la participación de los ingresos recurrentes. Solo porcentajes: sin montos "
                "ni clientes."
            ),
            formats=("csv",),
            build=lambda fmt, variant: csv_chunks(rows()),
            keywords=("finanzas", "transparencia", "ingresos", "sostenibilidad"),
            page="finance:public",
            fields=FIELDS,
            temporal_start="2025-01-01",
            theme="ECON",
            update_frequency=_("Una vez al día"),
        )
    )
