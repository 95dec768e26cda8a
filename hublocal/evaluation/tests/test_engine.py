"""The indicator arithmetic on small rows: every aggregate, breakdowns, filters and the
drill-down list (exactly the records a figure counts)."""

from __future__ import annotations

from hublocal.core.registry import IndicatorRow
from hublocal.evaluation import engine

COMMUNES = {
    "13101": ("Santiago", "metropolitana", "13", "CL"),
    "05101": ("Valparaíso", "mayor", "05", "CL"),
    "09201": ("Angol", "rural_semiurbana", "09", "CL"),
}


def rows(*specs):
    return engine.enrich(
        "test.source",
        [IndicatorRow(**s) for s in specs],
        commune_of_org={7: "09201"},
        communes=COMMUNES,
    )


def test_enrich_resolves_the_municipality_from_the_commune_or_the_organisation():
    out = rows(
        {"value": 1, "record_ref": "a:1", "commune_code": "13101"},
        {"value": 1, "record_ref": "a:2", "organization_id": 7, "breakdown": {"area": "digital"}},
        {"value": 1, "record_ref": "a:3", "organization_id": 99},
    )
    assert [(r["commune"], r["typology"], r["region"]) for r in out] == [
        ("13101", "metropolitana", "13"),
        ("09201", "rural_semiurbana", "09"),
        ("", "", ""),
    ]
    assert out[1]["area"] == "digital"


def test_aggregates():
    rs = rows(
        {"value": 1, "record_ref": "a:1", "commune_code": "13101"},
        {"value": 0, "record_ref": "a:2", "commune_code": "13101", "breakdown": {"area": "aps"}},
        {"value": 1, "record_ref": "a:3", "commune_code": "05101", "breakdown": {"area": "digital"}},
        {"value": 1, "record_ref": "a:3", "commune_code": "05101"},
    )
    assert engine.aggregate("distinct_municipalities", rs) == 2
    assert engine.aggregate("count", rs) == 3  # a:3 twice (two parties of one agreement)
    assert engine.aggregate("sum", rs) == 3
    assert engine.aggregate("share", rs) == 75.0
    assert engine.aggregate("mean", rs) == 0.75
    assert engine.aggregate("diversity", rs) == 2
    assert engine.aggregate("mean", []) is None
    assert engine.aggregate("share", []) is None
    assert engine.aggregate("count", []) == 0


def test_typology_gap_is_the_distance_between_the_highest_and_lowest_typology_mean():
    rs = rows(
        {"value": 60, "record_ref": "r:1", "commune_code": "13101"},
        {"value": 40, "record_ref": "r:2", "commune_code": "05101"},
        {"value": 30, "record_ref": "r:3", "commune_code": "09201"},
        {"value": 34, "record_ref": "r:4", "commune_code": "09201"},
    )
    assert engine.aggregate("typology_gap", rs) == 28.0
    assert engine.aggregate("typology_gap", rs[:1]) is None
    assert engine.breakdowns("typology_gap", rs, ["typology"])["typology"]["rural_semiurbana"] == 32.0


def test_breakdowns_and_filters_agree_with_the_headline():
    rs = rows(
        {"value": 1, "record_ref": "a:1", "commune_code": "13101"},
        {"value": 1, "record_ref": "a:2", "commune_code": "09201"},
        {"value": 1, "record_ref": "a:3", "commune_code": "09201"},
    )
    bd = engine.breakdowns("distinct_municipalities", rs, ["typology", "region"])
    assert bd["typology"] == {"metropolitana": 1.0, "rural_semiurbana": 1.0}
    assert bd["region"] == {"09": 1.0, "13": 1.0}
    rural = engine.filter_rows(rs, {"typology": "rural_semiurbana", "region": ""})
    assert engine.aggregate("distinct_municipalities", rural) == bd["typology"]["rural_semiurbana"]


def test_drill_down_lists_exactly_what_is_counted():
    rs = rows(
        {"value": 1, "record_ref": "a:1", "commune_code": "13101", "label": "uno"},
        {"value": 1, "record_ref": "b:1", "commune_code": "13101", "label": "dos"},
        {"value": 1, "record_ref": "a:2", "commune_code": "09201", "label": "tres"},
        {"value": 1, "record_ref": "a:9", "label": "sin municipio"},
    )
    munis = engine.drill_down("distinct_municipalities", rs)
    assert [m["commune"] for m in munis] == ["09201", "13101"]
    assert len(munis) == engine.aggregate("distinct_municipalities", rs)
    assert [r["ref"] for r in munis[1]["records"]] == ["a:1", "b:1"]
    records = engine.drill_down("count", rs)
    assert len(records) == engine.aggregate("count", rs) == 4
