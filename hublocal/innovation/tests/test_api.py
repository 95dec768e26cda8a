"""Open-innovation API: same rules as the pages, JSON errors, anonymity kept."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from hublocal.audit.models import AuditEvent
from hublocal.innovation import selectors, services
from hublocal.innovation.models import Challenge, EventRegistration, Question
from tests.helpers import api_client, assert_api_error, assert_unchanged, db_state

from .conftest import STATEMENT


def _post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def _patch(client, url, body):
    # Like a well-behaved client: the ETag just read goes in If-Match (hublocal/core/locking.py).
    read = client.get(url)
    headers = {"If-Match": read["ETag"]} if read.has_header("ETag") else {}
    return client.patch(url, json.dumps(body), content_type="application/json", headers=headers)


def _patentes() -> Challenge:
    return Challenge.objects.get(title="Patentes comerciales sin filas ni papeles")


def test_list_filters_and_validation(network):
    client = api_client(None)
    body = client.get("/api/v1/challenges/", {"area": "aps"}).json()
    assert [c["title"] for c in body["results"]] == ["Agenda de horas en CESFAM rurales con conectividad limitada"]
    assert_api_error(client.get("/api/v1/challenges/", {"area": "espacio"}), 400)
    assert_api_error(client.get("/api/v1/challenges/", {"call": "uno"}), 400)
    statuses = {c["status"] for c in client.get("/api/v1/challenges/", {"page_size": 200}).json()["results"]}
    assert statuses <= {"published", "closed", "in_pilot", "finished", "archived"}


def test_official_creates_and_completes_a_challenge(users):
    client = api_client("santiago")
    created = _post(client, "/api/v1/challenges/", {**STATEMENT, "municipalities": ["municipalidad-valparaiso"]})
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["status"] == "draft" and data["owner"]["slug"] == "municipalidad-santiago"
    assert {m["slug"] for m in data["municipalities"]} == {"municipalidad-santiago", "municipalidad-valparaiso"}
    url = f"/api/v1/challenges/{data['id']}/"
    assert_api_error(api_client("startup-a").get(url), 404)
    patched = _patch(client, url, {"budget_min": 2_000_000, "budget_max": 1_000})
    body = assert_api_error(patched, 400)
    assert "budget_max" in body["errors"]
    assert _patch(client, url, {"budget_min": 1_000, "budget_max": 2_000_000}).json()["budget_max"] == 2_000_000
    moved = _post(client, f"{url}transition/", {"to": "in_review"})
    assert moved.status_code == 200 and moved.json()["status"] == "in_review"
    assert_api_error(_patch(client, url, {"title": "Tarde"}), 403)


def test_bad_bodies_are_400_and_write_nothing(users):
    client = api_client("santiago")
    before = db_state()
    for body in (
        {**STATEMENT, "affected": ""},
        {**STATEMENT, "area": "espacio"},
        {**STATEMENT, "municipalities": ["datamuni-spa"]},
        {**STATEMENT, "problem": "a\x00b"},
        {**STATEMENT, "budget_min": -5},
        [],
    ):
        assert_api_error(_post(client, "/api/v1/challenges/", body), 400)
    assert_unchanged(before)


def test_hub_must_name_the_owner(users):
    assert_api_error(_post(api_client("staff"), "/api/v1/challenges/", STATEMENT), 400)
    body = {**STATEMENT, "owner": "municipalidad-valparaiso"}
    assert_api_error(_post(api_client("santiago"), "/api/v1/challenges/", body), 403)


def test_transition_errors(users):
    url = f"/api/v1/challenges/{_patentes().pk}/transition/"
    assert_api_error(_post(api_client("staff"), url, {"to": "draft"}), 400)
    assert_api_error(_post(api_client("staff"), url, {"to": "nada"}), 400)
    assert_api_error(_post(api_client("santiago"), url, {"to": "closed"}), 403)


def test_matches_with_reasons_for_the_buyer_side(users):
    url = f"/api/v1/challenges/{_patentes().pk}/matches/"
    response = api_client("valparaiso").get(url, {"limit": "5"})
    assert response.status_code == 200
    matches = response.json()
    assert len(matches) <= 5
    assert all(m["reasons"] and 0 <= m["score"] <= 100 for m in matches)
    assert_api_error(api_client("startup-a").get(url), 403)
    assert_api_error(api_client("staff").get(url, {"limit": "500"}), 400)


def test_startup_matches_are_its_own(users):
    response = api_client("startup-a").get("/api/v1/startups/datamuni-spa/matches/")
    assert response.status_code == 200
    for m in response.json():
        assert m["reasons"] and m["solution"]["organization"]["slug"] == "datamuni-spa"
    assert_api_error(api_client("startup-b").get("/api/v1/startups/datamuni-spa/matches/"), 403)
    assert_api_error(api_client("staff").get("/api/v1/startups/municipalidad-santiago/matches/"), 404)


def test_calls_carry_their_criteria(network):
    current = selectors.call_get_by_slug(slug="municipia-2026")
    body = api_client(None).get(f"/api/v1/calls/{current.pk}/").json()
    assert body["is_open"] is True and sum(c["weight"] for c in body["criteria"]) == 100
    assert body["criteria"][0] == {
        "name": "Pertinencia para el problema",
        "weight": 35,
        "description": body["criteria"][0]["description"],
    }


def test_questions_keep_anonymity(users):
    current = selectors.call_get_by_slug(slug="municipia-2026")
    url = f"/api/v1/calls/{current.pk}/questions/"
    for who in (None, "startup-b", "santiago"):
        rows = api_client(who).get(url).json()
        anonymous = [q for q in rows if q["anonymous"]]
        assert anonymous and all(q["asked_by"] is None for q in anonymous), who
        assert "Valentina" not in json.dumps(rows, ensure_ascii=False)
    staff_rows = api_client("staff").get(url).json()
    assert any("Valentina" in (q["asked_by"] or "") for q in staff_rows)
    asked = _post(api_client("startup-a"), url, {"text": "¿Hay que tener patente comercial?", "anonymous": True})
    assert asked.status_code == 201 and asked.json()["asked_by"] is None
    assert Question.objects.get(pk=asked.json()["id"]).asked_by == users["startup-a"]
    assert_api_error(_post(api_client("startup-a"), url, {"text": ""}), 400)


def test_event_registration_through_the_api(network):
    event = EventRegistration.objects.order_by("pk").first().event
    url = f"/api/v1/events/{event.pk}/register/"
    body = {"full_name": "Luis Vecino", "email": "luis@example.cl"}
    created = _post(api_client(None), url, body)
    assert created.status_code == 201
    registration = EventRegistration.objects.get(email="luis@example.cl")
    event_log = AuditEvent.objects.get(action="innovation.event_register", object_id=str(registration.pk))
    assert event_log.actor is None
    duplicate = assert_api_error(_post(api_client(None), url, body), 400)
    assert "email" in duplicate["errors"]
    assert_api_error(_post(api_client(None), url, {"full_name": "Sin correo"}), 400)
    detail = api_client(None).get(f"/api/v1/events/{event.pk}/").json()
    assert detail["registered"] == event.registrations.count() and detail["seats_left"] == 800 - detail["registered"]


@pytest.mark.parametrize("raw", ["²", "١٠", "0", "51", "5.0"])
def test_match_limit_is_an_ascii_number_from_1_to_50_or_a_400(users, raw):
    # str.isdigit() accepts "²", on which int() raises: it must be a 400, never a 500.
    challenge_url = f"/api/v1/challenges/{_patentes().pk}/matches/"
    body = assert_api_error(api_client("staff").get(challenge_url, {"limit": raw}), 400)
    assert "limit" in body["errors"]
    startup_url = "/api/v1/startups/datamuni-spa/matches/"
    assert "limit" in assert_api_error(api_client("startup-a").get(startup_url, {"limit": raw}), 400)["errors"]


def test_event_api_names_only_calls_the_account_may_see(users, draft_call):
    event = services.event_create(
        actor=users["staff"],
        title="Encuentro de una convocatoria en preparación",
        description="Presentación.",
        starts_at=draft_call.opens_at,
        ends_at=draft_call.opens_at + timedelta(hours=2),
        capacity=50,
        place="Sala del Hub",
        call=draft_call,
    )
    url = f"/api/v1/events/{event.pk}/"
    assert api_client(None).get(url).json()["call"] is None
    assert api_client("startup-a").get(url).json()["call"] is None
    assert api_client("analista").get(url).json()["call"] == draft_call.pk
    listed = api_client(None).get("/api/v1/events/").json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert next(e for e in rows if e["id"] == event.pk)["call"] is None
