"""The library's source for the hub's indicators (hublocal.evaluation): replicable models and
good practices published during a year, with their first priority area."""

from __future__ import annotations

from django.urls import reverse

from hublocal.core import registry
from hublocal.core.registry import IndicatorRow

from . import selectors


def published_practices(year: int) -> list[IndicatorRow]:
    rows = []
    for r in selectors.indicator_published_practices(year=year):
        areas = r["areas"] if isinstance(r["areas"], list) else []
        rows.append(
            IndicatorRow(
                value=1,
                record_ref=f"library.resource:{r['pk']}",
                label=r["title"],
                url=reverse("library:resource_detail", args=[r["slug"]]),
                breakdown={"area": str(areas[0]) if areas else "", "kind": r["kind"], "line": "library"},
            )
        )
    return rows


def register() -> None:
    registry.register_indicator_source("library.published_practices", published_practices)
