"""Permission-matrix rows for the ICT asset register (see tests/test_permission_matrix.py for the
columns). The aggregates, the open data and the open-source register are public; an asset's
details exist only for its municipality and the hub (404 for everyone else, anonymous visitors
included); municipal officials and the hub keep the register (form and CSV import); the national
view is the hub's; officials (and the hub on their behalf) declare adoptions.

The demo (hublocal/ictassets/demo.py) gives Santiago and Valparaíso their own assets and four
open-source solutions; `placeholders` names Santiago's first asset and "Agenda de Horas APS"."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.matrix import LOGIN, Row, row

STGO_ASSET = "<ictassets: Santiago's first demo asset>"
SOLUTION = "<ictassets: the slug of a demo open-source solution>"

NONE: dict[str, Any] = {}
ASSET_FORM = {
    "commune": "13101",  # read for the hub only; an official's asset is always their municipality's
    "name": "Sistema de la matriz",
    "category": "gis",
    "licence_type": "open_source",
    "spdx_id": "MIT",
    "hosting": "hub",
    "starts_on": "2025-01-01",
    "ends_on": "2027-01-01",
}
BAD_ASSET_FORM = {**ASSET_FORM, "spdx_id": "inventada", "ends_on": "2024-01-01"}
HEADER = "comuna,nombre,categoria,licencia,spdx,alojamiento\n"
OWN_COMMUNE = {"santiago": "13101", "valparaiso": "05101"}


def _import(role: str) -> dict[str, Any]:
    code = OWN_COMMUNE.get(role, "13101")
    body = HEADER + f"{code},Sistema importado de la matriz,gis,open_source,MIT,hub\n"
    return {"file": SimpleUploadedFile("activos.csv", body.encode(), content_type="text/csv"), "dry_run": ""}


def _import_unknown(role: str) -> dict[str, Any]:
    body = HEADER + "99999,Sistema de comuna inexistente,gis,open_source,MIT,hub\n"
    return {"file": SimpleUploadedFile("activos.csv", body.encode(), content_type="text/csv"), "dry_run": ""}


SOLUTION_FORM = {
    "name": "Solución de la matriz",
    "repository_url": "https://github.com/matriz/solucion",
    "spdx_id": "MIT",
}

# fmt: off
ROWS: list[Row] = [
    # route kwargs method anon staff anlst stgo valpo st-a st-b partner
    row("ictassets:public", NONE, "GET", 200, 200, 200, 200, 200, 200, 200, 200,
        note="aggregates only: no owner, no single contract"),
    row("ictassets:download", {"fmt": "csv"}, "GET", 200, 200, 200, 200, 200, 200, 200, 200),
    row("ictassets:download", {"fmt": "json"}, "GET", 200, 200, 200, 200, 200, 200, 200, 200),
    row("ictassets:download", {"fmt": "xml"}, "GET", 404, 404, 404, 404, 404, 404, 404, 404),
    row("ictassets:mine", NONE, "GET", LOGIN, 200, 200, 200, 200, 403, 403, 403),
    row("ictassets:create", NONE, "GET", LOGIN, 200, 200, 200, 200, 403, 403, 403),
    row("ictassets:create", NONE, "POST", LOGIN, 302, 302, 302, 302, 403, 403, 403,
        data=ASSET_FORM, audit="ictassets.asset_create", note="each municipality keeps its own register"),
    row("ictassets:create", NONE, "POST", LOGIN, 400, 400, 400, 400, 403, 403, 403,
        data=BAD_ASSET_FORM, note="an unknown SPDX licence and dates out of order: nothing saved"),
    row("ictassets:import", NONE, "GET", LOGIN, 200, 200, 200, 200, 403, 403, 403),
    row("ictassets:import", NONE, "POST", LOGIN, 302, 302, 302, 302, 403, 403, 403,
        data=_import, per_role_data=True, audit="ictassets.import"),
    row("ictassets:import", NONE, "POST", LOGIN, 400, 400, 400, 400, 403, 403, 403,
        data=_import_unknown, per_role_data=True, note="an unknown commune: the line is named, nothing saved"),
    row("ictassets:national", NONE, "GET", LOGIN, 200, 200, 403, 403, 403, 403, 403),
    row("ictassets:detail", {"pk": STGO_ASSET}, "GET", 404, 200, 200, 200, 404, 404, 404, 404,
        note="an asset's details exist only for its municipality and the hub"),
    row("ictassets:edit", {"pk": STGO_ASSET}, "GET", 404, 200, 200, 200, 404, 404, 404, 404),
    row("ictassets:edit", {"pk": STGO_ASSET}, "POST", 404, 302, 302, 302, 404, 404, 404, 404,
        data=ASSET_FORM, audit="ictassets.asset_update"),
    row("ictassets:edit", {"pk": STGO_ASSET}, "POST", 404, 400, 400, 400, 404, 404, 404, 404,
        data=BAD_ASSET_FORM),
    row("ictassets:oss_list", NONE, "GET", 200, 200, 200, 200, 200, 200, 200, 200),
    row("ictassets:oss_detail", {"slug": SOLUTION}, "GET", 200, 200, 200, 200, 200, 200, 200, 200),
    row("ictassets:oss_create", NONE, "GET", LOGIN, 200, 200, 200, 200, 403, 403, 403),
    row("ictassets:oss_create", NONE, "POST", LOGIN, 302, 302, 302, 302, 403, 403, 403,
        data=SOLUTION_FORM, audit="ictassets.solution_create"),
    row("ictassets:oss_create", NONE, "POST", LOGIN, 400, 400, 400, 400, 403, 403, 403,
        data={**SOLUTION_FORM, "repository_url": "http://inseguro.cl/repo"}, note="https only"),
    row("ictassets:oss_adopt", {"slug": SOLUTION}, "GET", 405, 405, 405, 405, 405, 405, 405, 405),
    row("ictassets:oss_adopt", {"slug": SOLUTION}, "POST", LOGIN, 302, 302, 302, 302, 403, 403, 403,
        data={"status": "in_use", "commune": "08101"}, audit="ictassets.adoption_declare",
        note="an official for their own municipality; the hub for the commune it names"),
    row("ictassets:oss_adopt", {"slug": SOLUTION}, "POST", LOGIN, 400, 400, 400, 400, 403, 403, 403,
        data={"status": "maybe", "commune": "08101"}),
    # --- API
    row("api:ictasset_list", NONE, "GET", 200, 200, 200, 200, 200, 200, 200, 200,
        note="aggregates for everyone; the detail only of what the caller may read"),
    row("api:ictasset_detail", {"pk": STGO_ASSET}, "GET", 404, 200, 200, 200, 404, 404, 404, 404),
    row("api:ictasset_solution_list", NONE, "GET", 200, 200, 200, 200, 200, 200, 200, 200),
]
# fmt: on


def placeholders(users: dict[str, Any]) -> dict[str, Any]:
    from hublocal.ictassets.models import IctAsset, OpenSourceSolution

    asset = IctAsset.objects.filter(is_demo=True, municipality__commune__code="13101").order_by("pk").first()
    assert asset is not None
    return {
        STGO_ASSET: asset.pk,
        SOLUTION: OpenSourceSolution.objects.get(name="Agenda de Horas APS").slug,
    }
