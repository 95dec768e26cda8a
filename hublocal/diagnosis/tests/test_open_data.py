"""The diagnosis ranking on the open-data portal: places with ties, scores only."""

from __future__ import annotations

import csv
import io
from typing import Any

from hublocal.core import registry
from hublocal.diagnosis import open_data, selectors
from hublocal.diagnosis.models import Result
from hublocal.opendata import services as opendata_services


def _rows(key: str) -> list[dict[str, str]]:
    ds = registry.dataset(key)
    assert ds is not None
    text = "".join(c.decode() if isinstance(c, bytes) else c for c in ds.build("csv", "")).lstrip("\ufeff")
    return list(csv.DictReader(io.StringIO(text)))


class _Values:
    def __init__(self, rows: list[tuple[Any, ...]]) -> None:
        self.rows = rows

    def iterator(self, chunk_size: int = 0) -> Any:
        return iter(self.rows)


def test_ties_share_the_place_and_each_campaign_starts_at_one(db, monkeypatch):
    rows = [
        (1, "Campaña A", False, "05101", "Valparaíso", "05", "T1", 80.0, 4, None),
        (1, "Campaña A", False, "13101", "Santiago", "13", "T1", 70.5, 3, None),
        (1, "Campaña A", False, "13102", "Cerrillos", "13", "T2", 70.5, 3, None),
        (1, "Campaña A", False, "13103", "Cerro Navia", "13", "T3", 40.0, 2, None),
        (2, "Campaña B", True, "05101", "Valparaíso", "05", "T1", 55.0, 3, None),
    ]
    monkeypatch.setattr(selectors, "ranking_values", lambda: _Values([r[:9] for r in rows]))
    out = _rows(open_data.RANKING)
    assert [(r["campana_id"], r["puesto"], r["codigo_comuna"]) for r in out] == [
        ("1", "1", "05101"),
        ("1", "2", "13101"),
        ("1", "2", "13102"),
        ("1", "4", "13103"),
        ("2", "1", "05101"),
    ]
    assert out[0]["indice_general"] == "80" and out[1]["indice_general"] == "70.5"
    assert out[0]["nivel"] == "4" and out[0]["nivel_nombre"] == "Avanzado"
    assert out[0]["region"] == "Valparaíso" and out[4]["demo"] == "1"


def test_demo_ranking_matches_the_published_results(db, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        out = _rows(open_data.RANKING)
    expected = Result.objects.filter(campaign__results_public=True, overall__isnull=False).count()
    assert expected and len(out) == expected
    for prev, row in zip(out, out[1:], strict=False):
        if prev["campana_id"] == row["campana_id"]:
            assert float(prev["indice_general"]) >= float(row["indice_general"])
            assert int(row["puesto"]) >= int(prev["puesto"])
        else:
            assert row["puesto"] == "1"


def test_dictionary_is_publishable_and_has_no_answer_nor_person(db):
    ds = registry.dataset(open_data.RANKING)
    assert ds is not None
    opendata_services.check_publishable(ds)
    assert [f.name for f in ds.fields] == open_data.COLUMNS
    assert not [c for c in open_data.COLUMNS if "respuesta" in c or "usuario" in c or "correo" in c]
