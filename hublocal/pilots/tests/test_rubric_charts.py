"""The rubric file validates and loads (cached); the SVG chart is accessible and CSP-safe."""

from __future__ import annotations

import copy
from datetime import date

import pytest
import yaml

from hublocal.pilots import charts, rubric


def _data() -> dict:
    return yaml.safe_load((rubric.directory() / "v1.yaml").read_text(encoding="utf-8"))


def test_v1_loads_with_five_criteria():
    r = rubric.load()
    assert r is rubric.load(1)  # cached
    assert r.version == 1 and len(r.criteria) == 5
    assert "costo_beneficio" in r.criterion_ids
    assert r.label_for(5) == "Excelente"


@pytest.mark.parametrize(
    ("mutate", "needle"),
    [
        (lambda d: d["criteria"].append(dict(d["criteria"][0])), "repetidos"),
        (lambda d: d["scale"]["labels"].__setitem__(4, {"value": 4, "label": "Otra"}), "escala"),
        (lambda d: d.pop("criteria"), "criteria"),
        (lambda d: d["criteria"][0].__setitem__("id", "Con Espacios"), "criteria/0/id"),
        (lambda d: d["scale"].__setitem__("max", 7), "scale/max"),
    ],
)
def test_invalid_rubrics_are_refused(mutate, needle):
    data = copy.deepcopy(_data())
    mutate(data)
    with pytest.raises(rubric.RubricError) as exc:
        rubric.parse(data)
    assert any(needle in e for e in exc.value.errors), exc.value.errors


def test_unknown_version_is_an_error():
    with pytest.raises(rubric.RubricError):
        rubric.load(99)


def test_line_chart_is_accessible_and_without_inline_style():
    svg = charts.line_chart(
        points=[(date(2026, 1, 31), 11.0), (date(2026, 2, 28), 7.5), (date(2026, 3, 31), 6.0)],
        baseline=12,
        target=5,
        unit="días",
        title="Evolución de <tiempo>",
        dom_id="g1",
        start=date(2026, 1, 1),
    )
    assert svg.startswith("<svg") and 'role="img"' in svg and 'aria-labelledby="g1-title g1-desc"' in svg
    assert '<title id="g1-title">Evolución de &lt;tiempo&gt;</title>' in svg
    assert "style" not in svg and "<script" not in svg
    assert svg.count("<circle") == 3 and "<polyline" in svg
    assert 'stroke-dasharray="2 4"' in svg and 'stroke-dasharray="8 4"' in svg  # baseline and target differ by dash


def test_line_chart_without_measurements():
    svg = charts.line_chart(points=[], baseline=0, target=50, unit="%", title="Sin datos", dom_id="g2")
    assert "Sin mediciones todavía" in svg and "<circle" not in svg
