"""Pages and API: an official sees only their own municipality's assets (404 for another's, by
URL and API), the form with bad input then good, the import preview, the public aggregates
without owners, the hub's national view, filters validated by the API (400), the open-source
register and its adoptions, the 360° panel, and query counts that do not grow with the data."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hublocal.ictassets.models import Adoption, IctAsset, OpenSourceSolution
from hublocal.ictassets.registrations import organization_panel
from tests.helpers import api_client

from .factories import HEADER, csv_line, muni

pytestmark = pytest.mark.django_db


def _valpo_asset() -> IctAsset:
    return IctAsset.objects.filter(municipality__commune__code="05101").first()


def _stgo_asset() -> IctAsset:
    return IctAsset.objects.filter(municipality__commune__code="13101").first()


def test_santiago_cannot_read_valparaiso_asset_by_url_or_api(client_for):
    valpo, stgo = _valpo_asset(), _stgo_asset()
    santiago = client_for("santiago")
    assert santiago.get(reverse("ictassets:detail", args=[valpo.pk])).status_code == 404
    assert santiago.get(reverse("ictassets:edit", args=[valpo.pk])).status_code == 404
    assert santiago.post(reverse("ictassets:edit", args=[valpo.pk]), {"name": "x"}).status_code == 404
    own = santiago.get(reverse("ictassets:detail", args=[stgo.pk]))
    assert own.status_code == 200 and stgo.owner_email in own.content.decode()
    api = api_client("santiago")
    assert api.get(f"/api/v1/ict-assets/{valpo.pk}/").status_code == 404
    assert api.get(f"/api/v1/ict-assets/{stgo.pk}/").status_code == 200
    assert api_client("staff").get(f"/api/v1/ict-assets/{valpo.pk}/").status_code == 200
    assert api_client(None).get(f"/api/v1/ict-assets/{stgo.pk}/").status_code == 404


def test_api_scopes_anonymous_aggregate_official_own_staff_all():
    anon = api_client(None).get("/api/v1/ict-assets/").json()
    assert anon["scope"] == "aggregate" and anon["results"] == [] and anon["count"] == 0
    assert sum(r["assets"] for r in anon["summary"]) == IctAsset.objects.count()
    own = api_client("santiago").get("/api/v1/ict-assets/?page_size=200").json()
    assert own["scope"] == "own" and own["results"]
    assert {r["commune_code"] for r in own["results"]} == {"13101"}
    everyone = api_client("staff").get("/api/v1/ict-assets/?category=permits").json()
    assert everyone["scope"] == "all"
    assert everyone["count"] == IctAsset.objects.filter(category="permits").count()


@pytest.mark.parametrize(
    "query",
    ["category=nope", "licence_type=x", "hosting=cloud", "typology=zz", "commune=abc", "ending_within=0",
     "ending_within=99999999999", "ending_within=-1", "page=0", "page_size=1000"],
)  # fmt: skip
def test_api_refuses_bad_filters_with_400(query):
    assert api_client(None).get(f"/api/v1/ict-assets/?{query}").status_code == 400


def test_api_ending_within_filters_contracts():
    today = timezone.localdate()
    expected = IctAsset.objects.filter(
        municipality__commune__code="13101", ends_on__gte=today, ends_on__lte=today + timedelta(days=365)
    ).count()
    data = api_client("santiago").get("/api/v1/ict-assets/?ending_within=365").json()
    assert data["count"] == expected


def test_open_source_api_lists_solutions_with_adopters():
    data = api_client(None).get("/api/v1/ict-assets/open-source/").json()
    names = {r["name"] for r in data["results"]}
    assert "Gestor de Patentes Libre" in names
    patentes = next(r for r in data["results"] if r["name"] == "Gestor de Patentes Libre")
    assert patentes["spdx_id"] == "MIT" and len(patentes["adopters"]) == 4


def test_official_adds_an_asset_after_bad_input(client_for):
    santiago = client_for("santiago")
    url = reverse("ictassets:create")
    before = IctAsset.objects.count()
    bad = {"name": "Sistema de licencias", "category": "permits", "licence_type": "open_source",
           "spdx_id": "inventada", "hosting": "hub", "starts_on": "2026-05-01", "ends_on": "2025-01-01"}  # fmt: skip
    response = santiago.post(url, bad)
    assert response.status_code == 400
    body = response.content.decode()
    assert "SPDX" in body and "anterior a su inicio" in body
    assert IctAsset.objects.count() == before
    good = {**bad, "spdx_id": "MIT", "ends_on": "2027-01-01", "commune": "05101"}
    response = santiago.post(url, good)
    assert response.status_code == 302
    asset = IctAsset.objects.get(name="Sistema de licencias")
    # An official's asset always belongs to their municipality, whatever the post says.
    assert asset.municipality == muni("13101")


def test_staff_creates_for_a_commune_and_unknown_commune_is_refused(client_for):
    staff = client_for("staff")
    data = {"name": "Sistema del Hub", "category": "gis", "licence_type": "proprietary", "vendor_name": "X SpA",
            "hosting": "hub", "commune": "99999"}  # fmt: skip
    assert staff.post(reverse("ictassets:create"), data).status_code == 400
    assert staff.post(reverse("ictassets:create"), {**data, "commune": "08101"}).status_code == 302
    assert IctAsset.objects.get(name="Sistema del Hub").municipality == muni("08101")


def test_web_import_preview_error_and_save(client_for):
    santiago = client_for("santiago")
    url = reverse("ictassets:import")
    bad = SimpleUploadedFile("a.csv", (HEADER + csv_line() + csv_line(commune="99999")).encode())
    response = santiago.post(url, {"file": bad, "dry_run": ""})
    assert response.status_code == 400
    assert "Línea 3" in response.content.decode() and "99999" in response.content.decode()
    assert not IctAsset.objects.filter(name="Sistema importado").exists()
    ok = SimpleUploadedFile("b.csv", (HEADER + csv_line()).encode())
    response = santiago.post(url, {"file": ok, "dry_run": "on"})
    assert response.status_code == 200 and "Vista previa" in response.content.decode()
    assert not IctAsset.objects.filter(name="Sistema importado").exists()
    ok = SimpleUploadedFile("b.csv", (HEADER + csv_line()).encode())
    assert santiago.post(url, {"file": ok}).status_code == 302
    assert IctAsset.objects.filter(name="Sistema importado", municipality=muni("13101")).count() == 1


def test_public_page_shows_aggregates_without_owners(client_for):
    response = client_for(None).get(reverse("ictassets:public"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Quién usa qué" in body and "<svg" in body and "<table" in body
    assert "@municipio-demo.cl" not in body and "Encargada/o TI" not in body
    data = client_for(None).get(reverse("ictassets:download", args=["json"])).json()
    text = str(data)
    assert "municipio-demo.cl" not in text and "Encargada" not in text
    assert data["uso"] and data["gasto"]
    csv_body = b"".join(client_for(None).get(reverse("ictassets:download", args=["csv"])).streaming_content)
    assert b"municipio-demo.cl" not in csv_body


def test_national_view_is_for_the_hub(client_for):
    assert client_for("santiago").get(reverse("ictassets:national")).status_code == 403
    response = client_for("staff").get(reverse("ictassets:national") + "?category=finance")
    assert response.status_code == 200
    assert "Contratos que terminan en los próximos 12 meses" in response.content.decode()


def test_mine_lists_only_own_assets(client_for):
    body = client_for("santiago").get(reverse("ictassets:mine") + "?page=1").content.decode()
    assert _stgo_asset().name in body
    assert _valpo_asset().name not in body


def test_open_source_pages_and_adoption(client_for):
    solution = OpenSourceSolution.objects.get(name="Agenda de Horas APS")
    anon = client_for(None)
    assert anon.get(reverse("ictassets:oss_list")).status_code == 200
    page = anon.get(reverse("ictassets:oss_detail", args=[solution.slug]))
    assert page.status_code == 200 and "AGPL-3.0-or-later" in page.content.decode()
    assert anon.post(reverse("ictassets:oss_adopt", args=[solution.slug]), {"status": "in_use"}).status_code == 302
    valpo = client_for("valparaiso")
    assert valpo.post(reverse("ictassets:oss_adopt", args=[solution.slug]), {"status": "bad"}).status_code == 400
    assert valpo.post(reverse("ictassets:oss_adopt", args=[solution.slug]), {"status": "in_use"}).status_code == 302
    assert Adoption.objects.filter(solution=solution, municipality=muni("05101"), status="in_use").exists()
    assert (
        client_for("startup-a")
        .post(reverse("ictassets:oss_adopt", args=[solution.slug]), {"status": "in_use"})
        .status_code
        == 403
    )


def test_organization_panel_lists_public_adoptions(users):
    data = organization_panel(muni("05101").pk, None)
    assert data is not None
    titles = [r["title"] for r in data["groups"][0]["rows"]]
    assert "Gestor de Patentes Libre" in titles
    assert organization_panel(muni("15101").pk, None) is None  # Arica declared none


def _add_assets(n: int) -> None:
    stgo = muni("13101")
    today = timezone.localdate()
    IctAsset.objects.bulk_create(
        IctAsset(
            municipality=stgo, name=f"Sistema masivo {i}", category="finance", licence_type="proprietary",
            vendor_name=f"Proveedor {i}", product=f"Producto {i}", hosting="on_premises", contract_value=1000 + i,
            ends_on=today + timedelta(days=30), owner_name="X", owner_email="x@x.cl",
        )
        for i in range(n)
    )  # fmt: skip


@pytest.mark.parametrize(
    ("url", "viewer"),
    [("ictassets:public", None), ("ictassets:national", "staff"), ("ictassets:mine", "santiago"),
     ("ictassets:oss_list", None)],
)  # fmt: skip
def test_query_counts_do_not_grow(url, viewer, client_for):
    client = client_for(viewer)
    client.get(reverse(url))
    _add_assets(3)
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse(url)).status_code == 200
    _add_assets(150)
    with CaptureQueriesContext(connection) as big:
        assert client.get(reverse(url)).status_code == 200
    assert len(big.captured_queries) == len(small.captured_queries)
    assert len(big.captured_queries) <= 20
