"""The catalogue's search box through the database's full-text engine (core.search), on SQLite
(FTS5) and PostgreSQL (tsvector + GIN) alike."""

from __future__ import annotations

import pytest
from django.db import connection

from hublocal.core import search
from hublocal.solutions import selectors, services
from hublocal.solutions.models import Solution

from .factories import org, solution

pytestmark = pytest.mark.django_db

PUNCTUATION = ['"', "*", "'", ":", "&", "|", "!", "(", ")", "\\", "%", "_", "'; --", ':*"&|!(']


def _slugs(qs) -> list[str]:
    return list(qs.values_list("slug", flat=True))


@pytest.fixture
def staff(users):
    return users["staff"]


def test_relevance_orders_the_results(staff):
    startup = org("reciclapp")
    once = solution(staff, startup, name="Bitácora de terreno", problem="Incluye un módulo de compostaje vecinal.")
    often = solution(
        staff,
        startup,
        name="Compostaje comunitario",
        summary="Compostaje en cada barrio con seguimiento del compostaje.",
        problem="El compostaje domiciliario no se mide y los residuos orgánicos van al relleno.",
        area="ambiente",
    )
    solution(staff, startup, name="Inventario de luminarias", problem="Recambio de luminarias de la comuna.")
    ranked = _slugs(selectors.catalogue(q="compostaje"))
    assert ranked.index(often.slug) < ranked.index(once.slug)
    assert all(s in ranked for s in (often.slug, once.slug))
    assert "inventario-de-luminarias" not in ranked


def test_accents_inflections_and_synonyms(staff):
    found = solution(
        staff,
        org("datamuni-spa"),
        name="Ventanilla de comercio",
        problem="Tramitar licencias de funcionamiento toma semanas en la municipalidad.",
        area="digital",
    )
    for q in ("patentes comerciales", "LICENCIA DE FUNCIONAMIENTO", "Ventanílla"):
        assert found.slug in _slugs(selectors.catalogue(q=q)), q


def test_filters_combine_with_the_query(staff):
    startup = org("reciclapp")
    green = solution(staff, startup, name="Sensores de contenedores", problem="Contenedores llenos.", area="ambiente")
    safe = solution(staff, startup, name="Contenedores seguros", problem="Contenedores vandalizados.")
    in_ambiente = _slugs(selectors.catalogue(q="contenedores", area="ambiente"))
    assert green.slug in in_ambiente and safe.slug not in in_ambiente
    assert safe.slug in _slugs(selectors.catalogue(q="contenedores", area="seguridad"))
    assert _slugs(selectors.catalogue(q="contenedores", area="aps")) == []
    assert green.slug in _slugs(selectors.catalogue(q="contenedores", startup="reciclapp", deployment="mobile"))


def test_every_word_must_be_there_else_any_word(staff):
    startup = org("reciclapp")
    both = solution(staff, startup, name="Luminarias eficientes", problem="Recambio por luminarias eficientes.")
    one = solution(staff, startup, name="Luminarias solares", problem="Postes con panel solar.")
    assert both.slug in _slugs(selectors.catalogue(q="luminarias eficientes"))
    assert one.slug not in _slugs(selectors.catalogue(q="luminarias eficientes"))
    # No solution has both words: those with one of them, rather than nothing.
    fallback = _slugs(selectors.catalogue(q="luminarias xqzwy"))
    assert both.slug in fallback and one.slug in fallback
    # Three words, none with all three: those with two of them, not those with one.
    two_of_three = _slugs(selectors.catalogue(q="luminarias eficientes xqzwy"))
    assert both.slug in two_of_three and one.slug not in two_of_three


@pytest.mark.parametrize("q", PUNCTUATION)
def test_punctuation_and_syntax_never_break_the_search(network, q):
    assert isinstance(list(selectors.catalogue(q=q)), list)
    assert isinstance(list(selectors.catalogue(q=f"patentes {q} oirs")), list)
    assert "patentes-en-linea" in _slugs(selectors.catalogue(q=f"{q}licencias{q} de funcionamiento{q}"))


@pytest.mark.parametrize("q", ['"', "*'", ":&|!(", "de la", "patentes ( oirs"])
def test_punctuation_on_the_page_and_the_api(client, q):
    assert client.get("/soluciones/", {"q": q}).status_code == 200
    assert client.get("/api/v1/solutions/", {"q": q}).status_code == 200


