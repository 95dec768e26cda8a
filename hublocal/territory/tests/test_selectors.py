import pytest

from hublocal.territory import selectors as territory_selectors
from hublocal.territory.models import Typology

from .factories import ForeignCommuneFactory


def test_official_file_has_the_whole_country():
    data = territory_selectors.official_dpa()
    assert (len(data["regions"]), len(data["provinces"]), len(data["communes"])) == (16, 56, 345)
    assert len({c["code"] for c in data["communes"]}) == 345


def test_regions_run_north_to_south(territory):
    codes = [r.code for r in territory_selectors.region_list()]
    assert len(codes) == 16
    assert codes[0] == "15"  # Arica y Parinacota
    assert codes[-1] == "12"  # Magallanes
    assert codes.index("13") == codes.index("05") + 1  # Metropolitana right after Valparaíso


def test_province_list_filters_by_region(territory):
    assert territory_selectors.province_list().count() == 56
    assert [p.name for p in territory_selectors.province_list(region="16")] == ["Diguillín", "Itata", "Punilla"]


def test_commune_list_filters(territory):
    assert territory_selectors.commune_list().count() == 345
    assert territory_selectors.commune_list(region="13").count() == 52
    assert territory_selectors.commune_list(province="131").count() == 32
    assert territory_selectors.commune_list(country="cl").count() == 345
    assert territory_selectors.commune_list(typology=Typology.SIN_CLASIFICAR).count() == 345
    assert territory_selectors.commune_list(typology=Typology.MAYOR).count() == 0


@pytest.mark.parametrize(
    ("query", "code"),
    [("nunoa", "13120"), ("ÑUÑOA", "13120"), ("  Ñuñoa ", "13120"), ("concepcion", "08101"), ("13101", "13101")],
)
def test_commune_search_ignores_accents_and_case(territory, query, code):
    assert code in [c.code for c in territory_selectors.commune_list(q=query)]


def test_commune_search_matches_part_of_a_name(territory):
    names = {c.name for c in territory_selectors.commune_list(q="san pedro")}
    assert names == {"San Pedro", "San Pedro de Atacama", "San Pedro de la Paz"}


def test_commune_search_combines_with_region(territory):
    assert [c.code for c in territory_selectors.commune_list(region="08", q="san pedro")] == ["08108"]


def test_commune_get(territory):
    commune = territory_selectors.commune_get(code="13120")
    assert (commune.name, commune.region.code, commune.province.code) == ("Ñuñoa", "13", "131")
    assert territory_selectors.commune_get(code="00000") is None


def test_counts_leave_foreign_municipalities_out(territory):
    ForeignCommuneFactory(typology=Typology.MAYOR)

    assert territory_selectors.commune_count_chile() == 345
    counts = territory_selectors.typology_counts()
    assert set(counts) == set(Typology.values)
    assert counts[Typology.SIN_CLASIFICAR] == 345
    assert counts[Typology.MAYOR] == 0


def test_map_shapes_cover_every_commune_in_one_query(territory, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        shapes = territory_selectors.chile_map_shapes()
    # The DPA 2023 layer has no polygon for Antártica (12202), so every loaded commune is drawn.
    assert {s.code for s in shapes} == {c.code for c in territory_selectors.commune_list(country="CL")}
    assert all(s.path.startswith("M") for s in shapes)
    assert shapes[0].typology_label == "Sin clasificar"
