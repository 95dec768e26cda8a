"""Assistance services: the request and its triage, scoping, the engagement's course by role,
deliverables with versions and review, the rating and the library draft; bad input changes nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from hublocal.assistance import services
from hublocal.assistance.models import (
    AssistanceRequest,
    DeliverableStatus,
    DeliverableVersion,
    Engagement,
    EngagementStatus,
    Rating,
    RequestStatus,
)
from hublocal.audit.models import AuditEvent
from hublocal.engagement import selectors as engagement_selectors
from hublocal.notifications.models import Notification

from .factories import PDF, engagement, request

pytestmark = pytest.mark.django_db


def _dimension() -> tuple[str, str]:
    from hublocal.assistance import selectors

    for area in ("digital", "aps", "seguridad", "capital_humano", "ambiente"):
        titles = selectors.dimension_titles(area=area)
        if titles:
            return area, next(iter(titles))
    pytest.skip("no instrument loaded")


def test_request_from_a_gap_keeps_the_dimension(users):
    area, dim = _dimension()
    req = request(users, area=area, dimension=dim)
    assert req.dimension == dim and req.dimension_title
    assert req.status == RequestStatus.SUBMITTED
    assert AuditEvent.objects.filter(action="assistance.request_create", object_id=str(req.pk)).exists()


def test_request_bad_input_is_refused(users):
    before = AssistanceRequest.objects.count()
    with pytest.raises(ValidationError) as exc:
        request(users, problem="corto", area="nada", urgency="ya")
    assert {"problem", "area", "urgency"} <= set(exc.value.message_dict)
    area, _dim = _dimension()
    other = next(a for a in ("digital", "aps", "seguridad", "capital_humano", "ambiente") if a != area)
    with pytest.raises(ValidationError) as exc:
        request(users, area=other, dimension="no-existe")
    assert "dimension" in exc.value.message_dict
    assert AssistanceRequest.objects.count() == before


@pytest.mark.parametrize("who", ["staff", "partner", "startup-a"])
def test_only_municipal_officials_request(users, who):
    with pytest.raises(ValidationError):
        services.request_create(actor=users[who], title="x", problem="y" * 40, area="aps", urgency="low")


def test_decline_needs_a_reason_and_tells_the_municipality(users):
    req = request(users)
    with pytest.raises(ValidationError):
        services.request_decide(actor=users["staff"], request=req, decision="decline", reason="")
    with pytest.raises(ValidationError):
        services.request_decide(actor=users["santiago"], request=req, decision="accept")
    services.request_decide(actor=users["staff"], request=req, decision="decline", reason="Fuera del alcance del Hub.")
    req.refresh_from_db()
    assert req.status == RequestStatus.DECLINED
    assert Notification.objects.filter(user=users["santiago"], kind="assistance.request_decided").exists()


def test_stale_triage_is_refused(users):
    req = request(users)
    with pytest.raises(ValidationError) as exc:
        services.request_decide(actor=users["staff"], request=req, decision="accept", expected_version=99)
    assert exc.value.code == "stale"


def test_scoping_refuses_a_startup_on_the_team_and_past_dates(users):
    from datetime import timedelta

    from django.utils import timezone

    req = request(users)
    services.request_decide(actor=users["staff"], request=req, decision="accept")
    with pytest.raises(ValidationError) as exc:
        services.engagement_create(
            actor=users["staff"],
            request=req,
            title="T",
            objective="o" * 40,
            hours=0,
            fee_clp=-1,
            team=[users["startup-a"]],
            plan=[{"title": "E", "due_on": timezone.localdate() - timedelta(days=1)}],
        )
    assert {"team", "plan", "hours", "fee_clp"} <= set(exc.value.message_dict)
    assert not Engagement.objects.filter(request=req).exists()


def test_transitions_by_role(users):
    e = engagement(users)
    with pytest.raises(ValidationError):
        services.engagement_transition(actor=users["santiago"], engagement=e, action="start")
    services.engagement_transition(actor=users["partner"], engagement=e, action="start")
    e.refresh_from_db()
    assert e.status == EngagementStatus.IN_PROGRESS
    with pytest.raises(ValidationError):
        services.engagement_transition(actor=users["staff"], engagement=e, action="close")  # not delivered
    with pytest.raises(ValidationError):
        services.engagement_transition(actor=users["staff"], engagement=e, action="fly")


def test_deliverable_returned_then_accepted_keeps_history_and_follows_up(users):
    e = engagement(users)
    d = e.deliverables.get()
    with pytest.raises(ValidationError):
        services.deliverable_submit(actor=users["valparaiso"], deliverable=d, text="Versión uno del entregable")
    services.deliverable_submit(
        actor=users["partner"], deliverable=d, text="Versión uno del entregable", file_name="v1.pdf", data=PDF
    )
    assert (
        Notification.objects.filter(
            user=users["santiago"], kind="assistance.deliverable_review", url__endswith=f"entregable-{d.pk}"
        ).count()
        == 1
    )
    track = engagement_selectors.track_get(
        process=services.PROCESS_REVIEW, subject_key=f"deliverable:{d.pk}", organization_id=e.organization_id
    )
    assert track is not None and track.status != "done"
    d.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.deliverable_review(actor=users["santiago"], deliverable=d, decision="returned", comment="")
    assert "comment" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.deliverable_review(actor=users["partner"], deliverable=d, decision="accepted")
    services.deliverable_review(
        actor=users["santiago"], deliverable=d, decision="returned", comment="Falta el anexo de costos."
    )
    d.refresh_from_db()
    assert d.status == DeliverableStatus.RETURNED
    assert Notification.objects.filter(
        user=users["partner"], kind="assistance.deliverable_reviewed", url__endswith=f"entregable-{d.pk}"
    ).exists()
    track.refresh_from_db()
    assert track.status == "done"
    services.deliverable_submit(actor=users["partner"], deliverable=d, text="Versión dos con el anexo de costos")
    track.refresh_from_db()
    assert track.status != "done"
    d.refresh_from_db()
    services.deliverable_review(actor=users["santiago"], deliverable=d, decision="accepted")
    versions = list(DeliverableVersion.objects.filter(deliverable=d).order_by("number"))
    assert [(v.number, v.decision) for v in versions] == [(1, "returned"), (2, "accepted")]
    assert versions[0].review_comment == "Falta el anexo de costos."
    e.refresh_from_db()
    assert e.status == EngagementStatus.DELIVERED


@pytest.mark.parametrize(
    "name,data",
    [
        ("informe.pdf", b"MZ\x90\x00 not a pdf"),
        ("planilla.xlsx", b"PK\x03\x04junk"),
        ("script.exe", b"MZ"),
        ("datos.csv", b"a,b\n1,2\n"),
    ],
)
def test_disguised_or_unaccepted_files_are_refused(users, name, data):
    e = engagement(users)
    d = e.deliverables.get()
    with pytest.raises(ValidationError) as exc:
        services.deliverable_submit(
            actor=users["partner"], deliverable=d, text="Entregable con archivo", file_name=name, data=data
        )
    assert "file" in exc.value.message_dict
    d.refresh_from_db()
    assert d.status == DeliverableStatus.PENDING and not DeliverableVersion.objects.filter(deliverable=d).exists()


def _delivered(users):
    e = engagement(users)
    d = e.deliverables.get()
    services.deliverable_submit(
        actor=users["partner"], deliverable=d, text="Entregable final completo", file_name="final.pdf", data=PDF
    )
    services.deliverable_review(actor=users["santiago"], deliverable=d, decision="accepted")
    e.refresh_from_db()
    return e


@pytest.mark.parametrize(
    "scores",
    [
        {"quality": 6, "relevance": 5, "timeliness": 5, "communication": 5},
        {"quality": 0, "relevance": 5, "timeliness": 5, "communication": 5},
        {"quality": "4.5", "relevance": 5, "timeliness": 5, "communication": 5},
        {"quality": 5, "relevance": 5, "timeliness": 5},
        {"quality": 5, "relevance": 5, "timeliness": 5, "communication": 5, "price": 1},
    ],
)
def test_rating_out_of_range_is_refused(users, scores):
    e = _delivered(users)
    with pytest.raises(ValidationError):
        services.rating_submit(actor=users["santiago"], engagement=e, scores=scores)
    assert not Rating.objects.filter(engagement=e).exists()


def test_rating_once_by_the_municipality_then_close_and_publish(users):
    e = _delivered(users)
    good = {"quality": 5, "relevance": 4, "timeliness": 3, "communication": 4}
    with pytest.raises(ValidationError):
        services.rating_submit(actor=users["partner"], engagement=e, scores=good)
    rating = services.rating_submit(actor=users["santiago"], engagement=e, scores=good, comment="Buen trabajo.")
    assert rating.average == 4.0
    with pytest.raises(ValidationError):
        services.rating_submit(actor=users["santiago"], engagement=e, scores=good)
    with pytest.raises(ValidationError):
        services.publish_to_library(actor=users["staff"], engagement=e)  # not closed yet
    services.engagement_transition(actor=users["staff"], engagement=e, action="close")
    with pytest.raises(ValidationError):
        services.publish_to_library(actor=users["partner"], engagement=e)
    resource_id = services.publish_to_library(actor=users["staff"], engagement=e)
    from hublocal.library import selectors as library_selectors

    resource = library_selectors.resource_get(pk=resource_id)
    assert resource.status == "draft" and resource.title == e.title
    e.refresh_from_db()
    assert e.library_resource_id == resource_id
    with pytest.raises(ValidationError):
        services.publish_to_library(actor=users["staff"], engagement=e)


def test_demo_has_three_engagements_at_different_stages(users):
    demo = Engagement.objects.filter(is_demo=True)
    assert {e.status for e in demo} >= {"agreed", "in_progress", "closed"}
    santiago = demo.get(organization__slug="municipalidad-santiago")
    assert santiago.deliverables.filter(status="returned").exists()
    closed = demo.get(status="closed")
    assert closed.library_resource_id and Rating.objects.filter(engagement=closed).exists()
