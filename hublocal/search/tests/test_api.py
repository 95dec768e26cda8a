"""GET /api/v1/search/: the contract (items, facets, pagination) and 400s that name the parameter."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

URL = "/api/v1/search/"
ITEM_FIELDS = {
    "type",
    "type_label",
    "id",
    "title",
    "summary",
    "snippet",
    "url",
    "areas",
    "typologies",
    "year",
    "rank",
}


def test_results_facets_and_pagination(make_solution):
    solution = make_solution(name="Patentes Express", typologies=["mayor"])
    response = APIClient().get(URL, {"q": "patentes comerciales", "type": "solutions.solution", "page_size": 2})
    assert response.status_code == 200, response.content
    data = response.json()
    assert set(data) == {
        "count",
        "total",
        "total_is_lower_bound",
        "next",
        "previous",
        "results",
        "facets",
        "suggestion",
        "query_truncated",
    }
    assert data["count"] >= 1 and len(data["results"]) <= 2
    assert data["query_truncated"] is False and data["suggestion"] is None
    for item in data["results"]:
        assert set(item) == ITEM_FIELDS
        assert item["type"] == "solutions.solution"
        assert item["rank"] > 0
    mine = [i for i in APIClient().get(URL, {"q": "patentes express"}).json()["results"] if i["id"] == solution.pk]
    assert mine and mine[0]["url"] == f"/soluciones/{solution.slug}/"
    assert mine[0]["areas"] == ["digital"] and mine[0]["typologies"] == ["mayor"]
    assert "<mark>" in mine[0]["snippet"]
    types = {f["value"]: f for f in data["facets"]["type"]}
    assert types["solutions.solution"]["selected"] is True
    assert set(data["facets"]) == {"type", "area", "typology", "year"}


def test_a_long_query_is_used_up_to_300_characters(make_solution):
    make_solution()
    data = APIClient().get(URL, {"q": ("patentes " * 50)[:480]}).json()
    assert data["query_truncated"] is True


def test_no_match_gets_a_suggestion(make_solution):
    make_solution(summary="Telemedicina para postas rurales.")
    data = APIClient().get(URL, {"q": "telemedisina"}).json()
    assert data["count"] == 0 and data["suggestion"] == "telemedicina"


def test_private_objects_are_not_in_the_api(draft_challenge):
    data = APIClient().get(URL, {"q": "xilófonos"}).json()
    assert data["count"] == 0
    assert all(f["count"] == 0 for values in data["facets"].values() for f in values)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "q"),
        ({"q": "  "}, "q"),
        ({"q": "x" * 2000}, "q"),
        ({"q": "patentes", "type": "nada.nada"}, "type"),
        ({"q": "patentes", "area": "espacio"}, "area"),
        ({"q": "patentes", "typology": "lunar"}, "typology"),
        ({"q": "patentes", "year": "abc"}, "year"),
        ({"q": "patentes", "year": "3000"}, "year"),
        ({"q": "patentes", "page": "abc"}, "page"),
        ({"q": "patentes", "page_size": "0"}, "page_size"),
        ({"q": "patentes", "sort": "title"}, "sort"),
    ],
)
def test_bad_input_is_a_400_naming_the_parameter(network, params, field):
    response = APIClient().get(URL, params)
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["detail"] and field in str(body["errors"]) or field in body["detail"]


def test_a_page_past_the_end_is_not_found(network):
    response = APIClient().get(URL, {"q": "municipalidad", "page": 9999})
    assert response.status_code == 404
    assert response.json()["detail"] == "Esa página no existe."


def test_the_answer_is_the_same_signed_in(users, make_solution):
    make_solution()
    anonymous = APIClient().get(URL, {"q": "patentes"}).json()
    client = APIClient()
    client.force_authenticate(users["staff"])
    assert client.get(URL, {"q": "patentes"}).json() == anonymous
