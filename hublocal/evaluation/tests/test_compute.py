"""The recomputation on a small, known year: each source's figures, the stored snapshot (one
per day), and a drill-down that returns exactly the records counted."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from hublocal.audit.models import AuditEvent
from hublocal.core import registry
from hublocal.evaluation import definitions, selectors, services
from hublocal.evaluation.models import IndicatorSnapshot

from .conftest import YEAR

pytestmark = pytest.mark.django_db


def _refs(source: str) -> list[str]:
    src = registry.indicator_source(source)
    assert src is not None
    return sorted(r.record_ref for r in src.compute(YEAR))


def test_each_source_returns_the_records_of_the_year(small_year):
    s = small_year
    assert _refs("replications.replications") == [f"replications.replication:{s['replication'].pk}"]
    assert _refs("certificates.issued") == [f"certificates.certificate:{s['certificate'].pk}"]
    assert _refs("agreements.active") == [f"agreements.agreement:{s['agreement'].pk}"] * 2  # one per party
    kept = registry.indicator_source("agreements.obligations_kept").compute(YEAR)
    assert sorted(r.value for r in kept) == [0, 1]
    assert _refs("projects.collaborative") == [f"projects.project:{s['project'].pk}"]
    for empty in (
        "pilots.pilots",
        "training.cohorts",
        "assistance.engagements",
        "library.published_practices",
        "diagnosis.submissions",
        "articulation.commitments_kept",
        "articulation.policy_items",
    ):
        assert _refs(empty) == [], empty


def test_a_certificate_is_never_public_and_names_no_person(small_year):
    (row,) = registry.indicator_source("certificates.issued").compute(YEAR)
    assert row.is_public is False
    assert "Persona Certificada" not in row.label


def test_compute_stores_one_snapshot_per_measure_and_day(small_year):
    figures = services.compute_indicators(year=YEAR)
    assert figures["coverage_municipalities"] == 2  # Santiago (replication, agreement) and Valparaíso
    assert figures["articulation_agreements"] == 1
    assert figures["articulation_obligations_kept"] == 50.0
    assert figures["articulation_projects"] == 1
    assert figures["portfolio_actions"] == 1
    n_measures = len(definitions.measures())
    assert IndicatorSnapshot.objects.filter(year=YEAR).count() == n_measures
    services.compute_indicators(year=YEAR)  # the same day: replaced, not added
    assert IndicatorSnapshot.objects.filter(year=YEAR).count() == n_measures
    snap = selectors.snapshot(measure_key="coverage_municipalities", year=YEAR)
    expected: dict[str, float] = {}
    for org in (small_year["stgo"], small_year["valpo"]):
        expected[org.commune.typology] = expected.get(org.commune.typology, 0.0) + 1
    assert snap.breakdowns["typology"] == expected
    assert snap.totals["typology"]["metropolitana"] >= 30
    assert AuditEvent.objects.filter(action="evaluation.compute", object_id=str(YEAR)).count() == 2


def test_drill_down_returns_exactly_the_municipalities_counted(small_year):
    services.compute_indicators(year=YEAR)
    measure = definitions.measures()["coverage_municipalities"]
    entries, hidden, figure = selectors.drill_down(measure=measure, year=YEAR, filters={}, restricted=True)
    assert figure == len(entries) == 2
    assert {e["commune"] for e in entries} == {small_year["stgo"].commune.code, small_year["valpo"].commune.code}
    # The public sees both municipalities but not the non-public records behind them.
    public, hidden, _figure = selectors.drill_down(measure=measure, year=YEAR, filters={}, restricted=False)
    # Left out: the certificate and Santiago's party to the agreement (the hub's is no municipality).
    assert len(public) == 2 and hidden == 2
    refs = [r["ref"] for e in public for r in e["records"]]
    assert refs == [f"replications.replication:{small_year['replication'].pk}"]
    region = small_year["stgo"].commune.region.code
    assert region != small_year["valpo"].commune.region.code
    metro, _h, figure = selectors.drill_down(measure=measure, year=YEAR, filters={"region": region}, restricted=True)
    assert figure == 1 and [e["commune"] for e in metro] == [small_year["stgo"].commune.code]


def test_record_drill_down_hides_non_public_records_from_the_public(small_year):
    services.compute_indicators(year=YEAR)
    measure = definitions.measures()["articulation_agreements"]
    staff_view, hidden, figure = selectors.drill_down(measure=measure, year=YEAR, filters={}, restricted=True)
    assert figure == 1 and len(staff_view) == 1 and hidden == 0
    public_view, hidden, _f = selectors.drill_down(measure=measure, year=YEAR, filters={}, restricted=False)
    assert public_view == [] and hidden == 1


def test_compute_refuses_a_year_out_of_range(network):
    with pytest.raises(ValidationError):
        services.compute_indicators(year=1990)


def test_targets_are_validated(users):
    staff = users["staff"]
    with pytest.raises(ValidationError) as exc:
        services.target_set(actor=staff, measure_key="no_existe", year=2026, value=10)
    assert "measure_key" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.target_set(actor=staff, measure_key="coverage_municipalities", year=1990, value=10)
    assert "year" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.target_set(actor=staff, measure_key="articulation_obligations_kept", year=2026, value=150)
    assert "value" in exc.value.message_dict
    target = services.target_set(actor=staff, measure_key="coverage_municipalities", year=2026, value=99)
    assert selectors.targets(year=2026)["coverage_municipalities"] == 99
    assert AuditEvent.objects.filter(action="evaluation.target_set", object_id=str(target.pk)).exists()
