"""Demo data of the hub's indicators: targets for 2025 and 2026 and the snapshots of both years,
computed from the other apps' demo records (hence order 97, after every other demo). Idempotent:
targets are set, not added, and a second computation the same day replaces the first."""

from __future__ import annotations

from collections.abc import Callable

from . import services

TARGETS: dict[int, dict[str, float]] = {
    2025: {
        "coverage_municipalities": 40,
        "portfolio_actions": 20,
        "portfolio_areas": 4,
        "impact_pilot_indicators_met": 60,
        "impact_score_change": 2,
        "articulation_agreements": 8,
        "articulation_obligations_kept": 80,
        "articulation_commitments_kept": 70,
        "articulation_projects": 2,
        "articulation_policy_items": 3,
    },
    2026: {
        "coverage_municipalities": 80,
        "portfolio_actions": 35,
        "portfolio_areas": 5,
        "impact_pilot_indicators_met": 70,
        "impact_score_change": 3,
        "articulation_agreements": 12,
        "articulation_obligations_kept": 90,
        "articulation_commitments_kept": 80,
        "articulation_projects": 4,
        "articulation_policy_items": 5,
    },
}


def seed(write: Callable[[str], None]) -> None:
    for year, targets in TARGETS.items():
        for key, value in targets.items():
            services.target_set(actor=None, measure_key=key, year=year, value=value, note="demo")
    for year in TARGETS:
        figures = services.compute_indicators(year=year)
        write(f"  indicadores {year}: " + ", ".join(f"{k}={v}" for k, v in figures.items()))