def test_stop_words_only_search_names(network):
    # "de" analyses to nothing: the names that contain the text are the result.
    found = list(selectors.catalogue(q="De "))
    assert found and all("de" in s.search_name for s in found)


def test_an_edit_reindexes_the_solution(staff):
    item = solution(staff, org("reciclapp"), name="Bitácora de inspección")
    services.solution_update(
        actor=staff, solution=item, data={"name": "Fiscalizador de ferias libres"}, expected_version=None
    )
    assert item.slug in _slugs(selectors.catalogue(q="ferias libres"))
    assert item.slug not in _slugs(selectors.catalogue(q="bitácora"))
    services.solution_set_published(actor=staff, solution=item, is_published=False)
    assert item.slug not in _slugs(selectors.catalogue(q="ferias libres"))


def test_bulk_created_and_deleted_rows_follow_the_index(staff):
    """bulk_create bypasses save(): the database keeps the index from `search_document`."""
    terms = ["zanjon", "_reciclaje"]
    row = Solution(
        organization=org("reciclapp"),
        slug="carga-masiva",
        name="Carga masiva",
        summary="-",
        problem="-",
        area="ambiente",
        deployment="cloud",
        pricing_model="free",
        terms=terms,
        search_name="carga masiva",
        search_document=search.document(terms),
    )
    (created,) = Solution.objects.bulk_create([row])
    assert search.ranked_ids(Solution, "zanjón", limit=5) == [created.pk]
    Solution.objects.filter(pk=created.pk).update(search_document="otro")
    assert search.ranked_ids(Solution, "zanjón", limit=5) == []
    Solution.objects.filter(pk=created.pk).delete()
    assert search.ranked_ids(Solution, "otro", limit=5) == []


def test_ranked_ids_are_best_first_and_limited(network):
    ids = selectors.ranked_solution_ids("licencias de funcionamiento", limit=1)
    assert len(ids) == 1
    assert selectors.solution_get(pk=ids[0]).slug == "patentes-en-linea"


def test_catalogue_search_query_count_does_not_grow(users, django_assert_max_num_queries):
    def page() -> int:
        qs = selectors.catalogue(q="compostaje barrio")
        total = qs.count()
        rows = list(qs[:20])
        assert [s.organization.startup_profile.stage for s in rows]
        return total

    for i in range(3):
        solution(users["staff"], org("reciclapp"), name=f"Compostaje de barrio {i}", area="ambiente")
    with django_assert_max_num_queries(3):  # all-words check, count, page
        assert page() == 3
    for i in range(3, 30):
        solution(users["staff"], org("reciclapp"), name=f"Compostaje de barrio {i}", area="ambiente")
    with django_assert_max_num_queries(3):
        assert page() == 30


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 triggers")
def test_dropped_sqlite_triggers_are_recreated_after_migrate(staff):
    with connection.cursor() as cursor:
        cursor.execute('DROP TRIGGER "solutions_solution_fts_ai"')
    item = solution(staff, org("reciclapp"), name="Escrito a mano", problem="Sin disparador.")
    assert item.slug not in _slugs(selectors.catalogue(q="disparador"))
    search.ensure_sqlite_triggers(using="default")
    assert item.slug in _slugs(selectors.catalogue(q="disparador"))  # rebuilt from the table
    again = solution(staff, org("reciclapp"), name="Otro escrito", problem="Con disparador.")
    assert again.slug in _slugs(selectors.catalogue(q="disparador"))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plan")
def test_postgresql_uses_the_gin_index():
    with connection.cursor() as cursor:
        # The test tables are tiny: make every plan but an index condition look too expensive.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        sql, params = search.search(Solution.objects.all(), "compostaje").query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "solutions_solution_search_gin" in plan


def test_reanalyse_solutions_refreshes_stale_terms(staff):
    from io import StringIO

    from django.core.management import call_command

    item = solution(staff, org("reciclapp"), name="Bitácora de compostaje")
    Solution.objects.filter(pk=item.pk).update(terms=["viejo"], search_document="viejo")
    assert item.slug not in _slugs(selectors.catalogue(q="compostaje bitacora"))
    out = StringIO()
    call_command("reanalyse_solutions", stdout=out)
    assert "soluciones actualizadas" in out.getvalue()
    assert item.slug in _slugs(selectors.catalogue(q="compostaje bitacora"))
    assert Solution.objects.get(pk=item.pk).search_document == search.document(Solution.objects.get(pk=item.pk).terms)
