"""Indicator definitions: the shipped files load, and a broken file is refused with every problem
named (schema, unknown sources, duplicates)."""

from __future__ import annotations

from pathlib import Path

import pytest

from hublocal.core import registry
from hublocal.evaluation import definitions

GOOD = {
    "key": "coverage",
    "slug": "cobertura",
    "version": 1,
    "name": "Cobertura",
    "method": "Municipios distintos atendidos en el año por algún servicio.",
    "measures": [
        {
            "key": "coverage_municipalities",
            "name": "Municipios atendidos",
            "unit": "municipios",
            "aggregate": "distinct_municipalities",
            "sources": ["replications.replications"],
            "breakdowns": ["typology"],
        }
    ],
}


def test_shipped_definitions_load_and_name_registered_sources():
    loaded = definitions.load_dir(definitions.content_dir())
    assert [i.key for i in loaded] == ["coverage", "portfolio", "impact", "articulation"]
    for indicator in loaded:
        for m in indicator.measures:
            assert all(registry.indicator_source(s) is not None for s in m.sources), m.key
    assert definitions.indicator("cobertura").headline.key == "coverage_municipalities"


def test_every_measured_app_registers_its_sources():
    keys = {s.key for s in registry.indicator_sources()}
    for app in (
        "diagnosis",
        "pilots",
        "certificates",
        "training",
        "assistance",
        "replications",
        "agreements",
        "articulation",
        "projects",
        "library",
    ):
        assert any(k.startswith(app + ".") for k in keys), app


def test_a_valid_definition_parses():
    indicator = definitions.parse(GOOD)
    assert indicator.measures[0].sources == ("replications.replications",)
    assert indicator.measures[0].indicator_key == "coverage"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"version": 0}, "version"),
        ({"method": "corto"}, "method"),
        ({"extra": 1}, "Additional properties"),
        ({"measures": []}, "measures"),
        ({"measures": [{**GOOD["measures"][0], "aggregate": "median"}]}, "median"),
        ({"measures": [{**GOOD["measures"][0], "breakdowns": ["comuna"]}]}, "comuna"),
        ({"measures": [{**GOOD["measures"][0], "sources": ["nadie.registro"]}]}, "unknown source 'nadie.registro'"),
        ({"measures": [GOOD["measures"][0], GOOD["measures"][0]]}, "duplicate measure"),
    ],
)
def test_a_broken_definition_is_refused_with_its_problem(change, expected):
    with pytest.raises(definitions.DefinitionError) as exc:
        definitions.parse({**GOOD, **change}, source="x.yaml")
    assert any(expected in e for e in exc.value.errors), exc.value.errors


def test_required_fields_are_all_reported():
    data = {k: v for k, v in GOOD.items() if k not in ("name", "slug")}
    with pytest.raises(definitions.DefinitionError) as exc:
        definitions.parse(data)
    text = " ".join(exc.value.errors)
    assert "'name' is a required property" in text and "'slug' is a required property" in text


def test_a_directory_with_duplicate_keys_or_bad_yaml_is_refused(tmp_path: Path):
    import yaml

    (tmp_path / "a.yaml").write_text(yaml.safe_dump(GOOD), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(yaml.safe_dump({**GOOD, "slug": "otra"}), encoding="utf-8")
    with pytest.raises(definitions.DefinitionError) as exc:
        definitions.load_dir(tmp_path)
    assert "duplicate indicator key 'coverage'" in exc.value.errors
    (tmp_path / "b.yaml").write_text("key: [sin cerrar", encoding="utf-8")
    with pytest.raises(definitions.DefinitionError, match="not valid YAML"):
        definitions.load_dir(tmp_path)
