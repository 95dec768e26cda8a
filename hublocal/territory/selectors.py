"""Reads of the territory: regions, provinces, communes, the map."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.db.models import Count, Q, QuerySet

from hublocal.core.text import fold

from .models import Commune, CommuneIndicator, Country, IndicatorDefinition, Province, Region, Typology

__all__ = ["Typology"]  # re-exported for other apps' views and filters

DATA_DIR = Path(__file__).resolve().parent / "data"


@cache
def official_dpa() -> dict[str, Any]:
    """The DPA 2023 file shipped with the code (see scripts/build_territory_data.py)."""
    return json.loads((DATA_DIR / "dpa2023.json").read_text(encoding="utf-8"))


@cache
def map_paths() -> dict[str, Any]:
    return json.loads((DATA_DIR / "map_paths.json").read_text(encoding="utf-8"))


def region_list() -> QuerySet[Region]:
    return Region.objects.order_by("order", "code")


def province_list(*, region: str = "") -> QuerySet[Province]:
    qs = Province.objects.select_related("region").order_by("code")
    if region:
        qs = qs.filter(region__code=region)
    return qs


def commune_list(
    *, region: str = "", province: str = "", typology: str = "", q: str = "", country: str = ""
) -> QuerySet[Commune]:
    """Communes filtered by CUT region/province code, typology, and accent-insensitive name."""
    qs = Commune.objects.select_related("region", "province", "country").order_by("code")
    if country:
        qs = qs.filter(country__code=country.upper())
    if region:
        qs = qs.filter(region__code=region)
    if province:
        qs = qs.filter(province__code=province)
    if typology:
        qs = qs.filter(typology=typology)
    if q:
        folded = fold(q)
        qs = qs.filter(Q(search_name__contains=folded) | Q(code=q.strip()))
    return qs


def commune_get(*, code: str) -> Commune | None:
    return Commune.objects.select_related("region", "province", "country").filter(code=code).first()


def commune_count_chile() -> int:
    return Commune.objects.filter(country__code="CL").count()


def typology_labels() -> dict[str, str]:
    """Typology codes in words ("rural_semiurbana" → "Rural / semiurbana"), for reports."""
    return {code: str(label) for code, label in Typology.choices}


def typology_counts() -> dict[str, int]:
    rows = Commune.objects.filter(country__code="CL").values("typology").annotate(n=Count("id"))
    counts = dict.fromkeys(Typology.values, 0)
    for row in rows:
        counts[row["typology"]] = row["n"]
    return counts


def country_list() -> QuerySet[Country]:
    return Country.objects.order_by("name")


def foreign_commune_list(*, country: str = "", q: str = "") -> QuerySet[Commune]:
    qs = Commune.objects.exclude(country__code="CL").select_related("country").order_by("country__name", "search_name")
    if country:
        qs = qs.filter(country__code=country)
    if q:
        qs = qs.filter(search_name__contains=fold(q))
    return qs


def network_countries() -> list[dict[str, Any]]:
    """Countries of the regional network with how many municipalities each has registered."""
    return list(
        Country.objects.exclude(code="CL")
        .annotate(n=Count("communes"))
        .filter(n__gt=0)
        .order_by("name")
        .values("code", "name", "n")
    )


@dataclass(frozen=True)
class MapShape:
    code: str
    name: str
    typology: str
    typology_label: str
    path: str


def chile_map_shapes(*, highlight: str = "") -> list[MapShape]:
    """Every Chilean commune's simplified SVG path with its typology, in one query."""
    paths = map_paths()["paths"]
    labels = dict(Typology.choices)
    rows = Commune.objects.filter(country__code="CL").values_list("code", "name", "typology")
    return [
        MapShape(code=code, name=name, typology=typ, typology_label=str(labels.get(typ, typ)), path=paths[code])
        for code, name, typ in rows
        if paths.get(code)
    ]


def chile_map_meta() -> dict[str, Any]:
    meta = map_paths()
    return {k: v for k, v in meta.items() if k != "paths"}


# --- Imported commune indicators (manage.py import_indicators) ---------------------------------


def indicator_definitions() -> list[IndicatorDefinition]:
    return list(IndicatorDefinition.objects.order_by("code"))


def indicator_latest_values() -> dict[str, dict[str, float]]:
    """Every commune's latest value of each imported indicator: {commune code: {indicator code:
    value}}, in one query (rows come newest year first, the first one seen wins)."""
    rows = CommuneIndicator.objects.order_by("commune__code", "indicator__code", "-year").values_list(
        "commune__code", "indicator__code", "value"
    )
    out: dict[str, dict[str, float]] = {}
    for code, indicator, value in rows.iterator(chunk_size=5000):
        out.setdefault(code, {}).setdefault(indicator, value)
    return out


def commune_indicators(*, code: str) -> list[CommuneIndicator]:
    """One commune's latest value of each indicator, with its definition (one query)."""
    latest: dict[int, CommuneIndicator] = {}
    for row in CommuneIndicator.objects.filter(commune__code=code).select_related("indicator").order_by("-year"):
        latest.setdefault(row.indicator_id, row)
    return sorted(latest.values(), key=lambda r: r.indicator.code)


def chile_commune_facts() -> list[tuple[str, str, str, str]]:
    """(code, name, typology, region code) of every Chilean commune, in one query."""
    return list(
        Commune.objects.filter(country__code="CL")
        .order_by("code")
        .values_list("code", "name", "typology", "region__code")
    )


def commune_facts() -> list[tuple[str, str, str, str, str]]:
    """(code, name, typology, region code, country code) of every commune of the network, Chile
    first, in one query."""
    rows = Commune.objects.order_by("code").values_list("code", "name", "typology", "region__code", "country__code")
    return sorted(rows, key=lambda r: (r[4] != "CL", r[0]))
