"""Pilots API: public reads, measurements and transitions with the same rules as the pages,
JSON errors for bad input, and the supplier record's details by permission."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hublocal.innovation.models import Call
from hublocal.pilots import services
from hublocal.pilots.models import Measurement
from hublocal.proposals.models import Proposal
from tests.helpers import api_client, assert_api_error, assert_unchanged, db_state

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def running(users, network):
    pilot = f.running_pilot(
        users["santiago"], municipality=f.org("municipalidad-santiago"), startup_org=f.org("datamuni-spa")
    )
    ind = pilot.indicators.get()
    services.measurement_record(actor=users["santiago"], indicator=ind, measured_on=f.days_ago(10), value=8)
    services.indicator_revise(
        expected_version=None,
        actor=users["santiago"],
        indicator=ind,
        data=f.indicator_data(target=6.0),
        justification="La fuente de datos cambió y la meta se ajusta.",
    )
    return pilot


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_list_is_public_and_filters(running):
    body = api_client(None).get("/api/v1/pilots/", {"status": "running"}).json()
    row = next(r for r in body["results"] if r["id"] == running.pk)
    assert row["municipality"]["slug"] == "municipalidad-santiago" and row["indicators_met"] is None
    assert row["indicator_count"] == 1 and row["commune_code"] == "13101"
    assert_api_error(api_client(None).get("/api/v1/pilots/", {"status": "raro"}), 400)
    assert_api_error(api_client(None).get("/api/v1/pilots/", {"area": "x" * 200}), 400)


def test_detail_has_versions_and_measurements(running):
    body = api_client(None).get(f"/api/v1/pilots/{running.pk}/").json()
    ind = body["indicators"][0]
    assert ind["current_version"] == 2 and [v["version"] for v in ind["versions"]] == [1, 2]
    assert ind["versions"][1]["justification"].startswith("La fuente")
    assert ind["current"]["target"] == 6.0
    assert ind["measurements"][0]["value"] == 8.0
    assert body["indicators_locked_at"] is not None and body["rating"] is None
    assert_api_error(api_client(None).get("/api/v1/pilots/999999999/"), 404)


def test_measurement_post_follows_the_rules(users, running):
    url = f"/api/v1/pilots/{running.pk}/measurements/"
    ind = running.indicators.get().pk
    anon, outsider, party = api_client(None), api_client("startup-b"), api_client("startup-a")
    yesterday = str(f.days_ago(1))
    before = db_state()
    assert_api_error(post(anon, url, {"indicator": ind, "measured_on": yesterday, "value": 3}), 401)
    assert_api_error(post(outsider, url, {"indicator": ind, "measured_on": yesterday, "value": 3}), 403)
    bad = assert_api_error(post(party, url, {"indicator": ind, "measured_on": "2099-01-01", "value": 3}), 400)
    assert "measured_on" in bad["errors"]
    for body in [
        {"indicator": ind, "measured_on": "ayer", "value": 3},
        {"indicator": 10**6, "measured_on": yesterday, "value": 3},
        {"indicator": ind, "measured_on": str(f.days_ago(10)), "value": 3},
        {"indicator": ind, "measured_on": yesterday, "value": "NaN"},
        {"indicator": ind, "measured_on": yesterday},
    ]:
        assert_api_error(post(party, url, body), 400)
    assert_api_error(party.post(url, "{nope", content_type="application/json"), 400)
    assert_unchanged(before)
    response = post(party, url, {"indicator": ind, "measured_on": yesterday, "value": 6.5})
    assert response.status_code == 201 and response.json()["value"] == 6.5
    assert len(anon.get(url).json()) == 2
    assert Measurement.objects.filter(indicator_id=ind).count() == 2


def test_transitions(users, running):
    url = f"/api/v1/pilots/{running.pk}/transition/"
    assert_api_error(post(api_client("startup-a"), url, {"action": "pause"}), 403)
    assert_api_error(post(api_client("santiago"), url, {"action": "explode"}), 400)
    refused = assert_api_error(post(api_client("santiago"), url, {"action": "resume"}), 400)
    assert "reanudarse" in refused["detail"]
    assert post(api_client("santiago"), url, {"action": "pause"}).json()["status"] == "paused"
    ind = running.indicators.get().pk
    short = post(
        api_client("staff"), url, {"action": "finish", "overrides": [{"indicator": ind, "met": True, "reason": "x"}]}
    )
    assert_api_error(short, 400)
    done = post(
        api_client("staff"),
        url,
        {
            "action": "finish",
            "summary": "Fin.",
            "overrides": [{"indicator": ind, "met": True, "reason": "Dato externo lo confirma."}],
        },
    ).json()
    assert done["status"] == "finished" and done["indicators_met"] == 1
    assert done["indicators"][0]["met_overridden"] is True


def test_agreements_and_supplier_details(users, running):
    body = api_client(None).get("/api/v1/pilots/agreements/").json()
    assert any(a["pilot_id"] == running.pk for a in body["results"])
    detail = api_client(None).get(f"/api/v1/pilots/agreements/{running.agreement_id}/").json()
    assert detail["municipality"]["slug"] == "municipalidad-santiago" and detail["document_url"] is None
    assert_api_error(api_client(None).get("/api/v1/pilots/agreements/999999999/"), 404)
    services.pilot_finish(actor=users["santiago"], pilot=running)
    scores = dict.fromkeys(
        ["calidad_solucion", "cumplimiento_plazos", "soporte_capacitacion", "comunicacion", "costo_beneficio"], 3
    )
    services.rating_submit(actor=users["santiago"], pilot=running, scores=scores, comment="Reservado.")
    public = api_client(None).get("/api/v1/suppliers/datamuni-spa/").json()
    assert public["details"] is None and public["rating_count"] >= 1
    assert api_client("startup-b").get("/api/v1/suppliers/datamuni-spa/").json()["details"] is None
    own = api_client("startup-a").get("/api/v1/suppliers/datamuni-spa/").json()
    assert any(r["comment"] == "Reservado." for r in own["details"]["ratings"])
    assert api_client("valparaiso").get("/api/v1/suppliers/datamuni-spa/").json()["details"] is not None
    pilot = api_client(None).get(f"/api/v1/pilots/{running.pk}/").json()
    assert pilot["rating"]["average"] == 3.0 and pilot["rating"]["comment"] is None
    assert_api_error(api_client(None).get("/api/v1/suppliers/municipalidad-santiago/"), 404)


def test_programme(users, running):
    anon = api_client(None).get("/api/v1/programme/").json()
    assert anon["municipalities"] is None and anon["funnel"]["pilots"] >= 1
    staff = api_client("analista").get("/api/v1/programme/", {"call": running.agreement.challenge.call_id}).json()
    assert staff["funnel"]["agreements"] == 1
    assert any(m["slug"] == "municipalidad-santiago" for m in staff["municipalities"])
    totals = staff["municipality_totals"]
    assert totals["challenges"] == staff["funnel"]["challenges"] and totals["pilots"] == staff["funnel"]["pilots"]
    assert totals["municipalities"] == len(staff["municipalities"]) and anon["municipality_totals"] is None
    assert_api_error(api_client(None).get("/api/v1/programme/", {"call": "uno"}), 400)
    assert_api_error(api_client(None).get("/api/v1/programme/", {"call": "99999999"}), 404)


def test_programme_api_hides_proposal_counts_of_an_open_call(users):
    open_call = Call.objects.get(slug="municipia-2026")
    for who in ("startup-b", None, "santiago"):
        funnel = api_client(who).get("/api/v1/programme/", {"call": open_call.pk}).json()["funnel"]
        assert funnel["proposals"] is None and funnel["sessions"] is None, who
        assert funnel["challenges"] >= 3, who
    hub = api_client("staff").get("/api/v1/programme/", {"call": open_call.pk}).json()["funnel"]
    assert hub["proposals"] >= 2 and hub["sessions"] == 0
    public_total = api_client("startup-b").get("/api/v1/programme/").json()["funnel"]["proposals"]
    hub_total = api_client("staff").get("/api/v1/programme/").json()["funnel"]["proposals"]
    still_open = (
        Proposal.objects.filter(challenge__call__closes_at__gt=timezone.now()).exclude(status="withdrawn").count()
    )
    assert still_open >= 2 and hub_total - public_total == still_open


def test_programme_api_documents_the_hidden_counts(network):
    schema = api_client(None).get("/api/v1/openapi.json").json()
    funnel = schema["components"]["schemas"]["ProgrammeFunnel"]["properties"]
    assert funnel["proposals"]["nullable"] and funnel["sessions"]["nullable"]
    assert not funnel["agreements"].get("nullable")


def test_programme_api_of_a_draft_call_is_404_to_all_but_the_hub(users):
    draft = f.call(status="draft", closes_at=timezone.now() + timedelta(days=60))
    for who in (None, "startup-b", "santiago"):
        assert_api_error(api_client(who).get("/api/v1/programme/", {"call": draft.pk}), 404)
    assert api_client("analista").get("/api/v1/programme/", {"call": draft.pk}).json()["call_id"] == draft.pk


@pytest.mark.parametrize("raw", ["²", "١٢", "1e3"])
def test_programme_api_with_a_non_ascii_number_is_400_not_500(users, raw):
    body = assert_api_error(api_client(None).get("/api/v1/programme/", {"call": raw}), 400)
    assert "call" in body["errors"]


def test_list_queries_do_not_grow(users, running):
    client = api_client(None)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/api/v1/pilots/").status_code == 200
        return len(ctx.captured_queries)

    small = count()
    for _ in range(5):
        f.running_pilot(users["staff"], municipality=f.org("municipalidad-valparaiso"), startup_org=f.startup())
    assert count() == small
