from __future__ import annotations

import pytest

from hublocal.solutions import demo, selectors, services

from .factories import org, solution

pytestmark = pytest.mark.django_db


def _slugs(qs) -> list[str]:
    return list(qs.values_list("slug", flat=True))


def test_demo_catalogue_is_large_and_covers_every_area(network):
    published = selectors.catalogue()
    assert published.count() >= 45
    assert set(published.values_list("area", flat=True)) == {
        "seguridad",
        "aps",
        "capital_humano",
        "ambiente",
        "digital",
    }
    assert len(demo.content()["solutions"]) == published.filter(is_demo=True).count()
    patentes = selectors.solution_get_by_slug(slug="patentes-en-linea")
    assert patentes.organization.slug == "datamuni-spa" and patentes.area == "digital"
    tramite = selectors.solution_get_by_slug(slug="tramite-facil-municipal")
    assert tramite.organization.slug == "tramite-facil-spa" and tramite.terms


def test_without_query_the_catalogue_is_by_name(network):
    names = list(selectors.catalogue(area="aps").values_list("search_name", flat=True))
    assert names == sorted(names) and len(names) >= 5


@pytest.mark.parametrize(
    ("filters", "check"),
    [
        ({"area": "seguridad"}, lambda s: s.area == "seguridad"),
        ({"deployment": "hardware"}, lambda s: s.deployment == "hardware"),
        ({"pricing_model": "free"}, lambda s: s.pricing_model == "free"),
        ({"stage": "scaling"}, lambda s: s.organization.startup_profile.stage == "scaling"),
        ({"startup": "tramite-facil-spa"}, lambda s: s.organization.slug == "tramite-facil-spa"),
        # An empty typology list means "any municipality", so those solutions fit every typology.
        ({"typology": "rural_semiurbana"}, lambda s: s.typologies == [] or "rural_semiurbana" in s.typologies),
    ],
)
def test_each_filter_keeps_only_matching_solutions(network, filters, check):
    found = list(selectors.catalogue(**filters))
    assert found, filters
    assert all(check(s) for s in found)
    assert len(found) < selectors.catalogue().count()


def test_typology_filter_includes_listed_and_universal_but_not_others(network):
    slugs = set(_slugs(selectors.catalogue(typology="rural_semiurbana")))
    assert "telemedicina-rural" in slugs  # lists rural_semiurbana
    assert "mentorias-entre-municipios" in slugs  # serves any typology
    assert "videovigilancia-con-analitica" not in slugs  # metropolitan and large only


def test_search_finds_synonyms_ranked_first(network):
    """ "licencias de funcionamiento" is how many officials say "patentes comerciales"."""
    ranked = _slugs(selectors.catalogue(q="licencias de funcionamiento"))
    assert ranked[0] == "patentes-en-linea"


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("oirs", "oirs-digital"),
        ("reclamos de vecinos", "oirs-digital"),
        ("basurales en quebradas", "alerta-de-microbasurales"),
        ("telemedicina posta rural", "telemedicina-rural"),
        ("capacitacion funcionarios", "aula-municipal"),
    ],
)
def test_search_is_accent_and_inflection_insensitive(network, q, expected):
    assert expected in _slugs(selectors.catalogue(q=q))[:3]


def test_search_combines_with_filters(network):
    assert _slugs(selectors.catalogue(q="patentes", area="aps")) == []
    assert "patentes-en-linea" in _slugs(selectors.catalogue(q="patentes", area="digital"))


def test_search_falls_back_to_name_substring(network):
    assert "telegestion-de-alumbrado-publico" in _slugs(selectors.catalogue(q="telegest"))


def test_drafts_only_for_owner_and_hub(users):
    draft = solution(users["startup-a"], org("datamuni-spa"), name="Borrador Secreto", is_published=False)
    assert draft.slug not in _slugs(selectors.catalogue())
    for username, sees in [("startup-a", True), ("staff", True), ("analista", True), ("startup-b", False)]:
        visible = _slugs(selectors.catalogue(viewer=users[username], published_only=False, q="borrador secreto"))
        assert (draft.slug in visible) is sees, username
    assert draft.slug not in _slugs(selectors.catalogue(viewer=None, published_only=False))


def test_unpublishing_removes_from_search(users):
    patentes = selectors.solution_get_by_slug(slug="patentes-en-linea")
    services.solution_set_published(actor=users["startup-a"], solution=patentes, is_published=False)
    assert "patentes-en-linea" not in _slugs(selectors.catalogue(q="patentes comerciales"))


def test_startup_list_counts_published_solutions_and_filters(network):
    by_slug = {p.organization.slug: p for p in selectors.startup_list()}
    assert {"datamuni-spa", "tramite-facil-spa"} <= set(by_slug)
    assert len(by_slug) >= 8
    assert by_slug["datamuni-spa"].solution_count == selectors.catalogue(startup="datamuni-spa").count()
    aps = {p.organization.slug for p in selectors.startup_list(area="aps")}
    assert "cesfam-conecta" in aps and "datamuni-spa" not in aps
    assert {p.stage for p in selectors.startup_list(stage="mvp")} == {"mvp"}
    assert [p.organization.slug for p in selectors.startup_list(q="tramite")] == ["tramite-facil-spa"]


def test_startup_get(network):
    organization, profile = selectors.startup_get(slug="datamuni-spa")
    assert organization.slug == "datamuni-spa" and profile.stage == "scaling"
    assert selectors.startup_get(slug="municipalidad-santiago") is None
    assert selectors.startup_get(slug="no-existe") is None


def test_catalogue_query_count_does_not_grow(users, django_assert_max_num_queries):
    for i in range(30):
        solution(users["staff"], org("reciclapp"), name=f"Solución de prueba {i}", area="ambiente")
    with django_assert_max_num_queries(2):
        page = list(selectors.catalogue(area="ambiente")[:20])
        assert [s.organization.startup_profile.stage for s in page]
