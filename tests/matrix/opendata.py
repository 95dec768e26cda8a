"""Permission-matrix rows for the open-data portal (see tests/test_permission_matrix.py for the
columns). Everything is public: the portal, each dataset's page, its downloads and data package,
the DCAT-AP catalogue and the API. An unknown dataset or format is 404 for everyone.
`placeholders` publishes a fresh version of the pilots and territory datasets so that their files
exist in this process's storage. That a personal field is never published is proved in
hublocal/opendata/tests/test_services.py (the build refuses it)."""

from __future__ import annotations

from typing import Any

from tests.matrix import Row, row

NONE: dict[str, Any] = {}
PILOTS_SLUG = "<opendata: the pilots dataset, freshly published>"
TERRITORY_SLUG = "<opendata: the territory dataset, freshly published>"
PILOTS = {"slug": PILOTS_SLUG}
TERRITORY = {"slug": TERRITORY_SLUG}

# fmt: off
ROWS: list[Row] = [
    # route kwargs method anon staff anlst stgo valpo st-a st-b partner
    row("opendata:portal", NONE, "GET", 200, 200, 200, 200, 200, 200, 200, 200,
        note="open data: public"),
    row("opendata:dataset", PILOTS, "GET", 200, 200, 200, 200, 200, 200, 200, 200),
    row("opendata:dataset", {"slug": "no-existe"}, "GET", 404, 404, 404, 404, 404, 404, 404, 404),
    row("opendata:download", {**PILOTS, "fmt": "csv"}, "GET", 200, 200, 200, 200, 200, 200, 200, 200),
    row("opendata:download", {**PILOTS, "fmt": "json"}, "GET", 200, 200, 200, 200, 200, 200, 200, 200),
    row("opendata:download", {**PILOTS, "fmt": "xlsx"}, "GET", 200, 200, 200, 200, 200, 200, 200, 200),
    row("opendata:download", {**TERRITORY, "fmt": "geojson"}, "GET", 200, 200, 200, 200, 200, 200, 200, 200),
    row("opendata:download", {**PILOTS, "fmt": "geojson"}, "GET", 404, 404, 404, 404, 404, 404, 404, 404,
        note="GeoJSON only for the territory"),
    row("opendata:download", {**PILOTS, "fmt": "pdf"}, "GET", 404, 404, 404, 404, 404, 404, 404, 404),
    row("opendata:datapackage", PILOTS, "GET", 200, 200, 200, 200, 200, 200, 200, 200),
    row("opendata:catalogue_jsonld", NONE, "GET", 200, 200, 200, 200, 200, 200, 200, 200),
    row("opendata:catalogue_ttl", NONE, "GET", 200, 200, 200, 200, 200, 200, 200, 200),
    # --- API
    row("api:dataset_list", NONE, "GET", 200, 200, 200, 200, 200, 200, 200, 200),
    row("api:dataset_detail", PILOTS, "GET", 200, 200, 200, 200, 200, 200, 200, 200),
    row("api:dataset_detail", {"slug": "no-existe"}, "GET", 404, 404, 404, 404, 404, 404, 404, 404),
]
# fmt: on


def placeholders(users: dict[str, Any]) -> dict[str, Any]:
    from hublocal.opendata import services

    services.version_build("pilots.pilots")
    services.version_build("territory.communes")
    return {PILOTS_SLUG: "pilotos", TERRITORY_SLUG: "comunas"}
