"""A results page costs the same number of queries with 5 or 50 matching entries (and with a
suggestion when nothing matches), on the web page and in the API."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from hublocal.core import search
from hublocal.search.models import SearchEntry, stored_document

pytestmark = pytest.mark.django_db

CEILING = 10


def _add(n: int, start: int) -> None:
    rows = []
    for i in range(start, start + n):
        title = f"Inventario de bodegas número {i}"
        text = "Planilla de inventario en papel para bodegas municipales. " * 20
        rows.append(
            SearchEntry(
                type="solutions.solution" if i % 2 else "pilots.pilot",
                object_id=10_000_000 + i,
                title=title,
                summary="Inventario municipal.",
                text=text,
                url=f"/soluciones/inventario-{i}/",
                areas="|digital|" if i % 3 else "|ambiente|",
                typologies="|rural_semiurbana|",
                year=2020 + i % 5,
                digest=str(i),
                search_document=stored_document(search.document_of(title, title, "Inventario municipal.", text)),
            )
        )
    SearchEntry.objects.bulk_create(rows)


def _count(path: str, params: dict, api: bool = False) -> int:
    client = APIClient() if api else None
    with CaptureQueriesContext(connection) as ctx:
        if api:
            response = client.get(path, params)
        else:
            from django.test import Client

            response = Client().get(path, params)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("path", "params", "api"),
    [
        ("/buscar/", {"q": "inventario bodegas"}, False),
        ("/buscar/", {"q": "inventario", "area": "digital", "typology": "rural_semiurbana", "page": "2"}, False),
        ("/buscar/", {"q": "inventario zzzz papel"}, False),
        ("/api/v1/search/", {"q": "inventario bodegas", "type": "pilots.pilot"}, True),
    ],
)
def test_queries_do_not_grow_with_the_results(network, settings, path, params, api):
    settings.ANONYMOUS_PAGE_CACHE = False
    _add(5, 0)
    _count(path, params, api)  # warm-up: per-process caches (the API's declared parameters)
    small = _count(path, params, api)
    _add(45, 5)
    large = _count(path, params, api)
    assert small == large <= CEILING, (small, large)


def test_a_miss_with_a_suggestion_is_bounded(network, settings):
    settings.ANONYMOUS_PAGE_CACHE = False
    _add(5, 0)
    from hublocal.search import indexer

    indexer.recount_words()
    with CaptureQueriesContext(connection) as ctx:
        from django.test import Client

        body = Client().get("/buscar/", {"q": "inventarjo bodegs"}).content.decode()
    assert "¿Quiso decir" in body
    assert len(ctx.captured_queries) <= CEILING + 4


def test_a_long_list_stops_at_the_most_relevant(network, settings, monkeypatch):
    """Past MAX_RESULTS a list is capped (on PostgreSQL the best by title and summary are the
    ones ranked over their whole text); the total and the facets still count every match."""
    from hublocal.search import selectors

    settings.ANONYMOUS_PAGE_CACHE = False
    monkeypatch.setattr(selectors, "MAX_RESULTS", 3)
    _add(8, 0)
    data = APIClient().get("/api/v1/search/", {"q": "inventario bodegas"}).json()
    assert data["count"] == 3 and data["total"] == 8 and len(data["results"]) == 3
    assert sum(f["count"] for f in data["facets"]["type"]) == 8
    assert all(r["title"].startswith("Inventario") for r in data["results"])
    from django.test import Client

    body = Client().get("/buscar/", {"q": "inventario bodegas"}).content.decode()
    assert "8 resultados" in body and "se listan los 3 más pertinentes" in body
