"""The arithmetic of the hub's indicators, kept free of the database so it is tested alone.

A figure is an aggregate of rows (core.registry.IndicatorRow, enriched here into plain dicts with
the municipality's typology, region and country); the same function gives the headline, every
breakdown and a filtered figure read back from a snapshot, so they always agree."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from hublocal.core.registry import IndicatorRow

Row = dict[str, Any]


def enrich(
    source: str,
    rows: Iterable[IndicatorRow],
    *,
    commune_of_org: dict[int, str],
    communes: dict[str, tuple[str, str, str, str]],
) -> list[Row]:
    """Plain rows for a snapshot: each with its municipality (commune code and name), typology,
    region and country when it concerns a municipality, and its own breakdown values."""
    out = []
    for r in rows:
        code = r.commune_code or (commune_of_org.get(r.organization_id, "") if r.organization_id else "")
        name, typology, region, country = communes.get(code, ("", "", "", ""))
        row: Row = {
            "source": source,
            "ref": r.record_ref,
            "label": r.label,
            "url": r.url,
            "public": r.is_public,
            "value": float(r.value),
            "commune": code if name else "",
            "commune_name": name,
            "typology": typology,
            "region": region,
            "country": country,
        }
        for key, value in (r.breakdown or {}).items():
            row.setdefault(key, value)
        out.append(row)
    return out


def aggregate(kind: str, rows: list[Row]) -> float | None:
    """The figure of `rows` for an aggregate of definitions.AGGREGATES (None: nothing to measure)."""
    if kind == "distinct_municipalities":
        return float(len({r["commune"] for r in rows if r["commune"]}))
    if kind == "count":
        return float(len({r["ref"] for r in rows}))
    if kind == "sum":
        return float(sum(r["value"] for r in rows))
    if kind == "diversity":
        return float(len({r.get("area") for r in rows if r.get("area")}))
    if not rows:
        return None
    if kind == "mean":
        return round(sum(r["value"] for r in rows) / len(rows), 2)
    if kind == "share":
        return round(100 * sum(1 for r in rows if r["value"]) / len(rows), 1)
    if kind == "typology_gap":
        by_typology: dict[str, list[float]] = defaultdict(list)
        for r in rows:
            if r["typology"] and r["typology"] != "sin_clasificar":
                by_typology[r["typology"]].append(r["value"])
        means = [sum(v) / len(v) for v in by_typology.values()]
        return round(max(means) - min(means), 2) if len(means) >= 2 else None
    raise ValueError(f"unknown aggregate {kind!r}")


def breakdowns(kind: str, rows: list[Row], dimensions: Iterable[str]) -> dict[str, dict[str, float | None]]:
    """{dimension: {value: figure}} for each breakdown of a measure (rows without a value for the
    dimension are left out of it)."""
    out: dict[str, dict[str, float | None]] = {}
    for dim in dimensions:
        groups: dict[str, list[Row]] = defaultdict(list)
        for r in rows:
            if r.get(dim):
                groups[str(r[dim])].append(r)
        # A gap between typologies inside one typology is meaningless: show its mean instead.
        group_kind = "mean" if kind == "typology_gap" else kind
        out[dim] = {value: aggregate(group_kind, group) for value, group in sorted(groups.items())}
    return out


def filter_rows(rows: list[Row], filters: dict[str, str]) -> list[Row]:
    return [r for r in rows if all(not v or r.get(k) == v for k, v in filters.items())]


def drill_down(kind: str, rows: list[Row]) -> list[Row]:
    """The records a figure counts: for a count of municipalities, one entry per municipality
    (with the records that made it count); otherwise one per record."""
    if kind != "distinct_municipalities":
        seen: dict[str, Row] = {}
        for r in rows:
            seen.setdefault(r["ref"], r)
        return sorted(seen.values(), key=lambda r: (r["commune_name"], r["label"], r["ref"]))
    municipalities: dict[str, Row] = {}
    for r in rows:
        if not r["commune"]:
            continue
        m = municipalities.setdefault(
            r["commune"],
            {
                "commune": r["commune"],
                "commune_name": r["commune_name"],
                "typology": r["typology"],
                "region": r["region"],
                "country": r["country"],
                "records": [],
            },
        )
        m["records"].append(r)
    return sorted(municipalities.values(), key=lambda m: (m["commune_name"], m["commune"]))
