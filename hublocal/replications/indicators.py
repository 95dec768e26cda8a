"""Replications' source for the hub's indicators (hublocal.evaluation): replications started per
year and municipality (public, like the replications register)."""

from __future__ import annotations

from django.urls import reverse

from hublocal.core import registry
from hublocal.core.registry import IndicatorRow

from . import selectors


def replications(year: int) -> list[IndicatorRow]:
    return [
        IndicatorRow(
            value=1,
            record_ref=f"replications.replication:{r['pk']}",
            label=r["target_title"],
            url=reverse("replications:replication_detail", args=[r["pk"]]),
            organization_id=r["municipality_id"],
            commune_code=r["commune_code"],
            breakdown={"line": "replications"},
        )
        for r in selectors.indicator_replications(year=year)
    ]


def register() -> None:
    registry.register_indicator_source("replications.replications", replications)
