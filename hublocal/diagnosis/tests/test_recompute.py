"""Recomputing every score (`results_recompute_all`, the national batch) writes exactly what
submitting each diagnosis wrote: the same results and the same dimension rows, whatever the
answers' types, with the instrument read once and the dimension rows written by the database."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hublocal.diagnosis import selectors, services
from hublocal.diagnosis.models import Answer, DimensionScore, Result

from .conftest import FULL, answer_all

# Every answer type, conditional questions shown and hidden, free text, a dimension left empty.
ANSWERS = {
    "13101": FULL,
    "05101": {"portal": False, "escala": 1, "canales": ["ninguno"], "tramites": 0, "comentario": "Sin «comillas»"},
    "13110": {"portal": True, "formatos": "pdf", "escala": 3, "canales": ["app"], "tramites": 7},
    "13114": {"portal": True, "formatos": "csv", "escala": 4, "canales": ["web"], "tramites": 3},
    "13123": {**FULL, "comentario": 'texto con "comillas", \\ y ñ'},
}


def _snapshot(campaign):
    results = {
        r.commune_code: (r.overall, r.level, r.dimensions, r.typology, r.region_code, r.instrument_version_id)
        for r in Result.objects.filter(campaign=campaign)
    }
    rows = sorted(
        DimensionScore.objects.filter(campaign=campaign).values_list(
            "result__commune_code", "dimension", "score", "typology", "region_code"
        )
    )
    return results, rows


@pytest.fixture
def submitted(campaign, users):
    for p in selectors.participation_list(campaign=campaign):
        answer_all(p, users["staff"], ANSWERS[p.commune_code])
        services.participation_submit(actor=users["staff"], participation=p)
    # A result with a dimension left without score (answers of an older instrument version, say):
    # no dimension row for it, and the index from the other dimension alone.
    p = selectors.participation_list(campaign=campaign).get(commune_code="13114")
    Answer.objects.filter(participation=p, question_id__in=["canales", "tramites"]).delete()
    services.result_compute(participation=p)
    return campaign


def test_recompute_all_writes_exactly_what_each_submission_wrote(submitted):
    before = _snapshot(submitted)
    assert len(before[0]) == 5 and before[1], "every participation has a result and some dimension rows"
    assert not any(code == "13114" and dim == "b" for code, dim, *_ in before[1])
    Result.objects.filter(campaign=submitted).update(overall=0, level=1, dimensions={})
    DimensionScore.objects.filter(campaign=submitted).update(score=-1)

    assert services.results_recompute_all(campaign=submitted) == 5
    assert _snapshot(submitted) == before


def test_recompute_all_in_small_chunks_gives_the_same_rows(submitted):
    before = _snapshot(submitted)
    assert services.results_recompute_all(campaign=submitted, chunk_size=2) == 5
    assert _snapshot(submitted) == before


def test_recompute_all_queries_do_not_grow_with_the_participations(submitted):
    """Per chunk: participations, their answers and the delete/insert statements; the instrument
    is read once per campaign, not once per participation."""
    with CaptureQueriesContext(connection) as ctx:
        services.results_recompute_all(campaign=submitted, chunk_size=1000)
    instrument_reads = [q for q in ctx.captured_queries if "diagnosis_instrumentversion" in q["sql"]]
    assert len(instrument_reads) == 1
    assert len(ctx.captured_queries) < 25
