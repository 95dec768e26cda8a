"""Agreements' sources for the hub's indicators (hublocal.evaluation): agreements in force during
a year (one row per party, so a municipality that signed is counted as served) and obligations
due that year, kept or not. A non-public agreement is shown to staff only."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from hublocal.core import registry
from hublocal.core.registry import IndicatorRow

from . import selectors


def active(year: int) -> list[IndicatorRow]:
    return [
        IndicatorRow(
            value=1,
            record_ref=f"agreements.agreement:{r['agreement_id']}",
            label=r["agreement__title"],
            url=reverse("agreements:detail", args=[r["agreement_id"]]),
            organization_id=r["organization_id"],
            is_public=bool(r["agreement__is_public"]),
            breakdown={"kind": r["agreement__kind"]},
        )
        for r in selectors.indicator_agreement_parties(year=year)
    ]


def obligations_kept(year: int) -> list[IndicatorRow]:
    return [
        IndicatorRow(
            value=1 if r["status"] == "done" else 0,
            record_ref=f"agreements.obligation:{r['pk']}",
            label=f"{r['agreement__title']}: {r['description'][:80]}",
            url=reverse("agreements:detail", args=[r["agreement_id"]]),
            is_public=bool(r["agreement__is_public"]),
        )
        for r in selectors.indicator_obligations(year=year, today=timezone.localdate())
    ]


def register() -> None:
    registry.register_indicator_source("agreements.active", active)
    registry.register_indicator_source("agreements.obligations_kept", obligations_kept)
