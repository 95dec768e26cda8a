"""Articulation's sources for the hub's indicators (hublocal.evaluation): round-table commitments
due in a year, kept or not, and the policy items with activity that year (published ones are
public; the others are for staff)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from hublocal.core import registry
from hublocal.core.registry import IndicatorRow

from . import selectors


def commitments_kept(year: int) -> list[IndicatorRow]:
    return [
        IndicatorRow(
            value=1 if r["status"] == "kept" else 0,
            record_ref=f"articulation.commitment:{r['pk']}",
            label=r["table__theme"],
            url=reverse("articulation:table_detail", args=[r["table__slug"]]),
            organization_id=r["owner__organization_id"],
            # Dropped commitments count as not kept: the table promised them.
            breakdown={"area": r["table__area"] or ""},
        )
        for r in selectors.indicator_commitments(year=year, today=timezone.localdate())
    ]


def policy_items(year: int) -> list[IndicatorRow]:
    return [
        IndicatorRow(
            value=1,
            record_ref=f"articulation.policy:{r['pk']}",
            label=r["title"],
            url=reverse("articulation:policy_detail", args=[r["slug"]]) if r["published"] else "",
            is_public=bool(r["published"]),
            breakdown={"area": r["area"] or ""},
        )
        for r in selectors.indicator_policy_items_with_activity(year=year)
    ]


def register() -> None:
    registry.register_indicator_source("articulation.commitments_kept", commitments_kept)
    registry.register_indicator_source("articulation.policy_items", policy_items)
