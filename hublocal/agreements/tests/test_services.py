"""Agreement services: create all-or-nothing with clear errors, amendments as immutable
versions, termination, obligations and the daily alerts through notifications and engagement."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from hublocal.agreements import selectors, services
from hublocal.agreements.models import Agreement, Amendment, Obligation, Party
from hublocal.audit.models import AuditEvent
from hublocal.core import registry
from hublocal.engagement import selectors as engagement_selectors
from hublocal.notifications.models import Notification

from .factories import agreement, agreement_kwargs, orgs

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, int, int]:
    return Agreement.objects.count(), Party.objects.count(), Obligation.objects.count()


def test_three_party_agreement_is_recorded_and_audited(users):
    a = agreement(users["staff"])
    assert a.parties.count() == 3 and a.obligations.count() == 2 and a.milestones.count() == 1
    assert a.currency == "CLP" and a.version == 1 and a.is_public
    assert AuditEvent.objects.filter(action="agreements.create", object_id=str(a.pk)).exists()


@pytest.mark.parametrize(
    ("over", "field"),
    [
        ({"amount": "1000", "currency": ""}, "currency"),
        ({"amount": "", "currency": "USD"}, "amount"),
        ({"kind": "gift"}, "kind"),
        ({"title": ""}, "title"),
    ],
)
def test_bad_terms_are_refused_and_nothing_written(users, over, field):
    before = _counts()
    with pytest.raises(ValidationError) as exc:
        agreement(users["staff"], **over)
    assert field in exc.value.message_dict
    assert _counts() == before


def test_obligation_past_the_end_a_party_twice_are_refused(users):
    kw = agreement_kwargs()
    before = _counts()
    late = [{"party": 0, "description": "Tarde.", "due_on": kw["ends_on"] + timedelta(days=1)}]
    with pytest.raises(ValidationError) as exc:
        agreement(users["staff"], obligations=late)
    assert "vence después del término" in exc.value.message_dict["obligations"][0]
    twice = [kw["parties"][0], {**kw["parties"][1], "organization_id": kw["parties"][0]["organization_id"]}]
    with pytest.raises(ValidationError) as exc:
        agreement(users["staff"], parties=twice, obligations=[])
    assert "dos veces" in exc.value.message_dict["parties"][0]
    assert _counts() == before


def test_all_errors_are_reported_at_once(users):
    kw = agreement_kwargs()
    with pytest.raises(ValidationError) as exc:
        agreement(
            users["staff"],
            currency="",
            obligations=[{"party": 0, "description": "x", "due_on": kw["ends_on"] + timedelta(days=5)}],
        )
    assert {"currency", "obligations"} <= set(exc.value.message_dict)


def test_only_the_hub_records(users):
    with pytest.raises(ValidationError):
        agreement(users["santiago"])


def test_amendment_keeps_history_and_is_refused_when_terminated(users):
    a = agreement(users["staff"])
    am = services.agreement_amend(
        actor=users["staff"], agreement=a, changes={"amount": "2000000", "currency": "CLP"}, reason="Más cupos."
    )
    a.refresh_from_db()
    assert a.version == 2 and am.version == 2 and am.changes == {"amount": ["1500000.00", "2000000.00"]}
    assert list(Amendment.objects.filter(agreement=a).values_list("version", flat=True)) == [1, 2]
    assert Amendment.objects.get(agreement=a, version=1).terms["amount"] == "1500000.00"
    with pytest.raises(ValidationError):  # nothing changes
        services.agreement_amend(actor=users["staff"], agreement=a, changes={}, reason="Nada.")
    with pytest.raises(ValidationError):  # no reason
        services.agreement_amend(actor=users["staff"], agreement=a, changes={"title": "Otro"}, reason="")
    services.agreement_terminate(actor=users["staff"], agreement=a, reason="Fin anticipado.")
    with pytest.raises(ValidationError) as exc:
        services.agreement_amend(actor=users["staff"], agreement=a, changes={"title": "Otro"}, reason="Tarde.")
    assert exc.value.code == "closed"
    a.refresh_from_db()
    assert a.version == 2 and a.title == "Convenio de prueba"


def test_amending_the_end_before_an_obligation_is_refused(users):
    a = agreement(users["staff"])
    with pytest.raises(ValidationError) as exc:
        services.agreement_amend(
            actor=users["staff"], agreement=a, changes={"ends_on": a.starts_on + timedelta(days=10)}, reason="Acortar."
        )
    assert "ends_on" in exc.value.message_dict


def test_withheld_field_is_hidden_from_the_public_and_open_data(users):
    a = agreement(users["staff"], withholdings=[{"field": "amount", "reason": "commercial_secret"}])
    anon = selectors.shown_terms(selectors.agreement_get(pk=a.pk), user=None)
    assert anon["amount"].withheld and "Secreto comercial" in anon["amount"].reason
    party = selectors.shown_terms(selectors.agreement_get(pk=a.pk), user=users["santiago"])
    assert not party["amount"].withheld and "1" in party["amount"].value
    row = next(r for r in selectors.register_rows() if r["id"] == a.pk)
    assert row["monto"] is None and row["moneda"] is None and row["reservas"][0]["campo"] == "amount"
    with pytest.raises(ValidationError):
        agreement(users["staff"], title="Otro", withholdings=[{"field": "amount", "reason": "porque sí"}])


def test_party_completes_its_own_obligation_only(users):
    a = agreement(users["staff"])
    mine = a.obligations.get(party__organization__slug="municipalidad-santiago")
    other = a.obligations.exclude(pk=mine.pk).get()
    with pytest.raises(ValidationError):
        services.obligation_complete(actor=users["santiago"], obligation=other, evidence="No es mía.")
    done = services.obligation_complete(actor=users["santiago"], obligation=mine, evidence="Oficio N° 12.")
    assert done.status == "done"
    with pytest.raises(ValidationError):
        services.obligation_complete(actor=users["santiago"], obligation=mine, evidence="Otra vez.")


def test_alerts_renewal_due_and_overdue_followed_through_engagement(users):
    today = timezone.localdate()
    a = agreement(
        users["staff"],
        status="in_force",
        ends_on=today + timedelta(days=60),
        obligations=[
            {"party": 1, "description": "Entregar datos.", "due_on": today + timedelta(days=30)},
            {"party": 1, "description": "Informe atrasado.", "due_on": today + timedelta(days=1)},
        ],
    )
    first = services.alerts_send(today=today)
    assert first["renewal"] >= 1 and first["obligation"] >= 1
    kinds = set(Notification.objects.filter(user=users["santiago"]).values_list("kind", flat=True))
    assert {"agreements.renewal", "agreements.obligation_due"} <= kinds
    assert services.alerts_send(today=today)["renewal"] == 0  # idempotent
    late = a.obligations.get(description="Informe atrasado.")
    services.alerts_send(today=today + timedelta(days=2))
    late.refresh_from_db()
    assert late.status == "overdue"
    stgo = orgs()["stgo"]
    track = engagement_selectors.track_get(
        process=services.PROCESS_OBLIGATION, subject_key=f"obligation:{late.pk}", organization_id=stgo.pk
    )
    assert track is not None
    services.obligation_complete(actor=users["santiago"], obligation=late, evidence="Entregado.")
    track.refresh_from_db()
    assert track.status == "done"


def test_agreement_past_its_end_expires(users):
    today = timezone.localdate()
    a = agreement(
        users["staff"],
        status="in_force",
        starts_on=today - timedelta(days=30),
        ends_on=today - timedelta(days=1),
        obligations=[],
        milestones=[],
    )
    services.alerts_send(today=today)
    a.refresh_from_db()
    assert a.status == "expired"


def test_links_through_the_registry(users):
    a = agreement(users["staff"])
    registry.register_agreement_link_kind(
        "tests.thing", "Cosa", lambda ids: {i: (f"Cosa {i}", f"/c/{i}") for i in ids if i < 10}
    )
    try:
        services.link_add(actor=users["staff"], agreement=a, kind="tests.thing", object_id=3)
        with pytest.raises(ValidationError):
            services.link_add(actor=users["staff"], agreement=a, kind="tests.thing", object_id=99)
        with pytest.raises(ValidationError):
            services.link_add(actor=users["staff"], agreement=a, kind="tests.nothing", object_id=3)
        assert [x.pk for x in selectors.agreements_linked_to("tests.thing", 3)] == [a.pk]
        assert selectors.links_resolved(selectors.agreement_get(pk=a.pk))[0]["title"] == "Cosa 3"
    finally:
        registry._AGREEMENT_LINK_KINDS.pop("tests.thing", None)


def test_pilots_register_their_link_kind(users):
    from hublocal.pilots.models import Pilot

    pilot = Pilot.objects.first()
    if pilot is None:
        pytest.skip("no demo pilot")
    a = agreement(users["staff"])
    services.link_add(actor=users["staff"], agreement=a, kind="pilots.pilot", object_id=pilot.pk)
    resolved = selectors.links_resolved(selectors.agreement_get(pk=a.pk))
    assert resolved[0]["title"] == pilot.title and resolved[0]["url"].endswith(f"/pilotos/{pilot.pk}/")
    # The pilot's own agreement (kind pilot, linked when it opened the pilot) and the new one.
    linked = {x.pk for x in selectors.agreements_linked_to("pilots.pilot", pilot.pk)}
    assert linked == {a.pk, pilot.agreement.terms_id}
