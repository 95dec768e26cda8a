"""Training's source for the hub's indicators (hublocal.evaluation): cohorts started per year,
with their programme's priority area (portfolio)."""

from __future__ import annotations

from django.urls import reverse

from hublocal.core import registry
from hublocal.core.registry import IndicatorRow

from . import selectors


def cohorts(year: int) -> list[IndicatorRow]:
    rows = []
    for r in selectors.indicator_cohorts(year=year):
        areas = r["programme__areas"] if isinstance(r["programme__areas"], list) else []
        rows.append(
            IndicatorRow(
                value=1,
                record_ref=f"training.cohort:{r['pk']}",
                label=f"{r['programme__title']} · {r['name']}",
                url=reverse("training:programme_detail", args=[r["programme__slug"]]),
                breakdown={"area": str(areas[0]) if areas else "", "line": "training"},
            )
        )
    return rows


def register() -> None:
    registry.register_indicator_source("training.cohorts", cohorts)
