"""Assistance's source for the hub's indicators (hublocal.evaluation): engagements agreed per
year. An engagement's page is for the municipality and the hub: its row is for staff only."""

from __future__ import annotations

from django.urls import reverse

from hublocal.core import registry
from hublocal.core.registry import IndicatorRow

from . import selectors


def engagements(year: int) -> list[IndicatorRow]:
    return [
        IndicatorRow(
            value=1,
            record_ref=f"assistance.engagement:{r['pk']}",
            label=r["title"],
            url=reverse("assistance:engagement_detail", args=[r["pk"]]),
            organization_id=r["organization_id"],
            is_public=False,
            breakdown={"area": r["area"] or "", "line": "assistance"},
        )
        for r in selectors.indicator_engagements(year=year)
    ]


def register() -> None:
    registry.register_indicator_source("assistance.engagements", engagements)
