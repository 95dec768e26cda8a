"""Diagnosis's sources for the hub's indicators (hublocal.evaluation, registered in ready()):
submitted diagnoses (coverage), the change of a municipality's index between its last two
campaigns and every municipality's latest index (impact: the gap between typologies)."""

from __future__ import annotations

from hublocal.core import registry
from hublocal.core.registry import IndicatorRow

from . import selectors


def submissions(year: int) -> list[IndicatorRow]:
    return [
        IndicatorRow(
            value=1,
            record_ref=f"diagnosis.participation:{r['pk']}",
            label=f"{r['commune_name']} · {r['campaign__name']}",
            organization_id=r["organization_id"],
            commune_code=r["commune_code"],
            # A campaign whose scores are not published still says who took part only to staff.
            is_public=bool(r["campaign__results_public"]),
            breakdown={"area": r["campaign__instrument_version__area"] or ""},
        )
        for r in selectors.indicator_submissions(year=year)
    ]


def _latest_per_campaign(year: int) -> dict[str, list[dict]]:
    """Per commune, its last result of each campaign, oldest campaign first."""
    per_commune: dict[str, dict[int, dict]] = {}
    for r in selectors.indicator_results_until(year=year):
        per_commune.setdefault(r["commune_code"], {})[r["campaign_id"]] = r
    return {
        code: sorted(by_campaign.values(), key=lambda r: (r["computed_at"], r["pk"]))
        for code, by_campaign in per_commune.items()
    }


def score_change(year: int) -> list[IndicatorRow]:
    rows = []
    for code, results in _latest_per_campaign(year).items():
        if len(results) < 2 or results[-1]["computed_at"].year != year:
            continue
        prev, last = results[-2], results[-1]
        rows.append(
            IndicatorRow(
                value=round(last["overall"] - prev["overall"], 2),
                record_ref=f"diagnosis.result:{last['pk']}",
                label=f"{last['commune_name']}: {prev['campaign__name']} → {last['campaign__name']}",
                organization_id=last["organization_id"],
                commune_code=code,
                is_public=bool(last["campaign__results_public"] and prev["campaign__results_public"]),
            )
        )
    return rows


def latest_index(year: int) -> list[IndicatorRow]:
    rows = []
    for code, results in _latest_per_campaign(year).items():
        last = results[-1]
        rows.append(
            IndicatorRow(
                value=round(last["overall"], 2),
                record_ref=f"diagnosis.result:{last['pk']}",
                label=f"{last['commune_name']} · {last['campaign__name']}",
                organization_id=last["organization_id"],
                commune_code=code,
                is_public=bool(last["campaign__results_public"]),
            )
        )
    return rows


def register() -> None:
    registry.register_indicator_source("diagnosis.submissions", submissions)
    registry.register_indicator_source("diagnosis.score_change", score_change)
    registry.register_indicator_source("diagnosis.latest_index", latest_index)
