"""Optimistic locking of challenges, calls and events (hublocal/core/locking.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from hublocal.core.locking import StaleVersion
from hublocal.innovation import services
from hublocal.innovation.models import Call, Challenge, Event
from tests.helpers import api_client, assert_api_error, send

from .conftest import STATEMENT

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(users):
    starts = timezone.now() + timedelta(days=3)
    return services.event_create(
        actor=users["staff"],
        title="Demostración",
        description="Muestra.",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        capacity=20,
        place="Santiago",
    )


def test_challenge_update_stale_version_changes_nothing(users, draft):
    read = draft.row_version
    services.challenge_update(actor=users["santiago"], challenge=draft, data={"title": "Colega"}, expected_version=read)
    with pytest.raises(StaleVersion) as exc:
        services.challenge_update(
            actor=users["santiago"], challenge=draft, data={"title": "Mío"}, expected_version=read
        )
    assert exc.value.current.title == "Colega"
    fresh = Challenge.objects.get(pk=draft.pk)
    assert (fresh.title, fresh.row_version) == ("Colega", read + 1)


def test_call_and_event_updates_refuse_stale_versions(users, draft_call, event):
    services.call_update(actor=users["staff"], call=draft_call, data={"title": "Colega"}, expected_version=1)
    with pytest.raises(StaleVersion):
        services.call_update(actor=users["staff"], call=draft_call, data={"title": "Mío"}, expected_version=1)
    assert Call.objects.get(pk=draft_call.pk).title == "Colega"
    services.event_update(actor=users["staff"], event=event, data={"place": "Valparaíso"}, expected_version=1)
    with pytest.raises(StaleVersion):
        services.event_update(actor=users["staff"], event=event, data={"place": "Arica"}, expected_version=1)
    assert Event.objects.get(pk=event.pk).place == "Valparaíso"


def test_a_transition_counts_as_an_edit(users, draft):
    read = Challenge.objects.get(pk=draft.pk).row_version
    services.challenge_transition(actor=users["santiago"], challenge=draft, to="in_review")
    with pytest.raises(StaleVersion):
        services.challenge_update(actor=users["staff"], challenge=draft, data={"title": "Tarde"}, expected_version=read)


def test_challenge_api_etag_if_match(users, draft):
    client = api_client("santiago")
    url = reverse("api:challenge_detail", kwargs={"pk": draft.pk})
    read = client.get(url)
    assert read.status_code == 200
    tag = read["ETag"]
    assert tag == f'W/"{draft.row_version}"'
    assert_api_error(send(client, "PATCH", url, {"title": "Sin etiqueta"}), 428)
    ok = send(client, "PATCH", url, {"title": "Título nuevo"}, {"If-Match": tag})
    assert ok.status_code == 200 and ok.json()["title"] == "Título nuevo"
    assert ok["ETag"] == f'W/"{draft.row_version + 1}"'
    stale = send(client, "PATCH", url, {"title": "Encima"}, {"If-Match": tag})
    body = assert_api_error(stale, 412)
    assert body["current"]["title"] == "Título nuevo" and stale["ETag"] == ok["ETag"]
    assert Challenge.objects.get(pk=draft.pk).title == "Título nuevo"


def _challenge_form(challenge: Challenge, **changes: str) -> dict[str, str]:
    return {**STATEMENT, "co_municipalities": "", "row_version": str(challenge.row_version), **changes}


def test_challenge_edit_conflict_is_409_with_both_versions(users, client_for, draft):
    form = _challenge_form(draft, title="Mi título tecleado")
    services.challenge_update(
        actor=users["staff"], challenge=draft, data={"title": "Título del Hub"}, expected_version=draft.row_version
    )
    response = client_for("santiago").post(reverse("innovation:challenge_edit", args=[draft.pk]), form)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Título del Hub" in html and "Mi título tecleado" in html
    assert Challenge.objects.get(pk=draft.pk).title == "Título del Hub"


def test_call_edit_conflict_is_409(users, client_for, draft_call):
    url = reverse("innovation:call_edit", args=[draft_call.slug])
    local = timezone.localtime
    form = {
        "title": "Mi título",
        "description": draft_call.description,
        "eligibility": draft_call.eligibility,
        "opens_at": local(draft_call.opens_at).strftime("%Y-%m-%dT%H:%M"),
        "closes_at": local(draft_call.closes_at).strftime("%Y-%m-%dT%H:%M"),
        "row_version": "1",
    }
    services.call_update(
        actor=users["staff"], call=draft_call, data={"title": "Título de otra persona"}, expected_version=1
    )
    response = client_for("staff").post(url, form)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Título de otra persona" in html and "Mi título" in html
    assert Call.objects.get(pk=draft_call.pk).title == "Título de otra persona"


def test_event_edit_conflict_is_409(users, client_for, event):
    local = timezone.localtime
    form = {
        "title": event.title,
        "description": event.description,
        "call": "",
        "starts_at": local(event.starts_at).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": local(event.ends_at).strftime("%Y-%m-%dT%H:%M"),
        "place": "Mi lugar",
        "online_url": "",
        "capacity": "20",
        "row_version": "1",
    }
    services.event_update(actor=users["staff"], event=event, data={"place": "Lugar del colega"}, expected_version=1)
    response = client_for("staff").post(reverse("innovation:event_edit", args=[event.pk]), form)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Lugar del colega" in html and "Mi lugar" in html
    assert Event.objects.get(pk=event.pk).place == "Lugar del colega"


def test_transition_api_checks_if_match_when_sent(users, draft):
    client = api_client("santiago")
    url = reverse("api:challenge_transition", kwargs={"pk": draft.pk})
    stale_tag = {"If-Match": f'W/"{draft.row_version}"'}
    services.challenge_update(
        actor=users["staff"], challenge=draft, data={"title": "Del Hub"}, expected_version=draft.row_version
    )
    refused = send(client, "POST", url, {"to": "in_review"}, stale_tag)
    assert assert_api_error(refused, 412)["current"]["title"] == "Del Hub"
    assert Challenge.objects.get(pk=draft.pk).status == "draft"
    moved = send(client, "POST", url, {"to": "in_review"}, {"If-Match": refused["ETag"]})
    assert moved.status_code == 200 and moved.json()["status"] == "in_review"
    assert moved["ETag"] == f'W/"{draft.row_version + 2}"'
