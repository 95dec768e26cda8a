"""Reads of the hub's indicators: always from the stored snapshots (a request never recomputes),
with a bounded number of queries whatever the data's size."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.cache import cache
from django.db.models import Max, Q, QuerySet

from hublocal.territory import selectors as territory_selectors

from . import definitions, engine
from .models import IndicatorSnapshot, IndicatorTarget

FILTER_DIMENSIONS = ("typology", "region", "country")

# A filtered figure or a drill-down is computed from a snapshot's stored rows: at national scale
# (20,000 municipalities) decoding and walking them takes about a second. The result depends only
# on the snapshot (its id and computation time are in the key, so a recompute makes a new key) and
# on the filters, so it is kept in the shared cache (Redis in production) for every process.
FIGURES_CACHE_SECONDS = 24 * 3600


def _cached(parts: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
    key = "evaluation:figures:" + hashlib.sha256(repr(parts).encode()).hexdigest()
    hit = cache.get(key)
    if hit is None:
        hit = compute()
        cache.set(key, hit, FIGURES_CACHE_SECONDS)
    return hit


def _rows_of(snaps: list[IndicatorSnapshot]) -> dict[int, list[dict[str, Any]]]:
    """The stored rows of these snapshots (one query), only when a figure is not in the cache."""
    return dict(IndicatorSnapshot.objects.filter(pk__in=[s.pk for s in snaps]).values_list("pk", "rows"))


def filter_choices() -> dict[str, list[tuple[str, str]]]:
    """The values each dashboard filter accepts, in words (two small queries)."""
    return {
        "typology": list(territory_selectors.typology_labels().items()),
        "region": [(r.code, r.name) for r in territory_selectors.region_list()],
        "country": [(c.code, c.name) for c in territory_selectors.country_list()],
    }


def years() -> list[int]:
    """Years with a snapshot, newest first."""
    return sorted(IndicatorSnapshot.objects.order_by().values_list("year", flat=True).distinct(), reverse=True)


def latest_computed_on(*, year: int) -> date | None:
    return IndicatorSnapshot.objects.filter(year=year).aggregate(d=Max("computed_on"))["d"]


def snapshots(*, year: int, with_rows: bool = False) -> dict[str, IndicatorSnapshot]:
    """The latest snapshot of each measure for `year` (two queries)."""
    latest = latest_computed_on(year=year)
    if latest is None:
        return {}
    qs = IndicatorSnapshot.objects.filter(year=year, computed_on=latest)
    if not with_rows:
        qs = qs.defer("rows")
    return {s.measure_key: s for s in qs}


def snapshot(*, measure_key: str, year: int) -> IndicatorSnapshot | None:
    return IndicatorSnapshot.objects.filter(measure_key=measure_key, year=year).order_by("-computed_on").first()


def targets(*, year: int) -> dict[str, float]:
    return dict(IndicatorTarget.objects.filter(year=year).values_list("measure_key", "value"))


def target_list() -> QuerySet[IndicatorTarget]:
    return IndicatorTarget.objects.select_related("set_by").order_by("-year", "measure_key")


def series(*, measure_keys: list[str]) -> dict[str, list[tuple[int, float | None]]]:
    """Each measure's figure per year, from the latest snapshot of each year (two queries)."""
    latest = list(IndicatorSnapshot.objects.values("year").annotate(d=Max("computed_on")).order_by("year"))
    if not latest:
        return {}
    cond = Q()
    for row in latest:
        cond |= Q(year=row["year"], computed_on=row["d"])
    out: dict[str, list[tuple[int, float | None]]] = {k: [] for k in measure_keys}
    for key, year, value in (
        IndicatorSnapshot.objects.filter(cond, measure_key__in=measure_keys)
        .order_by("year")
        .values_list("measure_key", "year", "value")
    ):
        out[key].append((year, value))
    return out


@dataclass
class MeasureFigure:
    measure: definitions.Measure
    value: float | None
    target: float | None
    progress: float | None  # value against target, in %
    breakdown_dimension: str = ""
    breakdown: list[tuple[str, float | None, int | None]] = field(default_factory=list)  # (value, figure, total)
    series: list[tuple[int, float | None]] = field(default_factory=list)
    all_breakdowns: dict[str, dict[str, float | None]] = field(default_factory=dict)


