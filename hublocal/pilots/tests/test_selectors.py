"""Pilot reads: the supplier record's figures, the programme funnel and the per-municipality
table, and query counts that do not grow with the number of pilots."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hublocal.pilots import selectors, services
from hublocal.pilots.services import Override
from hublocal.proposals.models import WorkingSession

from . import factories as f

pytestmark = pytest.mark.django_db

SCORES = {
    "calidad_solucion": 5,
    "cumplimiento_plazos": 4,
    "soporte_capacitacion": 3,
    "comunicacion": 4,
    "costo_beneficio": 4,
}


def _finished(users, muni, org, values, scores=None, **extra):
    """A finished pilot whose indicators (increase, target 50) end at `values`."""
    specs = [f.indicator_data(name=f"I{i}", baseline=10, target=50, direction="increase") for i in range(len(values))]
    pilot = f.running_pilot(users["staff"], municipality=muni, startup_org=org, indicators=specs, **extra)
    for ind, value in zip(pilot.indicators.order_by("order"), values, strict=True):
        services.measurement_record(actor=users["staff"], indicator=ind, measured_on=f.days_ago(1), value=value)
    services.pilot_finish(actor=users["staff"], pilot=pilot)
    if scores:
        official = users["santiago"] if muni.slug == "municipalidad-santiago" else users["valparaiso"]
        services.rating_submit(actor=official, pilot=pilot, scores=scores)
    return pilot


def test_supplier_record_figures(users):
    stgo, valpo = f.org("municipalidad-santiago"), f.org("municipalidad-valparaiso")
    org = f.startup("Proveedora Ejemplar SpA")
    _finished(users, stgo, org, [60, 40], scores=SCORES)
    _finished(users, valpo, org, [70, 80, 20], scores={**SCORES, "calidad_solucion": 3, "costo_beneficio": 2})
    f.running_pilot(users["staff"], municipality=stgo, startup_org=org)
    f.agreement(users["staff"], municipality=valpo, startup_org=org)

    record = selectors.supplier_record(organization=org)
    s = record.summary
    assert s.pilots_by_status == {"finished": 2, "running": 1, "planned": 1}
    assert (s.pilots_total, s.pilots_finished, s.pilots_running) == (4, 2, 1)
    # Only finished pilots' judged indicators count: 1 of 2 and 2 of 3.
    assert (s.indicators_met, s.indicators_total) == (3, 5)
    assert s.rating_count == 2
    assert s.rating_average == pytest.approx((4.0 + 3.2) / 2)
    assert s.criterion_averages["calidad_solucion"] == 4.0
    assert s.criterion_averages["costo_beneficio"] == 3.0
    assert len(record.pilots) == 4 and len(record.ratings) == 2
    assert sum(len(v) for v in record.indicators.values()) == 5

    listed = next(x for x in selectors.supplier_list() if x.organization_id == org.pk)
    assert (listed.pilots_total, listed.indicators_met, listed.rating_count) == (4, 3, 2)


def test_supplier_without_agreements_has_an_empty_record(network):
    org = f.startup()
    record = selectors.supplier_record(organization=org)
    assert record.summary.pilots_total == 0 and record.summary.rating_average is None
    assert org.pk not in {s.organization_id for s in selectors.supplier_list()}


def test_funnel_per_call_and_overall(users):
    stgo, valpo = f.org("municipalidad-santiago"), f.org("municipalidad-valparaiso")
    call = f.call()
    a, b = f.startup(), f.startup()
    c1 = f.challenge(stgo, call=call)
    c2 = f.challenge(valpo, call=call)
    f.challenge(stgo, call=call, status="draft")  # not published: not in the funnel
    f.proposal(c1, a, status="not_selected")
    f.proposal(c2, b, status="submitted")
    WorkingSession.objects.create(
        challenge=c1, municipality=stgo, starts_at=timezone.now(), place="Sala", status="held"
    )
    _finished(users, stgo, b, [60], challenge=c1)  # met
    _finished(users, valpo, a, [20], challenge=c2)  # not met
    overall_before = selectors.programme_funnel(open_figures=True)

    funnel = selectors.programme_funnel(call=call, open_figures=True)
    assert funnel == {
        "challenges": 2,
        "proposals": 4,  # two above and the shortlisted one behind each agreement
        "sessions": 1,
        "agreements": 2,
        "pilots": 2,
        "pilots_met": 1,
    }
    f.running_pilot(users["staff"], municipality=stgo, startup_org=a)  # another call
    overall = selectors.programme_funnel(open_figures=True)
    assert overall["pilots"] == overall_before["pilots"] + 1
    assert overall["agreements"] == overall_before["agreements"] + 1


def test_per_municipality_table(users):
    stgo, valpo = f.org("municipalidad-santiago"), f.org("municipalidad-valparaiso")
    call = f.call()
    a = f.startup()
    shared = f.challenge(stgo, co=[valpo], call=call)
    f.proposal(shared, f.startup(), status="submitted")
    _finished(users, stgo, a, [60], challenge=shared)
    rows = {r.organization.slug: r for r in selectors.programme_municipalities(viewer=users["staff"], call_id=call.pk)}
    assert set(rows) == {"municipalidad-santiago", "municipalidad-valparaiso"}
    assert (rows["municipalidad-santiago"].challenges, rows["municipalidad-santiago"].proposals) == (1, 2)
    assert rows["municipalidad-santiago"].pilots == 1 and rows["municipalidad-santiago"].implemented
    assert rows["municipalidad-valparaiso"].proposals == 2
    assert rows["municipalidad-valparaiso"].pilots == 0 and not rows["municipalidad-valparaiso"].implemented


def test_shared_challenge_counts_once_in_the_totals_and_in_each_municipalitys_row(users):
    stgo, valpo = f.org("municipalidad-santiago"), f.org("municipalidad-valparaiso")
    call = f.call()
    shared = f.challenge(stgo, co=[valpo], call=call)
    own = f.challenge(valpo, call=call)
    f.proposal(shared, f.startup(), status="submitted")
    f.proposal(shared, f.startup(), status="submitted")
    f.proposal(own, f.startup(), status="submitted")
    _finished(users, stgo, f.startup(), [60], challenge=shared)
    table = selectors.programme_table(viewer=users["staff"], call_id=call.pk)
    rows = {r.organization.slug: r for r in table.rows}
    # Each municipality's row counts the shared challenge and its proposals...
    assert (rows["municipalidad-santiago"].challenges, rows["municipalidad-santiago"].shared) == (1, 1)
    assert (rows["municipalidad-valparaiso"].challenges, rows["municipalidad-valparaiso"].shared) == (2, 1)
    assert rows["municipalidad-santiago"].proposals == 3 and rows["municipalidad-valparaiso"].proposals == 4
    # ...the totals count it once, and equal the funnel of the same call.
    totals = table.totals
    assert (totals.challenges, totals.shared, totals.proposals) == (2, 1, 4)
    assert sum(r.challenges for r in table.rows) == 3 != totals.challenges
    funnel = selectors.programme_funnel(call=call, open_figures=True)
    assert (funnel["challenges"], funnel["proposals"], funnel["pilots"]) == (
        totals.challenges,
        totals.proposals,
        totals.pilots,
    )
    # A pilot has one municipality: pilots and implemented municipalities do add up.
    assert totals.pilots == sum(r.pilots for r in table.rows) == 1
    assert totals.implemented == sum(r.implemented for r in table.rows) == 1
    assert totals.municipalities == len(table.rows) == 2


def test_override_counts_in_the_record(users):
    stgo = f.org("municipalidad-santiago")
    org = f.startup()
    pilot = f.running_pilot(users["staff"], municipality=stgo, startup_org=org)
    ind = pilot.indicators.get()
    services.pilot_finish(
        actor=users["staff"], pilot=pilot, overrides={ind.pk: Override(True, "Medición externa confirma la meta.")}
    )
    assert selectors.supplier_record(organization=org).summary.indicators_met == 1


def _queries(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def test_reads_stay_bounded_as_pilots_grow(users):
    stgo = f.org("municipalidad-santiago")
    orgs = [f.startup() for _ in range(3)]

    def grow(n: int) -> None:
        for i in range(n):
            _finished(users, stgo, orgs[i % 3], [60, 20], scores=SCORES if i % 2 else None)

    def reads() -> None:
        list(selectors.pilot_list())
        selectors.supplier_list()
        selectors.supplier_record(organization=orgs[0])
        selectors.pilot_detail(pk=selectors.pilot_list().first().pk)
        selectors.programme_funnel(open_figures=True)
        selectors.programme_municipalities(viewer=users["staff"])

    grow(2)
    small = _queries(reads)
    grow(8)
    assert _queries(reads) == small
