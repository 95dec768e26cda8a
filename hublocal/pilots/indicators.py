"""Pilots' sources for the hub's indicators (hublocal.evaluation): pilots started per year and
municipality, and the pre-registered indicators judged met at their close."""

from __future__ import annotations

from django.urls import reverse

from hublocal.core import registry
from hublocal.core.registry import IndicatorRow

from . import selectors


def pilots(year: int) -> list[IndicatorRow]:
    return [
        IndicatorRow(
            value=1,
            record_ref=f"pilots.pilot:{r['pk']}",
            label=r["title"],
            url=reverse("pilots:pilot_detail", args=[r["pk"]]),
            organization_id=r["agreement__municipality_id"],
            commune_code=r["agreement__municipality__commune__code"] or "",
            breakdown={"area": r["agreement__challenge__area"] or "", "line": "pilots"},
        )
        for r in selectors.indicator_pilots(year=year)
    ]


def indicators_met(year: int) -> list[IndicatorRow]:
    return [
        IndicatorRow(
            value=1 if r["met"] else 0,
            record_ref=f"pilots.indicator:{r['pk']}",
            label=r["pilot__title"],
            url=reverse("pilots:pilot_detail", args=[r["pilot_id"]]),
            organization_id=r["pilot__agreement__municipality_id"],
        )
        for r in selectors.indicator_judged_indicators(year=year)
    ]


def register() -> None:
    registry.register_indicator_source("pilots.pilots", pilots)
    registry.register_indicator_source("pilots.indicators_met", indicators_met)
