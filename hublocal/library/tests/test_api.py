"""Library API: filters, strict parameters, privacy of drafts, the OpenAPI document."""

from __future__ import annotations

from hublocal.library import services
from tests.helpers import api_client, assert_api_error

from .factories import draft, published

URL = "/api/v1/library/resources/"


def test_list_filters(users):
    staff = users["staff"]
    a = published(users["santiago"], staff, title="Protocolo de patrullaje comunal", kind="management_protocol")
    b = published(
        users["valparaiso"],
        staff,
        title="Informe APS",
        kind="sectoral_report",
        areas=["aps"],
        dimensions=[],
        tags=[],
        summary="Listas de espera en atención primaria.",
    )
    services.evidence_level_set(
        actor=staff, resource=a, level=3, justification="Evaluación con comparación.", evidence=[]
    )
    c = api_client(None)

    def ids(**params):
        response = c.get(URL, params)
        assert response.status_code == 200, response.content
        return {r["id"] for r in response.json()["results"]}

    assert a.pk in ids(kind="management_protocol") and b.pk not in ids(kind="management_protocol")
    assert b.pk in ids(area="aps") and a.pk not in ids(area="aps")
    assert a.pk in ids(evidence_level="3") and b.pk not in ids(evidence_level="3")
    assert a.pk in ids(q="patrullaje") and b.pk not in ids(q="patrullaje")
    assert a.pk in ids(typology="rural_semiurbana")


def test_bad_parameters_are_400_with_a_message(users):
    c = api_client(None)
    assert_api_error(c.get(URL, {"kind": "novela"}), 400)
    assert_api_error(c.get(URL, {"evidence_level": "9"}), 400)
    assert_api_error(c.get(URL, {"q": "x" * 2000}), 400)
    assert_api_error(c.get(URL, {"color": "rojo"}), 400)  # undeclared parameter


def test_drafts_only_for_their_organisation_and_staff(users):
    resource = draft(users["partner"], title="Borrador API")
    anon = {r["id"] for r in api_client(None).get(URL).json()["results"]}
    assert resource.pk not in anon
    assert api_client(None).get(f"{URL}{resource.pk}/").status_code == 404
    assert api_client("santiago").get(f"{URL}{resource.pk}/").status_code == 404
    body = api_client("partner").get(f"{URL}{resource.pk}/").json()
    assert body["status"] == "draft" and body["version"]["number"] == 1
    assert resource.pk in {r["id"] for r in api_client("staff").get(URL, {"page_size": 200}).json()["results"]}


def test_detail_has_version_files_and_evidence(users):
    from hublocal.library.demo_files import build_file

    resource = published(users["santiago"], users["staff"], uploads=[("a.pdf", build_file("pdf", "t", "x"))])
    body = api_client(None).get(f"{URL}{resource.pk}/").json()
    assert body["version"]["authors"] == ["Ana Pérez"] and body["files"][0]["format"] == "pdf"
    assert body["evidence"] is None


def test_in_openapi_document(client):
    schema = client.get("/api/v1/openapi.json").content.decode()
    assert "/api/v1/library/resources/" in schema and "evidence_level" in schema
