"""What keeps a search cheap at any index size: totals and facets bounded by EXACT_LIMIT (said
as "more than"), the best candidates chosen by title and summary, the answer cached for
everyone until the index changes, and full-text expressions that work inside subqueries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from hublocal.core import page_cache, search
from hublocal.core.cache import bump
from hublocal.search import selectors
from hublocal.search.models import SearchEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def three(make_solution):
    return [make_solution(name=f"Patentes {where}") for where in ("Norte", "Centro", "Sur")]


def test_past_the_exact_limit_the_total_is_a_lower_bound(monkeypatch, three, client):
    monkeypatch.setattr(selectors, "EXACT_LIMIT", 2)
    results = selectors.search_entries(q="patentes")
    assert results.total == 2 and results.total_is_lower_bound is True
    # Facets count the matches read (EXACT_LIMIT + 1, the one that showed there were more).
    assert sum(v.count for v in results.facets.types) == 3
    body = client.get("/buscar/", {"q": "patentes"}).content.decode()
    assert "Más de 2 resultados" in body and "aproximados" in body
    data = APIClient().get("/api/v1/search/", {"q": "patentes"}).json()
    assert data["total"] == 2 and data["total_is_lower_bound"] is True


def test_within_the_exact_limit_the_total_is_exact(three, client):
    results = selectors.search_entries(q="patentes")
    assert results.total >= 3 and results.total_is_lower_bound is False
    assert "Más de" not in client.get("/buscar/", {"q": "patentes"}).content.decode()
    assert APIClient().get("/api/v1/search/", {"q": "patentes"}).json()["total_is_lower_bound"] is False


def test_the_listed_best_prefer_a_match_in_the_title(monkeypatch, make_solution):
    make_solution(name="Ventanilla única", summary="Trámites en línea.", problem="Renovar la patente lleva días.")
    titled = make_solution(name="Patentes al día", summary="Renovación de patentes en línea.")
    monkeypatch.setattr(selectors, "MAX_RESULTS", 1)
    results = selectors.search_entries(q="patente")
    assert results.shown == 1
    assert [e.object_id for e in results.rows if e.type == "solutions.solution"][0] == titled.pk


def test_the_answer_is_cached_until_the_index_changes(three, make_solution, settings):
    settings.ANONYMOUS_PAGE_CACHE = True  # turns on the write watcher that invalidates it
    first = selectors.search_entries(q="patentes")
    with CaptureQueriesContext(connection) as queries:
        again = selectors.search_entries(q="patentes")
    assert len(queries) == 0  # total, facets and candidates from the cache; rows are lazy
    assert again.total == first.total and again.facets == first.facets
    make_solution(name="Patentes Oriente")
    # After a commit, core.page_cache's watcher replaces the generation of the app whose table
    # was written (a test transaction never commits, so the replacement is made here).
    assert page_cache.namespace_of('INSERT INTO "search_searchentry" ("type") VALUES (%s)') == "search"
    bump("search")
    assert selectors.search_entries(q="patentes").total == first.total + 1


@pytest.mark.parametrize("setting", ["SEARCH_ANSWER_CACHE", "ANONYMOUS_PAGE_CACHE"])
def test_the_cache_is_off_when_asked_or_when_nothing_invalidates_it(three, settings, setting):
    settings.ANONYMOUS_PAGE_CACHE = True
    setattr(settings, setting, False)
    selectors.search_entries(q="patentes")
    with CaptureQueriesContext(connection) as queries:
        selectors.search_entries(q="patentes")
    assert len(queries) >= 1


def test_full_text_expressions_work_inside_a_subquery(three):
    """Django names a subquery's table with a bare alias (U0): the expressions must name it the
    same way or PostgreSQL misses it ("missing FROM-clause entry")."""
    query = selectors.stored_query(search.parse("patentes", match_all=True))
    inner = SearchEntry.objects.filter(search.Matches(query)).annotate(r=search.Rank(query)).order_by("-r", "pk")
    found = SearchEntry.objects.filter(pk__in=inner.values("pk")[:10])
    assert found.count() >= 3
    if connection.vendor == "postgresql":
        ranked = SearchEntry.objects.filter(pk__in=inner.annotate(h=selectors.HeadRank(query)).values("pk")[:10])
        assert ranked.count() >= 3
