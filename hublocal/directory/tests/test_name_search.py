"""Name search of municipalities, organisations and people: accent-insensitive substrings of
the folded `search_name`, the RUT as an exact match, and on PostgreSQL a trigram GIN index
behind each `LIKE '%…%'` (core.search.CreateTrigramIndex)."""

from __future__ import annotations

import pytest
from django.db import connection

from hublocal.directory import selectors
from hublocal.territory import selectors as territory_selectors

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("q", ["peñalolen", "PENALOLÉN", "ñalol"])
def test_commune_and_municipality_names_ignore_accents_and_case(network, q):
    assert [c.name for c in territory_selectors.commune_list(country="CL", q=q)] == ["Peñalolén"]
    assert "Municipalidad de Peñalolén" in [o.name for o in selectors.organization_list(kind="municipality", q=q)]


def test_municipality_page_search(client, network):
    response = client.get("/municipios/", {"q": "peñalolen"})
    assert response.status_code == 200
    assert "Peñalolén" in response.content.decode()
    assert client.get("/municipios/", {"q": "%_'\"*:&|!("}).status_code == 200


def test_rut_is_an_exact_match(network):
    found = list(selectors.organization_list(q="76.543.210-3"))
    assert len(found) == 1 and found[0].slug == "datamuni-spa"
    assert list(selectors.organization_list(q="76.543.210")) == []


def test_people_by_name_without_accents(users):
    found = selectors.person_list(viewer=users["staff"], q="valentina munoz")
    assert [p.full_name for p in found] == ["Valentina Muñoz (demo)"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's trigram indexes")
@pytest.mark.parametrize(
    ("qs", "index"),
    [
        (lambda: selectors.organization_list(q="andes"), "directory_organization_search_name_trgm"),
        (lambda: selectors.person_list(viewer=None, q="andes"), "directory_person_search_name_trgm"),
        (lambda: territory_selectors.commune_list(q="andes"), "territory_commune_search_name_trgm"),
    ],
)
def test_postgresql_name_search_uses_a_trigram_index(network, qs, index):
    with connection.cursor() as cursor:
        # The test tables are small: make every plan but an index condition look too expensive.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        sql, params = qs().query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert index in plan
