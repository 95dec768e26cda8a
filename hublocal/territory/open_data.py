"""The territory as open data: every commune of the network with its codes, region, province,
typology, area and centroid (CSV, and GeoJSON points for maps). The shapes the site draws are
simplified SVG paths in a projected frame, not coordinates, so the GeoJSON holds the DPA 2023
centroids (Chile); communes abroad have no coordinates and are left out of the GeoJSON."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _

from hublocal.core import registry
from hublocal.core.csvexport import csv_chunks

from .models import Commune
from .selectors import official_dpa

KEY = "territory.communes"
COLUMNS = [
    "codigo",
    "codigo_nacional",
    "nombre",
    "pais",
    "codigo_region",
    "region",
    "codigo_provincia",
    "provincia",
    "division_administrativa",
    "tipologia",
    "superficie_km2",
    "latitud",
    "longitud",
]


def _centroids() -> dict[str, tuple[float, float]]:
    return {c["code"]: (c["lat"], c["lon"]) for c in official_dpa()["communes"] if "lat" in c and "lon" in c}


def _records() -> Iterator[dict[str, Any]]:
    centroids = _centroids()
    qs = Commune.objects.select_related("country", "region", "province").order_by("code")
    for c in qs.iterator(chunk_size=1000):
        lat, lon = centroids.get(c.code, (None, None)) if c.country.code == "CL" else (None, None)
        yield {
            "codigo": c.code,
            "codigo_nacional": c.national_code,
            "nombre": c.name,
            "pais": c.country.code,
            "codigo_region": c.region.code if c.region else "",
            "region": c.region.name if c.region else "",
            "codigo_provincia": c.province.code if c.province else "",
            "provincia": c.province.name if c.province else "",
            "division_administrativa": c.admin_area,
            "tipologia": c.typology,
            "superficie_km2": c.area_km2,
            "latitud": lat,
            "longitud": lon,
        }


def csv_rows() -> Iterator[list[Any]]:
    yield COLUMNS
    for rec in _records():
        yield ["" if rec[c] is None else rec[c] for c in COLUMNS]


def geojson_chunks() -> Iterator[str]:
    """A FeatureCollection of points (RFC 7946: longitude first, WGS 84)."""
    yield '{"type": "FeatureCollection", "features": ['
    first = True
    for rec in _records():
        if rec["latitud"] is None:
            continue
        props = {k: v for k, v in rec.items() if k not in ("latitud", "longitud")}
        feature = {
            "type": "Feature",
            "id": rec["codigo"],
            "geometry": {"type": "Point", "coordinates": [rec["longitud"], rec["latitud"]]},
            "properties": props,
        }
        yield ("" if first else ",") + json.dumps(feature, ensure_ascii=False)
        first = False
    yield "]}"


def _build(fmt: str, variant: str) -> Any:
    return csv_chunks(csv_rows())


F = registry.DatasetField
FIELDS = (
    F("codigo", "string", "", _("Código de la comuna: CUT en Chile, <ISO2>-<código nacional> fuera de Chile")),
    F("codigo_nacional", "string", "", _("Código de la comuna en su país")),
    F("nombre", "string", "", _("Nombre de la comuna")),
    F("pais", "string", "", _("País (ISO 3166-1 alfa-2)")),
    F("codigo_region", "string", "", _("Código CUT de la región (Chile)")),
    F("region", "string", "", _("Región (Chile)")),
    F("codigo_provincia", "string", "", _("Código CUT de la provincia (Chile)")),
    F("provincia", "string", "", _("Provincia (Chile)")),
    F("division_administrativa", "string", "", _("División administrativa fuera de Chile")),
    F("tipologia", "string", "", _("Tipología comunal (provisional mientras no haya una oficial)")),
    F("superficie_km2", "number", "km²", _("Superficie aproximada")),
    F("latitud", "number", _("grados (WGS 84)"), _("Latitud del centroide (DPA 2023)")),
    F("longitud", "number", _("grados (WGS 84)"), _("Longitud del centroide (DPA 2023)")),
)


def register() -> None:
    registry.register_dataset(
        registry.Dataset(
            key=KEY,
            slug="comunas",
            title=_("Comunas y territorio"),
            description=_(
                "Cada comuna de Chile (DPA 2023) y de los municipios de la red regional: códigos, región, "
                "provincia, tipología, superficie y centroide. En GeoJSON, un punto por comuna de Chile."
            ),
            formats=("csv",),
            build=_build,
            keywords=("territorio", "comunas", "división político-administrativa", "tipología comunal"),
            page="territory:network_list",
            fields=FIELDS,
            temporal_start="2023-01-01",
            spatial=_("Chile y municipios de la red regional"),
            theme="REGI",
            accrual_periodicity="MONTHLY",
            update_frequency=_("Al importar la tipología o la división territorial, y una vez al día"),
            geojson=geojson_chunks,
        )
    )
