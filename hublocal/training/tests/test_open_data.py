"""Training coverage on the open-data portal: counts per cohort and place, never a person."""

from __future__ import annotations

import csv
import io

from django.utils import timezone

from hublocal.core import registry
from hublocal.opendata import services as opendata_services
from hublocal.territory import selectors as territory_selectors
from hublocal.training import open_data
from hublocal.training.models import Application, CohortStatus
from hublocal.training.tests import factories


def _rows(key: str) -> list[dict[str, str]]:
    ds = registry.dataset(key)
    assert ds is not None
    text = "".join(c.decode() if isinstance(c, bytes) else c for c in ds.build("csv", "")).lstrip("\ufeff")
    return list(csv.DictReader(io.StringIO(text)))


def _apply(cohort, name: str, *, code: str = "", country: str = "CL", status: str = "applied") -> None:
    Application.objects.create(
        cohort=cohort,
        full_name=name,
        commune=territory_selectors.commune_get(code=code) if code else None,
        country_code=country,
        motivation=f"Motivación privada de {name}",
        status=status,
        applied_at=timezone.now(),
    )


def test_counts_per_cohort_commune_and_country(db, django_assert_max_num_queries):
    cohort = factories.cohort(name="Cohorte abierta de prueba")
    draft = factories.cohort(name="Cohorte en preparación", status=CohortStatus.DRAFT)
    _apply(cohort, "Ana Pérez", code="05101", status="accepted")
    _apply(cohort, "Berta Soto", code="05101", status="confirmed")
    _apply(cohort, "Carla Díaz", code="05101", status="rejected")
    _apply(cohort, "Dora Ruiz", code="13101")
    _apply(cohort, "Eva Lara", country="PE")
    _apply(draft, "Flor Mora", code="05101")
    with django_assert_max_num_queries(2):
        rows = _rows(open_data.KEY)
    mine = {(r["codigo_comuna"], r["pais"]): r for r in rows if r["cohorte_id"] == str(cohort.pk)}
    assert set(mine) == {("05101", "CL"), ("13101", "CL"), ("", "PE")}
    valparaiso = mine[("05101", "CL")]
    assert (valparaiso["postulaciones"], valparaiso["seleccionados"]) == ("3", "2")
    assert valparaiso["comuna"] == "Valparaíso" and valparaiso["tipologia"]
    assert valparaiso["programa"] == cohort.programme.slug and valparaiso["estado_cohorte"] == "open"
    assert (mine[("", "PE")]["postulaciones"], mine[("", "PE")]["seleccionados"]) == ("1", "0")
    assert not [r for r in rows if r["cohorte_id"] == str(draft.pk)]
    text = repr(rows)
    assert "Ana" not in text and "Motivación" not in text


def test_dictionary_is_publishable_and_has_no_personal_column(db):
    ds = registry.dataset(open_data.KEY)
    assert ds is not None
    opendata_services.check_publishable(ds)
    assert [f.name for f in ds.fields] == open_data.COLUMNS
    assert not {"nombre", "full_name", "motivacion", "organizacion", "correo"} & set(open_data.COLUMNS)
