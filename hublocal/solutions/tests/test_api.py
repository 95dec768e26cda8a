from __future__ import annotations

import json

import pytest

from hublocal.audit.models import AuditEvent
from hublocal.solutions import selectors
from hublocal.solutions.models import Solution, StartupProfile
from tests.helpers import api_client, assert_api_error, write_event_count

from .factories import org, solution

pytestmark = pytest.mark.django_db

NEW = {
    "name": "Mapa de Ferias Libres",
    "summary": "Ubicación y horario de ferias libres con permisos al día.",
    "problem": "Los feriantes tramitan sus permisos en papel y los vecinos no saben dónde hay feria.",
    "area": "digital",
    "deployment": "mobile",
    "pricing_model": "free",
    "typologies": ["urbana_mediana"],
}


def _post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def _patch(client, url, body):
    # Like a well-behaved client: the ETag just read goes in If-Match (hublocal/core/locking.py).
    read = client.get(url)
    headers = {"If-Match": read["ETag"]} if read.has_header("ETag") else {}
    return client.patch(url, json.dumps(body), content_type="application/json", headers=headers)


def test_list_is_public_paginated_and_filtered(network):
    body = api_client(None).get("/api/v1/solutions/", {"area": "aps"}).json()
    assert body["count"] >= 5 and {s["area"] for s in body["results"]} == {"aps"}
    first = body["results"][0]
    assert {"slug", "name", "startup", "area_label", "typologies", "pilots_done", "evidence"} <= set(first)


def test_list_search_is_ranked(network):
    body = api_client(None).get("/api/v1/solutions/", {"q": "licencias de funcionamiento"}).json()
    assert body["results"][0]["slug"] == "patentes-en-linea"


def test_list_by_startup_and_typology(network):
    body = api_client(None).get("/api/v1/solutions/", {"startup": "tramite-facil-spa", "typology": "mayor"}).json()
    assert body["count"] >= 1
    assert {s["startup"]["slug"] for s in body["results"]} == {"tramite-facil-spa"}


@pytest.mark.parametrize(
    "params", [{"area": "deportes"}, {"deployment": "x"}, {"pricing_model": "x"}, {"typology": "x"}, {"q": "x" * 201}]
)
def test_bad_filters_are_400(network, params):
    body = assert_api_error(api_client(None).get("/api/v1/solutions/", params), 400)
    assert set(params) <= set(body["errors"])


def test_startup_creates_its_own_solution(users):
    response = _post(api_client("startup-a"), "/api/v1/solutions/", NEW)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["startup"]["slug"] == "datamuni-spa" and body["typologies"] == ["urbana_mediana"]
    assert AuditEvent.objects.filter(action="solutions.solution_create", actor=users["startup-a"]).exists()


def test_startup_cannot_create_for_another(users):
    before = Solution.objects.count()
    assert_api_error(_post(api_client("startup-a"), "/api/v1/solutions/", {**NEW, "organization": "reciclapp"}), 403)
    assert Solution.objects.count() == before


def test_admin_must_name_the_startup(users):
    body = assert_api_error(_post(api_client("staff"), "/api/v1/solutions/", NEW), 400)
    assert "organization" in body["errors"]
    response = _post(api_client("staff"), "/api/v1/solutions/", {**NEW, "organization": "reciclapp"})
    assert response.status_code == 201 and response.json()["startup"]["slug"] == "reciclapp"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({k: v for k, v in NEW.items() if k != "name"}, "name"),
        ({**NEW, "area": "deportes"}, "area"),
        ({**NEW, "typologies": ["capital"]}, "typologies"),
        ({**NEW, "pilots_done": -1}, "pilots_done"),
        ({**NEW, "name": "   "}, "name"),
        ({**NEW, "organization": "municipalidad-santiago"}, "organization"),
    ],
)
def test_create_with_bad_body_is_400_and_writes_nothing(users, body, field):
    client = api_client("staff")  # issuing its token is audited too: count after it
    before = (Solution.objects.count(), write_event_count())
    response = _post(client, "/api/v1/solutions/", {"organization": "reciclapp", **body})
    assert field in assert_api_error(response, 400)["errors"]
    assert (Solution.objects.count(), write_event_count()) == before


def test_others_cannot_create(network):
    assert_api_error(_post(api_client(None), "/api/v1/solutions/", NEW), 401)
    for username in ("santiago", "partner", "analista"):
        assert_api_error(_post(api_client(username), "/api/v1/solutions/", NEW), 403)


def test_detail_and_patch(users):
    url = "/api/v1/solutions/tramite-facil-municipal/"
    assert api_client(None).get(url).json()["startup"]["slug"] == "tramite-facil-spa"
    assert_api_error(_patch(api_client("startup-a"), url, {"pilots_done": 9}), 403)
    response = _patch(api_client("startup-b"), url, {"pilots_done": 9, "is_published": False})
    assert response.status_code == 200 and response.json()["pilots_done"] == 9
    # Now a draft: gone for everyone but its startup and the hub.
    assert_api_error(api_client(None).get(url), 404)
    assert_api_error(_patch(api_client("startup-a"), url, {"pilots_done": 1}), 404)
    assert api_client("analista").get(url).status_code == 200
    assert_api_error(_patch(api_client("startup-b"), url, {"organization": "reciclapp"}), 400)
    assert_api_error(api_client(None).get("/api/v1/solutions/no-existe/"), 404)


def test_draft_listed_only_for_owner_and_hub(users):
    draft = solution(users["startup-a"], org("datamuni-spa"), name="Borrador API", is_published=False)
    for username, sees in [(None, False), ("startup-b", False), ("startup-a", True), ("staff", True)]:
        body = api_client(username).get("/api/v1/solutions/", {"startup": "datamuni-spa", "page_size": 200}).json()
        assert (draft.slug in {s["slug"] for s in body["results"]}) is sees, username


def test_startups(users):
    body = api_client(None).get("/api/v1/startups/", {"stage": "scaling"}).json()
    assert body["count"] >= 2 and {s["stage"] for s in body["results"]} == {"scaling"}
    detail = api_client(None).get("/api/v1/startups/datamuni-spa/").json()
    assert detail["has_profile"] and detail["stage"] == "scaling"
    assert "patentes-en-linea" in {s["slug"] for s in detail["solutions"]}
    assert detail["solution_count"] == selectors.catalogue(startup="datamuni-spa").count()
    assert_api_error(api_client(None).get("/api/v1/startups/municipalidad-santiago/"), 404)
    assert_api_error(api_client(None).get("/api/v1/startups/", {"stage": "x"}), 400)


def test_startup_patches_its_profile(users):
    url = "/api/v1/startups/datamuni-spa/"
    assert_api_error(_patch(api_client("startup-b"), url, {"team_size": 2}), 403)
    assert_api_error(_patch(api_client("startup-a"), url, {"founded_year": 3000}), 400)
    response = _patch(api_client("startup-a"), url, {"team_size": 21})
    assert response.status_code == 200 and response.json()["team_size"] == 21
    assert StartupProfile.objects.get(organization__slug="datamuni-spa").team_size == 21