@dataclass
class IndicatorFigures:
    indicator: definitions.Indicator
    measures: list[MeasureFigure]


def _progress(value: float | None, target: float | None) -> float | None:
    if value is None or not target:
        return None
    return round(100 * value / target, 1)


def dashboard(*, year: int, filters: dict[str, str]) -> tuple[list[IndicatorFigures], date | None]:
    """The four indicators for `year`, each measure with its figure (filtered when asked: read
    from the snapshot's rows, never recomputed from the apps), target, progress, breakdown and
    yearly series. A fixed number of queries."""
    active = {k: v for k, v in filters.items() if v}
    snaps = snapshots(year=year)
    filtered: dict[str, tuple[float | None, dict[str, dict[str, float | None]]]] = {}
    if active and snaps:
        measures = {m.key: m for i in definitions.indicators() for m in i.measures}

        def compute() -> dict[str, tuple[float | None, dict[str, dict[str, float | None]]]]:
            rows_by_pk = _rows_of(list(snaps.values()))
            out = {}
            for key, snap in snaps.items():
                m = measures.get(key)
                if m is None:
                    continue
                rows = engine.filter_rows(rows_by_pk.get(snap.pk, []), active)
                out[key] = (engine.aggregate(m.aggregate, rows), engine.breakdowns(m.aggregate, rows, m.breakdowns))
            return out

        stamp = tuple(sorted((k, s.pk, s.computed_at.isoformat()) for k, s in snaps.items()))
        filtered = _cached(("dashboard", year, tuple(sorted(active.items())), stamp), compute)
    goal = targets(year=year)
    indicators = definitions.indicators()
    all_series = series(measure_keys=[m.key for i in indicators for m in i.measures]) if not active else {}
    computed_on = next(iter(snaps.values())).computed_on if snaps else None
    out = []
    for indicator in indicators:
        figures = []
        for m in indicator.measures:
            snap = snaps.get(m.key)
            value: float | None = None
            breakdown: dict[str, dict[str, float | None]] = {}
            if snap is not None:
                if active:
                    value, breakdown = filtered.get(m.key, (None, {}))
                else:
                    value = snap.value
                    breakdown = snap.breakdowns
            dim = next((d for d in m.breakdowns if d not in active), "")
            totals = (snap.totals if snap is not None else {}).get(dim, {})
            figures.append(
                MeasureFigure(
                    measure=m,
                    value=value,
                    target=goal.get(m.key),
                    progress=_progress(value, goal.get(m.key)),
                    breakdown_dimension=dim,
                    breakdown=[(k, v, totals.get(k)) for k, v in breakdown.get(dim, {}).items()],
                    series=all_series.get(m.key, []),
                    all_breakdowns=breakdown,
                )
            )
        out.append(IndicatorFigures(indicator, figures))
    return out, computed_on


def drill_down(
    *, measure: definitions.Measure, year: int, filters: dict[str, str], restricted: bool
) -> tuple[list[dict[str, Any]], int, float | None]:
    """The records behind a figure (one query): the list, how many records were left out because
    the viewer may not see them, and the figure. A municipality counted is public (it has a public
    page) even when the records that made it count are not: those are left out of its list."""
    snap = (
        IndicatorSnapshot.objects.filter(measure_key=measure.key, year=year)
        .defer("rows")
        .order_by("-computed_on")
        .first()
    )
    if snap is None:
        return [], 0, None
    active = {k: v for k, v in filters.items() if v}

    def compute() -> tuple[list[dict[str, Any]], float | None]:
        rows = engine.filter_rows(_rows_of([snap]).get(snap.pk, []), active)
        return engine.drill_down(measure.aggregate, rows), engine.aggregate(measure.aggregate, rows)

    stamp = (snap.pk, snap.computed_at.isoformat())
    entries, figure = _cached(("drill_down", measure.key, year, tuple(sorted(active.items())), stamp), compute)
    # The cached list is shared: the viewer's copy is filtered without touching it.
    entries = [dict(e) for e in entries]
    if restricted:
        return entries, 0, figure
    hidden = 0
    if measure.aggregate == "distinct_municipalities":
        for e in entries:
            visible = [r for r in e["records"] if r["public"]]
            hidden += len(e["records"]) - len(visible)
            e["records"] = visible
        return entries, hidden, figure
    visible = [e for e in entries if e["public"]]
    return visible, len(entries) - len(visible), figure
