"""The finance public summary on the open-data portal: percentages per year and line only."""

from __future__ import annotations

import csv
import io
from collections import defaultdict

from hublocal.core import registry
from hublocal.finance import open_data, selectors
from hublocal.opendata import services as opendata_services


def _rows(key: str) -> list[dict[str, str]]:
    ds = registry.dataset(key)
    assert ds is not None
    text = "".join(c.decode() if isinstance(c, bytes) else c for c in ds.build("csv", "")).lstrip("\ufeff")
    return list(csv.DictReader(io.StringIO(text)))


def test_rows_are_the_public_summary_in_percent(db):
    rows = _rows(open_data.KEY)
    assert rows, "the demo has income"
    shares: dict[str, float] = defaultdict(float)
    for r in rows:
        shares[r["anio"]] += float(r["participacion_pct"] or 0)
    for year, total in shares.items():
        summary = selectors.public_summary(year=int(year))
        assert summary["has_income"]
        expected = {line["code"]: line for line in summary["lines"]}
        for r in (r for r in rows if r["anio"] == year):
            line = expected[r["linea"]]
            assert r["estado"] == line["status"]
            assert r["participacion_pct"] == ("" if line["share"] is None else str(round(line["share"] * 100, 1)))
            assert r["diversificacion_anio"] == summary["checks"]["diversification"]
        assert abs(total - 100) < 1, (year, total)  # shares of a year add up to 100 %


def test_no_amount_nor_client_is_published(db):
    ds = registry.dataset(open_data.KEY)
    assert ds is not None
    opendata_services.check_publishable(ds)
    assert [f.name for f in ds.fields] == open_data.COLUMNS
    assert all(f.unit in ("", "%") for f in ds.fields)
    assert not [c for c in open_data.COLUMNS if "monto" in c or "clp" in c or "cliente" in c]
