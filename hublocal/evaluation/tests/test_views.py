"""The public dashboard, its filters and drill-downs, the staff's target form, and the API."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hublocal.evaluation import services
from hublocal.evaluation.models import IndicatorTarget

from .conftest import YEAR

pytestmark = pytest.mark.django_db


def test_dashboard_shows_the_four_indicators_with_charts_and_tables(client_for):
    response = client_for(None).get(reverse("evaluation:dashboard"))
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("Cobertura", "Cartera", "Impacto", "Articulación"):
        assert f">{name}</h2>" in html
    assert "<svg" in html and "<caption" in html
    assert reverse("evaluation:drill_down", args=["cobertura"]) in html


def test_an_unknown_filter_is_a_400_with_a_message(client_for):
    response = client_for(None).get(reverse("evaluation:dashboard"), {"typology": "rural"})
    assert response.status_code == 400
    assert "Revise los filtros" in response.content.decode()
    response = client_for(None).get(reverse("evaluation:drill_down", args=["cobertura"]), {"year": "99999"})
    assert response.status_code == 400


def test_drill_down_lists_the_municipalities_of_the_figure(small_year, client_for):
    services.compute_indicators(year=YEAR)
    url = reverse("evaluation:drill_down", args=["cobertura"])
    typology = small_year["stgo"].commune.typology
    html = client_for(None).get(url, {"year": YEAR, "typology": typology}).content.decode()
    assert reverse("directory:municipality_detail", args=[small_year["stgo"].commune.code]) in html
    assert "Ventanilla digital (prueba)" in html
    # The public does not see the non-public agreement nor the certificate; staff do.
    assert "Convenio 2019 (prueba)" not in html and "no son públicos" in html
    staff_html = client_for("staff").get(url, {"year": YEAR, "typology": typology}).content.decode()
    assert "Convenio 2019 (prueba)" in staff_html


def test_staff_set_a_target_bad_input_then_good(client_for):
    client = client_for("staff")
    url = reverse("evaluation:targets")
    bad = client.post(url, {"measure_key": "coverage_municipalities", "year": "2026", "value": "-3"})
    assert bad.status_code == 400 and "mayor o igual" in bad.content.decode()
    bad = client.post(url, {"measure_key": "articulation_obligations_kept", "year": "2026", "value": "140"})
    assert bad.status_code == 400 and "porcentaje" in bad.content.decode()
    good = client.post(url, {"measure_key": "coverage_municipalities", "year": "2026", "value": "123"})
    assert good.status_code == 302
    assert IndicatorTarget.objects.get(measure_key="coverage_municipalities", year=2026).value == 123


def test_api_lists_indicators_with_breakdowns_and_validates_filters(small_year, client_for):
    services.compute_indicators(year=YEAR)
    client = client_for(None)
    data = client.get("/api/v1/indicators/", {"year": YEAR}).json()
    assert [i["key"] for i in data["indicators"]] == ["coverage", "portfolio", "impact", "articulation"]
    coverage = data["indicators"][0]["measures"][0]
    assert coverage["key"] == "coverage_municipalities" and coverage["value"] == 2
    assert sum(coverage["breakdowns"]["typology"].values()) == 2
    one = client.get("/api/v1/indicators/articulation/", {"year": YEAR}).json()
    assert {m["key"]: m["value"] for m in one["measures"]}["articulation_obligations_kept"] == 50.0
    for bad in ({"typology": "rural"}, {"region": "99"}, {"country": "XX"}, {"year": "abc"}, {"year": "1900"}):
        assert client.get("/api/v1/indicators/", bad).status_code == 400, bad
    assert client.get("/api/v1/indicators/nada/").status_code == 404
