"""Round tables, commitments and policy items: services (validation, audit, overdue scan and
escalation), pages (public record, member-only material, bad input), API and the home section."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from hublocal.articulation import home, services
from hublocal.articulation.models import Commitment, Member, PolicyItem, RoundTable
from hublocal.audit.models import AuditEvent
from hublocal.engagement import selectors as engagement_selectors
from hublocal.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _security() -> RoundTable:
    return RoundTable.objects.get(is_demo=True, area="seguridad")


def _member(table: RoundTable, slug: str) -> Member:
    return Member.objects.get(table=table, organization__slug=slug)


def test_commitment_without_owner_is_refused_and_nothing_is_saved(users):
    table = _security()
    before = Commitment.objects.count(), AuditEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.commitment_create(
            actor=users["staff"], table=table, what="Algo", owner=None, due_on=timezone.localdate()
        )
    assert "owner" in exc.value.message_dict
    assert (Commitment.objects.count(), AuditEvent.objects.count()) == before


def test_owner_must_be_a_member_of_this_table(users):
    aps = RoundTable.objects.get(is_demo=True, area="aps")
    other = aps.members.first()
    with pytest.raises(ValidationError) as exc:
        services.commitment_create(
            actor=users["staff"], table=_security(), what="Algo", owner=other, due_on=timezone.localdate()
        )
    assert "owner" in exc.value.message_dict


def test_a_plain_member_may_not_record_commitments(users):
    table = _security()
    with pytest.raises(ValidationError):
        services.commitment_create(
            actor=users["santiago"],
            table=table,
            what="Algo",
            owner=_member(table, "municipalidad-santiago"),
            due_on=timezone.localdate() + timedelta(days=3),
        )


def test_overdue_scan_reminds_the_owner_and_opens_an_escalation_track(users):
    table = _security()
    today = timezone.localdate()
    c = services.commitment_create(
        actor=users["valparaiso"],  # the coordinator
        table=table,
        what="Compromiso que vencerá",
        owner=_member(table, "municipalidad-santiago"),
        due_on=today,
    )
    assert AuditEvent.objects.filter(action="articulation.commitment_create", object_id=str(c.pk)).exists()
    assert services.mark_overdue(now=timezone.now() + timedelta(days=2)) >= 1
    c.refresh_from_db()
    assert c.status == "overdue" and c.reminded_at is not None
    assert Notification.objects.filter(
        user=users["santiago"], kind="articulation.commitment_overdue", url__contains=f"compromiso-{c.pk}"
    ).exists()
    track = engagement_selectors.track_get(
        process=services.PROCESS_COMMITMENT, subject_key=f"commitment:{c.pk}", organization_id=c.owner.organization_id
    )
    assert track is not None and track.status == "in_progress"
    # Kept: the track closes, nobody is chased any more.
    services.commitment_set_status(actor=users["staff"], commitment=c, status="kept")
    track.refresh_from_db()
    assert track.status == "done"


def test_dropping_needs_a_reason_and_a_stale_version_is_refused(users):
    table = _security()
    c = Commitment.objects.get(table=table, status="pending")
    with pytest.raises(ValidationError):
        services.commitment_set_status(actor=users["staff"], commitment=c, status="dropped", reason="")
    with pytest.raises(ValidationError):
        services.commitment_set_status(
            actor=users["staff"], commitment=c, status="kept", expected_version=c.row_version + 5
        )
    c.refresh_from_db()
    assert c.status == "pending"


def test_demo_commitment_of_santiago_is_overdue_and_escalated(users):
    c = Commitment.objects.get(table=_security(), owner__organization__slug="municipalidad-santiago")
    assert c.status == "overdue" and c.reminded_at is not None
    track = engagement_selectors.track_get(
        process=services.PROCESS_COMMITMENT, subject_key=f"commitment:{c.pk}", organization_id=c.owner.organization_id
    )
    assert track is not None and track.escalation_level >= 1


@pytest.mark.parametrize(
    ("boletin", "ok"), [("12345-06", True), ("1594-25", True), ("12345", False), ("12345-6", False), ("abc-06", False)]
)
def test_boletin_number_is_validated(users, boletin, ok):
    data = {
        "kind": "bill",
        "title": "Proyecto",
        "boletin": boletin,
        "area": "seguridad",
        "summary": "R",
        "position": "P",
    }
    if ok:
        assert services.policy_create(actor=users["staff"], data=data).boletin == boletin
    else:
        n = PolicyItem.objects.count()
        with pytest.raises(ValidationError) as exc:
            services.policy_create(actor=users["staff"], data=data)
        assert "boletin" in exc.value.message_dict and PolicyItem.objects.count() == n


def test_anonymous_sees_the_record_and_approved_minutes_only(client_for):
    table = _security()
    page = client_for(None).get(reverse("articulation:table_detail", kwargs={"slug": table.slug}))
    body = page.content.decode()
    assert page.status_code == 200
    assert "Registro de compromisos" in body and "Municipalidad de Santiago" in body
    assert "Santiago presentará su observatorio" in body  # approved minutes
    assert "la ficha de Santiago sigue pendiente" not in body  # draft minutes
    assert "Propuesta de indicadores comunes" not in body  # internal document
    member = client_for("santiago").get(reverse("articulation:table_detail", kwargs={"slug": table.slug}))
    assert "la ficha de Santiago sigue pendiente" in member.content.decode()
    assert "Propuesta de indicadores comunes" in member.content.decode()


def test_staff_posting_a_commitment_without_owner_gets_a_clear_error(client_for):
    table = _security()
    n = Commitment.objects.count()
    url = reverse("articulation:commitment_create", kwargs={"slug": table.slug})
    response = client_for("staff").post(url, {"what": "Sin responsable", "owner": "", "due_on": "2030-01-01"})
    assert response.status_code == 400
    assert "organización integrante de la mesa es responsable" in response.content.decode()
    assert Commitment.objects.count() == n


def test_policy_pages_and_api(client_for):
    bill = PolicyItem.objects.get(is_demo=True, kind="bill")
    page = client_for(None).get(reverse("articulation:policy_detail", kwargs={"slug": bill.slug}))
    assert page.status_code == 200 and "15940-25" in page.content.decode()
    listing = client_for(None).get(reverse("articulation:policy_list") + "?area=seguridad").content.decode()
    assert bill.title in listing and "Ley de Transformación Digital" not in listing
    api = client_for(None).get("/api/v1/policy-items/?area=nope")
    assert api.status_code == 400
    detail = client_for(None).get(f"/api/v1/roundtables/{_security().slug}/").json()
    assert detail["record"]["made"] == 3 and detail["record"]["overdue"] == 1
    assert "person" not in str(detail["members"])


def test_home_shows_santiago_its_overdue_commitment_with_the_reminder(users):
    items = home.collect_commitments(users["santiago"])
    overdue = [i for i in items if i.urgency == "overdue"]
    assert overdue and "Recordatorio enviado" in str(overdue[0].detail)
    assert home.collect_commitments(users["startup-b"]) == []


def test_table_list_queries_are_bounded(client_for, django_assert_max_num_queries, users):
    client = client_for(None)
    url = reverse("articulation:table_list")
    client.get(url)
    with django_assert_max_num_queries(12):
        client.get(url)
    for i in range(5):
        services.table_create(
            actor=users["staff"], data={"theme": f"Mesa extra {i}", "area": "digital", "description": "D"}
        )
    with django_assert_max_num_queries(12):
        client.get(url)
