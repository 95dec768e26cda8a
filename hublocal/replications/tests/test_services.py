"""Replication lifecycle: recording (retired refused), the course, results, confirmation that
raises the resource's evidence; every write audited, every refusal changes nothing."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from hublocal.audit.models import AuditEvent
from hublocal.library.models import EvidenceAssessment
from hublocal.pilots import selectors as pilots_selectors
from hublocal.replications import services
from hublocal.replications.models import Replication, Status
from hublocal.replications.permissions import Action, can

TODAY = timezone.localdate


def _record(users, org, resource, **kw):
    return services.replication_record(
        actor=users["santiago"], municipality=org, mode="adapt", resource_id=resource.pk, **kw
    )


def test_record_a_published_resource(users, santiago_org, resource):
    r = _record(users, santiago_org, resource, changes="Con menos personal.", contact_name="Ana Pérez")
    assert (r.status, r.commune_code, r.target_title) == (Status.PLANNING, "13101", resource.title)
    assert AuditEvent.objects.filter(action="replications.record", object_id=str(r.pk)).exists()
    # An open replication of the same resource is not recorded twice.
    with pytest.raises(ValidationError, match="en curso"):
        _record(users, santiago_org, resource)


def test_retired_and_unpublished_resources_are_refused(users, santiago_org, retired, network):
    from hublocal.replications.tests.conftest import make_resource

    before = Replication.objects.count()
    with pytest.raises(ValidationError) as exc:
        _record(users, santiago_org, retired)
    assert "retirado" in str(exc.value)
    draft = make_resource("modelo-borrador-replicaciones", status="draft")
    with pytest.raises(ValidationError, match="No existe un recurso publicado"):
        _record(users, santiago_org, draft)
    with pytest.raises(ValidationError, match="uno de los dos"):
        services.replication_record(actor=users["santiago"], municipality=santiago_org, mode="adopt")
    assert Replication.objects.count() == before


def test_pilot_replication_not_of_ones_own_pilot(users, santiago_org, valparaiso_org):
    pilot = pilots_selectors.finished_pilots(limit=1)[0]  # Valparaíso's demo pilot
    r = services.replication_record(actor=users["santiago"], municipality=santiago_org, mode="adopt", pilot_id=pilot.pk)
    assert r.pilot_id == pilot.pk and r.resource_id is None
    with pytest.raises(ValidationError, match="propio piloto"):
        services.replication_record(
            actor=users["valparaiso"], municipality=valparaiso_org, mode="adopt", pilot_id=pilot.pk
        )


def test_course_results_and_abandon_needs_a_reason(users, santiago_org, resource):
    r = _record(users, santiago_org, resource)
    with pytest.raises(ValidationError, match="implementación o implementada"):
        services.result_add(actor=users["santiago"], replication=r, label="x", value=1, measured_on=TODAY())
    with pytest.raises(ValidationError):
        services.replication_transition(actor=users["santiago"], replication=r, status=Status.IMPLEMENTED)
    r = services.replication_transition(actor=users["santiago"], replication=r, status=Status.IMPLEMENTING)
    assert r.started_on == TODAY()
    services.result_add(
        actor=users["santiago"],
        replication=r,
        label="Trámites en línea",
        unit="%",
        baseline=10,
        value=45,
        measured_on=TODAY(),
    )
    with pytest.raises(ValidationError, match="futuro"):
        services.result_add(
            actor=users["santiago"],
            replication=r,
            label="x",
            value=1,
            measured_on=TODAY() + datetime.timedelta(days=3),
        )
    with pytest.raises(ValidationError) as exc:
        services.replication_transition(actor=users["santiago"], replication=r, status=Status.ABANDONED, reason="")
    assert "reason" in exc.value.message_dict
    r.refresh_from_db()
    assert r.status == Status.IMPLEMENTING and r.results.count() == 1
    r = services.replication_transition(
        actor=users["santiago"], replication=r, status=Status.ABANDONED, reason="Se acabó el financiamiento regional."
    )
    assert r.status == Status.ABANDONED and r.finished_on == TODAY()
    with pytest.raises(ValidationError):
        services.replication_transition(actor=users["santiago"], replication=r, status=Status.IMPLEMENTING)


def test_stale_version_is_refused(users, santiago_org, resource):
    from hublocal.core.locking import StaleVersion

    r = _record(users, santiago_org, resource)
    services.replication_update(actor=users["santiago"], replication=r, data={"changes": "a"}, expected_version=1)
    with pytest.raises(StaleVersion):
        services.replication_update(actor=users["santiago"], replication=r, data={"changes": "b"}, expected_version=1)


def _implemented(users, org, resource):
    r = _record(users, org, resource)
    r = services.replication_transition(actor=users["santiago"], replication=r, status=Status.IMPLEMENTING)
    services.result_add(actor=users["santiago"], replication=r, label="Horas ahorradas", value=120, measured_on=TODAY())
    return services.replication_transition(actor=users["santiago"], replication=r, status=Status.IMPLEMENTED)


def test_confirmation_raises_evidence_to_independently_replicated(users, santiago_org, resource):
    r = _implemented(users, santiago_org, resource)
    assert not can(users["santiago"], Action.CONFIRM, r)  # never one's own
    assert can(users["staff"], Action.CONFIRM, r)
    with pytest.raises(ValidationError):
        services.replication_confirm(actor=users["staff"], replication=r, note="corta")
    services.replication_confirm(
        actor=users["staff"], replication=r, note="Revisé el informe de resultados y el acta del concejo."
    )
    resource.refresh_from_db()
    assert resource.evidence_level == services.REPLICATED_LEVEL
    assessment = EvidenceAssessment.objects.filter(resource=resource).latest("pk")
    assert [(e["kind"], e["ref"]) for e in assessment.evidence] == [("replication", str(r.pk))]
    assert "Replicado de forma independiente" in assessment.justification
    r.refresh_from_db()
    assert r.confirmed_at is not None and not can(users["santiago"], Action.CHANGE, r)
    with pytest.raises(ValidationError, match="ya fue confirmada"):
        services.replication_confirm(actor=users["staff"], replication=r, note="Otra vez, por si acaso.")


def test_confirmation_keeps_a_higher_evidence_level(users, santiago_org, network):
    from hublocal.replications.tests.conftest import make_resource

    high = make_resource("modelo-nivel-cinco", evidence=5)
    r = _implemented(users, santiago_org, high)
    services.replication_confirm(actor=users["staff"], replication=r, note="Revisé el informe y las fuentes.")
    high.refresh_from_db()
    assert high.evidence_level == 5


def test_permissions_by_role(users, santiago_org, valparaiso_org, resource):
    r = _record(users, santiago_org, resource)
    assert can(users["santiago"], Action.RECORD, santiago_org)
    assert not can(users["santiago"], Action.RECORD, valparaiso_org)
    assert not can(users["startup-a"], Action.RECORD)
    assert can(users["staff"], Action.RECORD, valparaiso_org)
    assert can(users["santiago"], Action.CHANGE, r) and can(users["staff"], Action.CHANGE, r)
    assert not can(users["valparaiso"], Action.CHANGE, r) and not can(None, Action.CHANGE, r)
    assert can(None, Action.VIEW_REPLICATIONS, r)
    # Contact details: the hub and municipal officials; not the public, startups or partners.
    assert can(users["valparaiso"], Action.VIEW_CONTACT, r) and can(users["staff"], Action.VIEW_CONTACT, r)
    assert not can(users["startup-a"], Action.VIEW_CONTACT, r) and not can(users["partner"], Action.VIEW_CONTACT, r)
