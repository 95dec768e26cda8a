"""Peers (diagnosis.neighbours) on a small known fixture: standardisation, the distance over the
features both communes have, the categorical terms, the reasons in words, and the cache."""

from __future__ import annotations

import math
from types import SimpleNamespace

import pytest

from hublocal.diagnosis import neighbours

# code, name, typology, region, country
FACTS = [
    ("A", "Alfa", "metropolitana", "13", "CL"),
    ("B", "Beta", "metropolitana", "13", "CL"),  # A's twin in profile and indicators
    ("C", "Gama", "rural_semiurbana", "09", "CL"),  # same profile as A, other typology and region
    ("D", "Delta", "metropolitana", "13", "CL"),  # same typology/region, very different profile
    ("E", "Épsilon", "metropolitana", "13", "CL"),  # never diagnosed, no indicators
    ("F", "Foz", "metropolitana", "", "BR"),  # B's profile, another country
]
PROFILES = [
    ("A", "digital", {"d1": 80.0, "d2": 60.0}),
    ("B", "digital", {"d1": 78.0, "d2": 62.0}),
    ("C", "digital", {"d1": 80.0, "d2": 60.0}),
    ("D", "digital", {"d1": 10.0, "d2": 5.0}),
    ("F", "digital", {"d1": 78.0, "d2": 62.0}),
]
INDICATORS = {"A": {"poblacion": 400000.0}, "B": {"poblacion": 380000.0}, "C": {"poblacion": 5000.0}}


@pytest.fixture
def fixture_data(monkeypatch, settings):
    settings.DIAGNOSIS_AGGREGATE_CACHE = True  # the memo is what one test measures
    monkeypatch.setattr(neighbours.territory_selectors, "commune_facts", lambda: FACTS)
    monkeypatch.setattr(neighbours.selectors, "latest_public_profiles", lambda: iter(PROFILES))
    monkeypatch.setattr(
        neighbours.territory_selectors,
        "indicator_definitions",
        lambda: [SimpleNamespace(code="poblacion", label="Población", scale="log")],
    )
    monkeypatch.setattr(neighbours.territory_selectors, "indicator_latest_values", lambda: INDICATORS)
    neighbours._MEMO.clear()
    yield
    neighbours._MEMO.clear()


def test_standardised_features_and_groups(fixture_data):
    m = neighbours._build()
    assert m.features == ["area:digital:d1", "area:digital:d2", "ind:poblacion"]
    # Population is compared on a log scale, then standardised: mean 0 over the three that have it.
    mask, row = m.vectors[m.index["A"]]
    assert mask == (0, 1, 2)
    zs = [m.vectors[m.index[c]][1][2] for c in "ABC"]
    assert sum(zs) == pytest.approx(0.0, abs=1e-9)
    # E has no numeric feature: its own group, no vector.
    assert m.index["E"] not in m.vectors and any(key[0] == () for key in m.groups)


def test_nearest_order_distance_and_reasons(fixture_data, db):
    found = neighbours.peers(commune_code="A", k=5)
    assert found is not None and found.features == 3
    codes = [p.code for p in found.peers]
    # The twin first; C shares the profile but not typology, region or size; D and E share only
    # typology and region (E's unknown profile counts as an average difference, D is far).
    assert codes[0] == "B"
    assert set(codes) == {"B", "C", "D", "E", "F"}
    by_code = {p.code: p for p in found.peers}
    assert by_code["B"].distance < by_code["C"].distance
    assert by_code["B"].distance < by_code["D"].distance
    assert by_code["B"].reasons[:2] == ["misma tipología", "misma región"]
    assert "perfil de madurez parecido en transformación digital" in by_code["B"].reasons
    assert "población similar" in by_code["B"].reasons
    assert "perfil de madurez parecido en transformación digital" in by_code["C"].reasons
    assert "misma tipología" not in by_code["C"].reasons and "población similar" not in by_code["C"].reasons
    assert "perfil de madurez parecido en transformación digital" not in by_code["D"].reasons
    assert by_code["B"].indicators == {"poblacion": 380000.0}
    # F has B's profile but lies in another country and has no size: after B, without the
    # categorical reasons.
    assert by_code["F"].distance > by_code["B"].distance
    assert by_code["F"].reasons == ["misma tipología", "perfil de madurez parecido en transformación digital"]


def test_distance_formula(fixture_data, db):
    m = neighbours.matrix()
    a, b = m.index["A"], m.index["E"]
    got = {j: d for d, j in neighbours.nearest(m, a, 5)}
    # E lacks all 3 features of A: 3 × MISSING, same typology, region and country, over 3 + weights.
    weights = neighbours.TYPOLOGY_WEIGHT + neighbours.REGION_WEIGHT + neighbours.COUNTRY_WEIGHT
    expected = math.sqrt(3 * neighbours.MISSING / (3 + weights))
    assert got[b] == pytest.approx(expected)


def test_commune_without_data_gets_peers_by_typology_and_region(fixture_data, db):
    found = neighbours.peers(commune_code="E", k=2)
    assert found is not None and found.features == 0
    assert {p.code for p in found.peers} <= {"A", "B", "D"}
    assert all("misma tipología" in p.reasons for p in found.peers)


def test_unknown_commune_and_k_bounds(fixture_data, db):
    assert neighbours.peers(commune_code="ZZ") is None
    assert len(neighbours.peers(commune_code="A", k=1).peers) == 1
    assert len(neighbours.peers(commune_code="A", k=999).peers) == 5  # capped by the data


def test_matrix_is_memoised_until_a_generation_changes(fixture_data, db, django_assert_num_queries):
    from hublocal.core.cache import bump

    first = neighbours.matrix()
    with django_assert_num_queries(1):  # the published scores' fingerprint
        assert neighbours.matrix() is first
    bump("diagnosis")  # e.g. an answer saved somewhere: the published scores did not change
    assert neighbours.matrix() is first
    bump("territory")  # e.g. an indicator import
    assert neighbours.matrix() is not first


def test_a_change_is_rebuilt_by_the_queue_while_the_previous_matrix_answers(
    fixture_data, db, django_capture_on_commit_callbacks
):
    from django.core.cache import cache

    from hublocal.core.cache import bump

    cache.clear()
    first = neighbours.matrix()  # cold start: built in the request
    bump("territory")
    neighbours._MEMO.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert neighbours.matrix() is not None
        assert neighbours.matrix().features == first.features  # the previous one, at once
    assert len(callbacks) == 1  # one rebuild queued, not one per request
    callbacks[0]()  # the task queue (immediate in tests) rebuilds it
    rebuilt = cache.get(neighbours.matrix_key())
    assert rebuilt is not None
    neighbours._MEMO.clear()
    assert neighbours.matrix().features == rebuilt.features
