"""The supplier-performance record on the open-data portal: the same aggregates as its page."""

from __future__ import annotations

import csv
import io

from hublocal.core import registry
from hublocal.opendata import services as opendata_services
from hublocal.pilots import open_data, selectors


def _rows(key: str) -> list[dict[str, str]]:
    ds = registry.dataset(key)
    assert ds is not None
    text = "".join(c.decode() if isinstance(c, bytes) else c for c in ds.build("csv", "")).lstrip("\ufeff")
    return list(csv.DictReader(io.StringIO(text)))


def test_one_row_per_supplier_as_on_its_page(db, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        rows = _rows(open_data.SUPPLIERS)
    summaries = {s.slug: s for s in selectors.supplier_list()}
    assert summaries, "the demo has pilots"
    assert [r["identificador"] for r in rows] == list(summaries)
    for r in rows:
        s = summaries[r["identificador"]]
        assert r["proveedor"] == s.name
        assert int(r["pilotos"]) == s.pilots_total
        assert int(r["pilotos_finalizados"]) == s.pilots_finished
        assert int(r["pilotos_en_curso"]) == s.pilots_running
        parts = ("pilotos_planificados", "pilotos_en_curso", "pilotos_finalizados", "pilotos_cancelados")
        assert sum(int(r[c]) for c in parts) == s.pilots_total
        assert (int(r["indicadores_evaluados"]), int(r["indicadores_cumplidos"])) == (
            s.indicators_total,
            s.indicators_met,
        )
        assert r["calificacion_promedio"] == ("" if s.rating_average is None else str(s.rating_average))
        assert int(r["calificaciones"]) == s.rating_count
        assert r["url"].endswith(f"/proveedores/{s.slug}/")


def test_dictionary_is_publishable_and_has_no_comment_or_person(db):
    ds = registry.dataset(open_data.SUPPLIERS)
    assert ds is not None
    opendata_services.check_publishable(ds)
    names = [f.name for f in ds.fields]
    assert names == next(open_data.supplier_rows())
    assert not [n for n in names if "comentario" in n or "nombre" in n or "correo" in n]
