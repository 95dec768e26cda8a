"""Calls on the open-data portal: one row per call made public, never a draft."""

from __future__ import annotations

import csv
import io

from hublocal.core import registry
from hublocal.innovation import open_data
from hublocal.innovation.models import Call, Criterion
from hublocal.opendata import services as opendata_services
from hublocal.pilots.tests import factories


def _rows(key: str) -> list[dict[str, str]]:
    ds = registry.dataset(key)
    assert ds is not None
    text = "".join(c.decode() if isinstance(c, bytes) else c for c in ds.build("csv", "")).lstrip("\ufeff")
    return list(csv.DictReader(io.StringIO(text)))


def test_public_calls_with_challenges_and_criteria(db, django_assert_max_num_queries):
    published = factories.call(title="Convocatoria abierta de prueba")
    draft = factories.call(title="Convocatoria en borrador", status="draft")
    Criterion.objects.create(call=published, name="Impacto", weight=60, order=1)
    Criterion.objects.create(call=published, name="Costo", weight=40, order=2)
    owner = factories.org("municipalidad-valparaiso")
    factories.challenge(owner, call=published, status="closed")
    factories.challenge(owner, call=published, status="draft")
    with django_assert_max_num_queries(3):
        rows = _rows(open_data.CALLS)
    by_id = {r["convocatoria_id"]: r for r in rows}
    assert str(draft.pk) not in by_id
    row = by_id[str(published.pk)]
    assert row["titulo"] == "Convocatoria abierta de prueba" and row["estado"] == "published"
    assert row["desafios_publicos"] == "1"
    assert row["criterios"] == "Impacto (60%); Costo (40%)"
    assert row["url"].endswith(f"/convocatorias/{published.slug}/")
    assert len(rows) == Call.objects.exclude(status="draft").count()


def test_dictionary_is_publishable_and_has_no_person(db):
    ds = registry.dataset(open_data.CALLS)
    assert ds is not None
    opendata_services.check_publishable(ds)
    names = [f.name for f in ds.fields]
    assert names == next(open_data.call_rows())
    assert "creado_por" not in names and "created_by" not in names
