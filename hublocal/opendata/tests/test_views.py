"""The portal's pages, downloads and API."""

from __future__ import annotations

import json

from django.test import Client
from django.urls import reverse

from hublocal.core import registry
from hublocal.opendata import selectors
from hublocal.opendata.models import DatasetVersion


def test_portal_lists_every_dataset_and_filters(published):
    client = Client()
    response = client.get(reverse("opendata:portal"))
    assert response.status_code == 200
    html = response.content.decode()
    for ds in registry.datasets():
        assert reverse("opendata:dataset", kwargs={"slug": ds.slug}) in html
    only_geo = client.get(reverse("opendata:portal"), {"formato": "geojson"}).content.decode()
    assert "/datos/comunas/" in only_geo and "/datos/pilotos/" not in only_geo
    regions = client.get(reverse("opendata:portal"), {"tema": "REGI"}).content.decode()
    assert "/datos/comunas/" in regions and "/datos/convenios/" not in regions
    searched = client.get(reverse("opendata:portal"), {"q": "replicacion"}).content.decode()
    assert "/datos/replicaciones/" in searched and "/datos/comunas/" not in searched
    # Unknown filter values are ignored, never an error.
    assert client.get(reverse("opendata:portal"), {"tema": "XXX", "formato": "pdf", "q": "a" * 500}).status_code == 200


def test_dataset_page_shows_dictionary_licence_coverage_and_versions(published):
    response = Client().get(reverse("opendata:dataset", kwargs={"slug": "comunas"}))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Diccionario de datos" in html and "<code>latitud</code>" in html
    assert "CC BY 4.0" in html and 'rel="license"' in html
    assert "Cobertura temporal" in html and "Cobertura geográfica" in html
    assert "Frecuencia de actualización" in html
    for fmt in ("csv", "json", "xlsx", "geojson"):
        assert reverse("opendata:download", kwargs={"slug": "comunas", "fmt": fmt}) in html
    assert reverse("opendata:datapackage", kwargs={"slug": "comunas"}) in html
    assert f"?version={published['territory.communes'].pk}" in html


def test_download_is_sent_from_storage_and_counted(published):
    client = Client()
    url = reverse("opendata:download", kwargs={"slug": "pilotos", "fmt": "csv"})
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert b"".join(response.streaming_content).startswith(b"piloto_id,")
    # A conditional GET (304) is not a download.
    assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    client.get(reverse("opendata:datapackage", kwargs={"slug": "pilotos"}))
    assert selectors.entry_get("pilotos").downloads == {"csv": 1, "datapackage": 1}


def test_datapackage_describes_the_csv(published):
    response = Client().get(reverse("opendata:datapackage", kwargs={"slug": "pilotos"}))
    assert response.status_code == 200
    package = json.loads(b"".join(response.streaming_content))
    assert package["resources"][0]["path"] == "pilotos.csv"
    assert package["resources"][0]["schema"]["fields"][0] == {
        "name": "piloto_id",
        "type": "integer",
        "description": "Id del piloto",
    }


def test_an_older_version_stays_downloadable_and_bad_versions_are_refused(published):
    client = Client()
    old = published["pilots.pilots"]
    from hublocal.opendata import services

    services.version_build("pilots.pilots")
    url = reverse("opendata:download", kwargs={"slug": "pilotos", "fmt": "csv"})
    assert client.get(url, {"version": old.pk}).status_code == 200
    assert client.get(url, {"version": "abc"}).status_code == 400
    assert client.get(url, {"version": "99999999999999"}).status_code == 400
    assert client.get(url, {"version": published["territory.communes"].pk}).status_code == 404


def test_a_dataset_not_built_yet_answers_preparing(published):
    DatasetVersion.objects.filter(key="pilots.pilots").delete()
    response = Client().get(reverse("opendata:download", kwargs={"slug": "pilotos", "fmt": "csv"}))
    assert response.status_code == 503 and response["Retry-After"]


def test_api_lists_datasets_with_dictionary_and_distributions(published):
    client = Client()
    response = client.get("/api/v1/datasets/")
    assert response.status_code == 200
    results = response.json()["results"]
    assert {r["slug"] for r in results} == {ds.slug for ds in registry.datasets()}
    territory = next(r for r in results if r["slug"] == "comunas")
    assert {d["format"] for d in territory["distributions"]} == {"csv", "json", "xlsx", "geojson", "datapackage"}
    assert territory["fields"][0]["name"] == "codigo"
    detail = client.get("/api/v1/datasets/comunas/").json()
    assert detail["licence"] == "CC-BY-4.0" and detail["theme"] == "REGI"
    assert client.get("/api/v1/datasets/no-existe/").status_code == 404
    assert client.get("/api/v1/datasets/", {"theme": "XXX"}).status_code == 400
    assert client.get("/api/v1/datasets/", {"file_format": "pdf"}).status_code == 400
    assert [r["slug"] for r in client.get("/api/v1/datasets/", {"file_format": "geojson"}).json()["results"]] == [
        "comunas"
    ]


def test_sitemap_lists_dataset_pages(published):
    response = Client().get("/sitemap-datos.xml")
    assert response.status_code == 200
    assert b"/datos/comunas/" in response.content and b"/datos/</loc>" in response.content


def test_page_queries_do_not_grow_with_versions_or_downloads(published):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from hublocal.opendata import services

    client = Client()

    def count(url: str) -> int:
        client.get(url)  # warm-up
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    urls = ("/datos/", "/datos/comunas/", "/api/v1/datasets/", "/api/v1/datasets/comunas/")
    before = [count(u) for u in urls]
    assert before[0] <= 6 and before[1] <= 7, before
    for _ in range(3):
        services.version_build("territory.communes")
    for fmt in ("csv", "json", "xlsx", "geojson", "datapackage"):
        services.download_counted("territory.communes", fmt)
    assert [count(u) for u in urls] == before


def test_footer_leads_to_the_portal_and_the_portal_to_the_api_docs(db):
    client = Client()
    portal = reverse("opendata:portal")
    home = client.get(reverse("core:about")).content.decode()
    assert f'<a href="{portal}">API y datos abiertos</a>' in home
    html = client.get(portal).content.decode()
    assert f'href="{reverse("api:docs")}"' in html
    assert f'href="{portal}"' in client.get(reverse("api:docs")).content.decode()
