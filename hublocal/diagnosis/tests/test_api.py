"""The diagnosis REST API: who may read and write what, all-or-nothing answers with optimistic
concurrency, submission, published scores and rankings with bounded queries, and the error
contract on malformed input (always JSON {"detail", "errors"}, never a 500)."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hublocal.diagnosis import selectors, services
from hublocal.diagnosis.models import Answer, Campaign, Participation, ParticipationStatus, Result
from hublocal.directory import selectors as directory_selectors
from tests.helpers import assert_api_error, assert_audited, audit_mark, write_event_count

DIMENSIONS = ["planificacion_gobernanza", "informacion_coordinacion", "prevencion"]
ROLES = ("anon", "staff", "analista", "santiago", "valparaiso", "startup-a")
SLUG = "seguridad-publica"
# Santiago, Valparaíso and a few more: 13110 and 13114 share Santiago's region and typology,
# so every peer group of Santiago has at least three members once they submit.
CODES = ["13101", "05101", "13110", "13114", "13123", "08101", "09101"]
# Every question of seguridad-publica v1 answered (sp_contexto is optional free text).
FULL: dict[str, Any] = {
    "sp_plan": "vigente_actualizado",
    "sp_consejo_sesiones": 10,
    "sp_consejo_asistencia": 4,
    "sp_unidad": "direccion",
    "sp_datos": ["cead", "mapa"],
    "sp_coordinacion": "periodica",
    "sp_cctv": True,
    "sp_cctv_uso": "protocolo_derivacion",
    "sp_cobertura_terreno": 12,
    "sp_situacional": ["iluminacion"],
    "sp_social": "articulados",
    "sp_victimas": True,
    "sp_participacion": 3,
}


@pytest.fixture(autouse=True)
def _fresh_cache():
    # The token endpoint is throttled per address: every test starts with a clean counter.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def _published(django_db_setup, django_db_blocker) -> list[str]:
    """content/instruments published once for the session, as `manage.py load_instruments`
    does (validating every file costs most of a second: not once per test)."""
    with django_db_blocker.unblock():
        return services.instruments_publish().errors


@pytest.fixture
def version(network, _published):
    iv = selectors.instrument_version_get(slug=SLUG, version=1)
    errors = _published
    if iv is None:  # the database was flushed since (a transactional test elsewhere)
        errors = services.instruments_publish().errors
        iv = selectors.instrument_version_get(slug=SLUG, version=1)
    assert iv is not None, errors
    return iv


def _create(users: dict, version: Any, codes: list[str], **extra: Any) -> Campaign:
    now = timezone.now()
    return services.campaign_create(
        actor=users["staff"],
        name=extra.pop("name", "Seguridad 2026 (prueba API)"),
        instrument_version=version,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=30),
        organizations=list(directory_selectors.municipalities(codes=codes)),
        **extra,
    )


@pytest.fixture
def campaign(users, version) -> Campaign:
    return _create(users, version, CODES)


@pytest.fixture
def private_campaign(users, version) -> Campaign:
    """Unpublished scores, Santiago only: Valparaíso and the public must not see it."""
    return _create(users, version, ["13101", "13110"], name="Campaña privada (prueba API)", results_public=False)


def part(campaign: Campaign, code: str) -> Participation:
    return selectors.participation_list(campaign=campaign).get(commune_code=code)


def body(answers: dict[str, Any], version: int | None = 0) -> dict[str, Any]:
    return {"answers": {qid: {"value": value, "version": version} for qid, value in answers.items()}}


_NOTHING = object()


def send(client: Client, method: str, url: str, data: Any = _NOTHING) -> Any:
    """One request; bodies go as JSON (str/bytes as they are, to send broken JSON)."""
    if method == "GET":
        return client.get(url)
    raw = data if isinstance(data, (str, bytes)) else json.dumps({} if data is _NOTHING else data)
    return client.generic(method, url, raw, content_type="application/json")


def submit_all(campaign: Campaign, codes: list[str], values: dict[str, Any] | None = None) -> None:
    """Answer everything and submit for these municipalities, through the services."""
    for i, code in enumerate(codes):
        p = part(campaign, code)
        answers = dict(values or FULL)
        answers["sp_participacion"] = 1 + i % 5  # different scores, so the ranking has an order
        services.answers_save(
            allow_unversioned=True,
            actor=None,
            participation=p,
            answers=[services.AnswerInput(k, v) for k, v in answers.items()],
        )
        services.participation_submit(actor=None, participation=p)


def answers_url(p: Participation) -> str:
    return f"/api/v1/diagnosis/participations/{p.pk}/answers/"


# --------------------------------------------------------------------------- permission matrix

#   (name, method, url template, body, statuses for ROLES)
#   anon  staff  analista  santiago  valparaiso  startup-a
# fmt: off
MATRIX = [
    ("instrument list", "GET", "/api/v1/diagnosis/instruments/", _NOTHING, (200, 200, 200, 200, 200, 200)),
    ("instrument detail", "GET", "/api/v1/diagnosis/instruments/seguridad-publica/v1/", _NOTHING,
     (200, 200, 200, 200, 200, 200)),
    ("campaign list", "GET", "/api/v1/diagnosis/campaigns/", _NOTHING, (200, 200, 200, 200, 200, 200)),
    ("campaign create", "POST", "/api/v1/diagnosis/campaigns/", "NEW_CAMPAIGN", (401, 201, 403, 403, 403, 403)),
    ("public campaign", "GET", "/api/v1/diagnosis/campaigns/{campaign}/", _NOTHING, (200, 200, 200, 200, 200, 200)),
    ("private campaign", "GET", "/api/v1/diagnosis/campaigns/{private}/", _NOTHING, (404, 200, 200, 200, 404, 404)),
    ("participations", "GET", "/api/v1/diagnosis/campaigns/{campaign}/participations/", _NOTHING,
     (401, 200, 200, 200, 200, 403)),
    ("participation", "GET", "/api/v1/diagnosis/participations/{stgo}/", _NOTHING, (401, 200, 200, 200, 404, 404)),
    ("answers", "GET", "/api/v1/diagnosis/participations/{stgo}/answers/", _NOTHING, (401, 200, 200, 200, 404, 404)),
    ("answers put", "PUT", "/api/v1/diagnosis/participations/{stgo}/answers/", body({"sp_plan": "sin_plan"}, 0),
     (401, 403, 403, 200, 404, 404)),
    ("answers patch", "PATCH", "/api/v1/diagnosis/participations/{stgo}/answers/", body({"sp_cctv": False}, 0),
     (401, 403, 403, 200, 404, 404)),
    ("confirm", "POST", "/api/v1/diagnosis/participations/{stgo}/confirm/", {}, (401, 403, 403, 200, 404, 404)),
    ("submit", "POST", "/api/v1/diagnosis/participations/{stgo}/submit/", {}, (401, 403, 403, 400, 404, 404)),
    ("reopen", "POST", "/api/v1/diagnosis/participations/{stgo}/reopen/", {}, (401, 200, 403, 403, 404, 404)),
    ("result (public campaign)", "GET", "/api/v1/diagnosis/participations/{submitted}/result/", _NOTHING,
     (200, 200, 200, 200, 200, 200)),
    ("result (private campaign)", "GET", "/api/v1/diagnosis/participations/{private_submitted}/result/", _NOTHING,
     (404, 200, 200, 200, 404, 404)),
    ("ranking", "GET", "/api/v1/diagnosis/ranking/?campaign={campaign}", _NOTHING, (200, 200, 200, 200, 200, 200)),
    ("ranking (private)", "GET", "/api/v1/diagnosis/ranking/?campaign={private}", _NOTHING,
     (400, 200, 200, 400, 400, 400)),
    ("commune scores", "GET", "/api/v1/communes/13101/scores/", _NOTHING, (200, 200, 200, 200, 200, 200)),
]
# fmt: on
# What a successful write of each row records in the audit log.
AUDIT = {
    "campaign create": "diagnosis.campaign_create",
    "answers put": "diagnosis.answers_save",
    "answers patch": "diagnosis.answers_save",
    "confirm": "diagnosis.participation_confirm",
    "reopen": "diagnosis.participation_reopen",
}


def _new_campaign_body() -> dict[str, Any]:
    now = timezone.now()
    return {
        "name": "Campaña creada por API",
        "instrument": {"slug": SLUG, "version": 1},
        "opens_at": now.isoformat(),
        "closes_at": (now + timedelta(days=20)).isoformat(),
        "communes": ["13101", "05101"],
    }


@pytest.mark.parametrize(
    ("name", "method", "url", "data", "role", "expected"),
    [
        pytest.param(name, method, url, data, role, expected, id=f"{name}-{role}")
        for name, method, url, data, statuses in MATRIX
        for role, expected in zip(ROLES, statuses, strict=True)
    ],
)
def test_permission_matrix(name, method, url, data, role, expected, users, campaign, private_campaign, client_for):
    submit_all(campaign, ["13110"])
    submit_all(private_campaign, ["13101"])
    ids = {
        "campaign": campaign.pk,
        "private": private_campaign.pk,
        "stgo": part(campaign, "13101").pk,
        "submitted": part(campaign, "13110").pk,
        "private_submitted": part(private_campaign, "13101").pk,
    }
    if data == "NEW_CAMPAIGN":
        data = _new_campaign_body()
    client = client_for(None if role == "anon" else role)
    answers_before, mark, writes_before = Answer.objects.count(), audit_mark(), write_event_count()
    response = send(client, method, url.format(**ids), data)
    assert response.status_code == expected, (role, response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/json")
    if expected >= 400:
        assert_api_error(response, expected)
        assert Answer.objects.count() == answers_before  # a refused request saved nothing
        assert write_event_count() == writes_before
    elif name in AUDIT:
        assert_audited(mark, actor=users[role], action=AUDIT[name])


def test_anonymous_gets_a_bearer_challenge(campaign):
    response = Client().get(answers_url(part(campaign, "13101")))
    assert_api_error(response, 401)
    assert response["WWW-Authenticate"].lower().startswith("bearer")


def test_routes_refuse_other_methods(users, campaign, client_for):
    """Methods an endpoint does not offer answer 405, even to a hub administrator."""
    p = part(campaign, "13101")
    staff = client_for("staff")
    for method, url in [
        ("POST", "/api/v1/diagnosis/instruments/"),
        ("DELETE", f"/api/v1/diagnosis/campaigns/{campaign.pk}/"),
        ("POST", f"/api/v1/diagnosis/participations/{p.pk}/answers/"),
        ("DELETE", f"/api/v1/diagnosis/participations/{p.pk}/answers/"),
        ("GET", f"/api/v1/diagnosis/participations/{p.pk}/submit/"),
        ("PUT", "/api/v1/diagnosis/ranking/"),
        ("POST", "/api/v1/communes/13101/scores/"),
    ]:
        assert_api_error(send(staff, method, url, {}), 405)


# --------------------------------------------------------------------------- privacy


def test_valparaiso_never_reads_or_writes_santiago_answers(users, campaign, client_for):
    stgo = part(campaign, "13101")
    assert send(client_for("santiago"), "PUT", answers_url(stgo), body({"sp_plan": "con_metas"}, 0)).status_code == 200
    valpo = client_for("valparaiso")
    for url in (answers_url(stgo), f"/api/v1/diagnosis/participations/{stgo.pk}/"):
        response = valpo.get(url)
        assert_api_error(response, 404)
        assert b"con_metas" not in response.content
    # Same answer as for an id that does not exist: existence is not revealed.
    assert valpo.get("/api/v1/diagnosis/participations/999999999/answers/").json() == response.json()
    assert_api_error(send(valpo, "PUT", answers_url(stgo), body({"sp_plan": "sin_plan"})), 404)
    assert Answer.objects.get(participation=stgo, question_id="sp_plan").value == "con_metas"
    # Its own participation list shows only its own row.
    rows = valpo.get(f"/api/v1/diagnosis/campaigns/{campaign.pk}/participations/").json()["results"]
    assert [r["commune_code"] for r in rows] == ["05101"]


def test_startup_never_sees_private_data(users, campaign, private_campaign, client_for):
    submit_all(private_campaign, ["13101"])
    startup = client_for("startup-a")
    listed = {c["id"] for c in startup.get("/api/v1/diagnosis/campaigns/").json()["results"]}
    assert campaign.pk in listed and private_campaign.pk not in listed
    assert_api_error(startup.get(f"/api/v1/diagnosis/campaigns/{campaign.pk}/participations/"), 403)
    private_p = part(private_campaign, "13101")
    for url in (
        f"/api/v1/diagnosis/participations/{private_p.pk}/",
        f"/api/v1/diagnosis/participations/{private_p.pk}/answers/",
        f"/api/v1/diagnosis/participations/{private_p.pk}/result/",
        f"/api/v1/diagnosis/campaigns/{private_campaign.pk}/",
    ):
        assert_api_error(startup.get(url), 404)
    # Unpublished scores stay out of the commune's public scores.
    scores = startup.get("/api/v1/communes/13101/scores/").json()
    assert private_campaign.pk not in {s["campaign"]["id"] for s in scores}


def test_municipal_official_sees_own_private_campaign_and_public_ones(users, campaign, private_campaign, client_for):
    listed = {c["id"] for c in client_for("santiago").get("/api/v1/diagnosis/campaigns/").json()["results"]}
    assert {campaign.pk, private_campaign.pk} <= listed
    listed = {c["id"] for c in client_for("valparaiso").get("/api/v1/diagnosis/campaigns/").json()["results"]}
    assert campaign.pk in listed and private_campaign.pk not in listed


def test_staff_participation_list_has_status_and_silence(users, campaign, client_for):
    from hublocal.engagement import services as engagement_services

    stgo = part(campaign, "13101")
    services.answers_save(
        allow_unversioned=True,
        actor=users["santiago"],
        participation=stgo,
        answers=[services.AnswerInput("sp_cctv", True)],
    )
    # Valparaíso said nothing for 30 days: the hourly scan marks it silent and escalates.
    engagement_services.escalate_due(now=timezone.now() + timedelta(days=30))
    body_ = client_for("analista").get(f"/api/v1/diagnosis/campaigns/{campaign.pk}/participations/").json()
    assert body_["count"] == len(CODES)
    rows = {r["commune_code"]: r for r in body_["results"]}
    assert rows["13101"]["status"] == "in_progress" and rows["13101"]["last_activity_at"]
    assert rows["13101"]["focal_point"]["full_name"] == "Daniela Soto (demo)"
    valpo = rows["05101"]
    assert valpo["status"] == "invited"
    assert valpo["engagement"]["silent"] is True and valpo["engagement"]["status"] == "silent"
    assert valpo["engagement"]["escalation_level"] >= 1


# --------------------------------------------------------------------------- answers


def test_get_answers_shape(users, campaign, client_for):
    stgo = part(campaign, "13101")
    client = client_for("santiago")
    sent = body({"sp_plan": "sin_plan", "sp_datos": ["mapa", "cead"]}, 0)
    assert send(client, "PUT", answers_url(stgo), sent).status_code == 200
    data = client.get(answers_url(stgo)).json()
    assert data["revision"] == 1
    plan = data["answers"]["sp_plan"]
    assert plan["value"] == "sin_plan" and plan["version"] == 1 and plan["updated_by"] == "santiago"
    assert "T" in plan["updated_at"]
    assert data["answers"]["sp_datos"]["value"] == ["cead", "mapa"]  # normalised to the options' order


def test_answers_put_is_all_or_nothing(users, campaign, client_for):
    stgo = part(campaign, "13101")
    sent = body({"sp_plan": "sin_plan", "sp_cctv": True, "sp_consejo_asistencia": 9, "sp_victimas": False}, 0)
    response = send(client_for("santiago"), "PUT", answers_url(stgo), sent)
    errors = assert_api_error(response, 400)["errors"]
    assert set(errors) == {"sp_consejo_asistencia"}
    assert not Answer.objects.filter(participation=stgo).exists()


@pytest.mark.parametrize(
    ("qid", "value"),
    [
        ("sp_plan", "cead"),  # an option of sp_datos, not of sp_plan
        ("sp_datos", ["cead", "sin_plan"]),
        ("sp_datos", ["ninguna", "cead"]),  # exclusive option combined
        ("sp_consejo_asistencia", 0),
        ("sp_consejo_asistencia", 6),
        ("sp_consejo_asistencia", 2.5),
        ("sp_consejo_sesiones", 61),
        ("sp_consejo_sesiones", -1),
        ("sp_consejo_sesiones", 3.5),  # integer question
        ("sp_cobertura_terreno", 25),
        ("sp_cctv", "quizás"),
        ("sp_contexto", "x" * 1501),
        ("no_existe", "sin_plan"),
    ],
)
def test_invalid_values_are_rejected_per_question(qid, value, users, campaign, client_for):
    stgo = part(campaign, "13101")
    response = send(client_for("santiago"), "PATCH", answers_url(stgo), body({qid: value}))
    assert set(assert_api_error(response, 400)["errors"]) == {qid}
    assert not Answer.objects.filter(participation=stgo).exists()


def test_after_deadline_answers_are_refused_with_a_message(users, campaign, client_for):
    stgo = part(campaign, "13101")
    Campaign.objects.filter(pk=campaign.pk).update(closes_at=timezone.now() - timedelta(hours=1))
    response = send(client_for("santiago"), "PUT", answers_url(stgo), body({"sp_plan": "sin_plan"}, 0))
    data = assert_api_error(response, 400)
    assert "plazo" in data["detail"]
    assert not Answer.objects.filter(participation=stgo).exists()


def test_stale_version_conflicts_and_keeps_the_colleagues_work(users, campaign, client_for):
    from hublocal.accounts import services as account_services

    stgo = part(campaign, "13101")
    colleague = account_services.user_create(
        actor=users["staff"],
        username="santiago-2",
        email="santiago-2@example.cl",
        password="una-clave-larga-123",
        role="municipal",
        organization=stgo.organization,
    )
    mine, theirs = client_for("santiago"), Client()
    theirs.force_login(colleague)
    assert send(mine, "PUT", answers_url(stgo), body({"sp_plan": "sin_plan"}, 0)).status_code == 200
    # Both loaded version 1; the colleague saves first.
    assert send(theirs, "PUT", answers_url(stgo), body({"sp_plan": "con_metas"}, 1)).status_code == 200
    response = send(mine, "PUT", answers_url(stgo), body({"sp_plan": "en_elaboracion", "sp_cctv": True}, 1))
    data = assert_api_error(response, 409)
    assert data["errors"] == {}
    conflict = data["conflicts"]["sp_plan"]
    assert conflict["value"] == "con_metas" and conflict["version"] == 2 and conflict["updated_by"] == "santiago-2"
    saved = {a.question_id: a for a in Answer.objects.filter(participation=stgo)}
    assert saved["sp_plan"].value == "con_metas" and "sp_cctv" not in saved  # nothing of the stale save


def test_two_first_saves_of_the_same_answer_second_conflicts(users, campaign, client_for):
    stgo = part(campaign, "13101")
    client = client_for("santiago")
    assert send(client, "PUT", answers_url(stgo), body({"sp_unidad": "direccion"}, 0)).status_code == 200
    response = send(client, "PUT", answers_url(stgo), body({"sp_unidad": "sin_unidad"}, 0))
    assert assert_api_error(response, 409)["conflicts"]["sp_unidad"]["value"] == "direccion"
    assert Answer.objects.get(participation=stgo, question_id="sp_unidad").value == "direccion"


def test_clearing_an_answer_with_null(users, campaign, client_for):
    stgo = part(campaign, "13101")
    client = client_for("santiago")
    send(client, "PUT", answers_url(stgo), body({"sp_plan": "sin_plan"}, 0))
    response = send(client, "PATCH", answers_url(stgo), body({"sp_plan": None}, 1))
    assert response.status_code == 200 and "sp_plan" not in response.json()["answers"]


MALFORMED_ANSWERS = [
    [],
    "texto",
    None,
    123,
    {},
    {"answers": None},
    {"answers": []},
    {"answers": {}},
    {"answers": "sp_plan"},
    {"answers": {"sp_plan": None}},
    {"answers": {"sp_plan": "sin_plan"}},
    {"answers": {"sp_plan": {"version": 0}}},
    {"answers": {"sp_plan": {"value": {"id": "sin_plan"}}}},
    {"answers": {"sp_plan": {"value": "sin_plan", "version": "1"}}},
    {"answers": {"sp_plan": {"value": "sin_plan", "version": True}}},
    {"answers": {"sp_plan": {"value": "sin_plan", "version": -1}}},
    {"answers": {"sp_plan": {"value": "sin_plan", "version": 10**30}}},
    {"answers": {"sp_plan": {"value": "x" * 1_000_000}}},
    {"answers": {"sp_contexto": {"value": "x" * 1_000_000}}},
    {"answers": {"sp_contexto": {"value": "nul\x00byte"}}},
    {"answers": {"sp_consejo_sesiones": {"value": 10**400}}},
    {"answers": {"sp_consejo_sesiones": {"value": 1e308}}},
    {"answers": {"sp_datos": {"value": [[["cead"]]]}}},
    {"answers": {"sp_datos": {"value": ["cead", None, 3]}}},
    {"answers": {"x" * 10_000: {"value": 1}}},
    {"answers": {"nul\x00": {"value": 1}}},
    {"answers": {f"q{i}": {"value": 1} for i in range(600)}},
]


@pytest.mark.parametrize("payload", MALFORMED_ANSWERS, ids=range(len(MALFORMED_ANSWERS)))
def test_malformed_answer_bodies_are_400(payload, users, campaign, client_for):
    stgo = part(campaign, "13101")
    response = send(client_for("santiago"), "PUT", answers_url(stgo), payload)
    assert_api_error(response, 400)
    assert not Answer.objects.filter(participation=stgo).exists()


@pytest.mark.parametrize(
    "raw",
    [
        "{",
        "[" * 100_000 + "]" * 100_000,
        '{"answers": {"sp_plan": {"value": ' + "[" * 50_000 + "]" * 50_000 + "}}}",
        '{"answers": NaN}',
        b"\xff\xfe",
    ],
    ids=["truncated", "deep-array", "deep-value", "nan", "not-utf8"],
)
def test_unparseable_bodies_are_400(raw, users, campaign, client_for):
    response = send(client_for("santiago"), "PUT", answers_url(part(campaign, "13101")), raw)
    assert_api_error(response, 400)


def test_bearer_token_flow_for_answers(users, campaign):
    stgo = part(campaign, "13101")
    token = (
        Client()
        .post(
            "/api/v1/auth/token/",
            json.dumps({"username": "santiago", "password": settings.DEMO_PASSWORD}),
            content_type="application/json",
        )
        .json()["token"]
    )
    script = Client(headers={"Authorization": f"Bearer {token}"})
    response = send(script, "PUT", answers_url(stgo), body({"sp_plan": "vigente_actualizado"}, 0))
    assert response.status_code == 200, response.content
    assert response.json()["answers"]["sp_plan"]["updated_by"] == "santiago"
    assert script.get(answers_url(stgo)).json()["answers"]["sp_plan"]["version"] == 1
    forged = Client(headers={"Authorization": "Bearer no-es-un-token"})
    assert_api_error(forged.get(answers_url(stgo)), 401)
    # A municipal token does not open another municipality's answers.
    assert_api_error(script.get(answers_url(part(campaign, "05101"))), 404)


# --------------------------------------------------------------------------- confirm, submit, reopen


def test_confirm_names_a_focal_point_of_the_municipality(users, campaign, client_for):
    from hublocal.directory.models import Person

    stgo = part(campaign, "13101")
    url = f"/api/v1/diagnosis/participations/{stgo.pk}/confirm/"
    client = client_for("santiago")
    admin = Person.objects.get(full_name="Rodrigo Herrera (demo)")
    outsider = Person.objects.get(full_name="Patricia Vega (demo)")  # Valparaíso's administrator
    assert set(assert_api_error(send(client, "POST", url, {"focal_point": outsider.pk}), 400)["errors"]) == {
        "focal_point"
    }
    assert_api_error(send(client, "POST", url, {"focal_point": 10**12}), 400)
    assert_api_error(send(client, "POST", url, {"focal_point": "uno"}), 400)
    response = send(client, "POST", url, {"focal_point": admin.pk})
    assert response.status_code == 200
    assert response.json()["status"] == "confirmed"
    assert response.json()["focal_point"] == {"id": admin.pk, "full_name": "Rodrigo Herrera (demo)"}
    assert send(client, "POST", url, {"focal_point": None}).json()["focal_point"]["id"] == admin.pk


def test_submit_with_missing_answers_lists_them(users, campaign, client_for):
    stgo = part(campaign, "13101")
    client = client_for("santiago")
    partial = {k: v for k, v in FULL.items() if k not in {"sp_unidad", "sp_victimas"}}
    send(client, "PUT", answers_url(stgo), body(partial))
    data = assert_api_error(send(client, "POST", f"/api/v1/diagnosis/participations/{stgo.pk}/submit/", {}), 400)
    assert set(data["errors"]) == {"sp_unidad", "sp_victimas"}
    assert "sp_unidad" in data["detail"] and "sp_victimas" in data["detail"]
    assert Participation.objects.get(pk=stgo.pk).status == ParticipationStatus.IN_PROGRESS


def test_submit_returns_the_result_and_locks_answers(users, campaign, client_for):
    submit_all(campaign, ["13110", "13114"])
    stgo = part(campaign, "13101")
    client = client_for("santiago")
    assert send(client, "PUT", answers_url(stgo), body(FULL)).status_code == 200
    response = send(client, "POST", f"/api/v1/diagnosis/participations/{stgo.pk}/submit/", {})
    assert response.status_code == 200, response.content
    result = response.json()
    assert result["instrument"] == {"slug": SLUG, "version": 1, "title": campaign.instrument_version.title}
    assert result["campaign"] == {"id": campaign.pk, "name": campaign.name}
    assert 0 <= result["overall"] <= 100 and result["level"] in {1, 2, 3, 4, 5} and result["level_label"]
    assert [d["id"] for d in result["dimensions"]] == DIMENSIONS
    nation = next(g for g in result["peers"] if g["group"] == "nation")
    assert nation["size"] == 3 and nation["shown"] is True and nation["overall_percentile"] is not None
    # Submitted: further answers are refused with the reason.
    data = assert_api_error(send(client, "PATCH", answers_url(stgo), body({"sp_plan": "sin_plan"})), 400)
    assert "enviado" in data["detail"]
    # Published scores are open data: anyone reads the result.
    assert Client().get(f"/api/v1/diagnosis/participations/{stgo.pk}/result/").json()["overall"] == result["overall"]


def test_non_focal_official_cannot_submit(users, campaign, client_for):
    from hublocal.accounts import services as account_services

    stgo = part(campaign, "13101")
    colleague = account_services.user_create(
        actor=users["staff"],
        username="santiago-3",
        email="santiago-3@example.cl",
        password="una-clave-larga-123",
        role="municipal",
        organization=stgo.organization,
    )
    client = Client()
    client.force_login(colleague)
    send(client, "PUT", answers_url(stgo), body(FULL))  # colleagues may answer…
    assert Answer.objects.filter(participation=stgo).count() == len(FULL)
    # …but the named focal point (Daniela Soto, user santiago) submits.
    assert_api_error(send(client, "POST", f"/api/v1/diagnosis/participations/{stgo.pk}/submit/", {}), 403)


def test_reopen_withdraws_scores_and_extends(users, campaign, client_for):
    submit_all(campaign, ["13101"])
    stgo = part(campaign, "13101")
    url = f"/api/v1/diagnosis/participations/{stgo.pk}/reopen/"
    staff = client_for("staff")
    assert_api_error(send(staff, "POST", url, {"extended_until": "2030-01-01T10:00:00"}), 400)  # no time zone
    assert_api_error(send(staff, "POST", url, {"extended_until": "2001-01-01T10:00:00-03:00"}), 400)  # past
    assert_api_error(send(staff, "POST", url, {"extended_until": "mañana"}), 400)
    until = (timezone.now() + timedelta(days=60)).isoformat()
    response = send(staff, "POST", url, {"extended_until": until})
    assert response.status_code == 200
    assert response.json()["status"] == "in_progress" and response.json()["extended_until"]
    assert not Result.objects.filter(participation=stgo).exists()
    assert_api_error(Client().get(f"/api/v1/diagnosis/participations/{stgo.pk}/result/"), 404)


# --------------------------------------------------------------------------- instruments


def test_instrument_list_and_detail(version):
    rows = Client().get("/api/v1/diagnosis/instruments/").json()
    row = next(r for r in rows if r["slug"] == SLUG and r["version"] == 1)
    assert row["checksum"] == version.checksum and row["question_count"] == 14 and row["latest"] is True
    assert row["area"] == "seguridad" and row["published_at"]
    assert_api_error(Client().get("/api/v1/diagnosis/instruments/", {"area": "astrologia"}), 400)
    assert {r["slug"] for r in Client().get("/api/v1/diagnosis/instruments/", {"area": "seguridad"}).json()} == {SLUG}

    detail = Client().get(f"/api/v1/diagnosis/instruments/{SLUG}/v1/").json()
    questions = {q["id"]: q for d in detail["dimensions"] for q in d["questions"]}
    assert len(questions) == 14 and detail["checksum"] == version.checksum
    plan = questions["sp_plan"]
    assert plan["type"] == "single" and plan["weight"] == 1.5 and plan["required"] is True and plan["help"]
    assert {"id": "sin_plan", "label": plan["options"][0]["label"], "score": 0.0, "exclusive": False} in plan["options"]
    assert questions["sp_cctv_uso"]["show_if"] == {"question": "sp_cctv", "equals": True, "in": None, "answered": None}
    assert questions["sp_consejo_sesiones"]["number"]["scoring"][-1] == {"upto": None, "score": 100.0}
    assert questions["sp_participacion"]["scale"]["max"] == 5
    assert questions["sp_contexto"]["required"] is False and questions["sp_contexto"]["weight"] == 0
    assert_api_error(Client().get(f"/api/v1/diagnosis/instruments/{SLUG}/v99/"), 404)
    assert_api_error(Client().get(f"/api/v1/diagnosis/instruments/{SLUG}/v{10**30}/"), 404)


# --------------------------------------------------------------------------- campaigns


def test_create_campaign(users, version, client_for):
    response = send(
        client_for("staff"),
        "POST",
        "/api/v1/diagnosis/campaigns/",
        {
            **_new_campaign_body(),
            "communes": ["13101", "05101", "13101"],
            "remind_after_days": 3,
            "escalate_admin_after_days": 6,
            "escalate_mayor_after_days": 9,
            "results_public": False,
        },
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["participant_count"] == 2 and data["submitted_count"] == 0
    assert data["instrument"]["slug"] == SLUG and data["results_public"] is False and data["is_open"] is True
    assert data["remind_after_days"] == 3
    campaign = Campaign.objects.get(pk=data["id"])
    assert campaign.created_by == users["staff"]
    assert client_for("staff").get(f"/api/v1/diagnosis/campaigns/{campaign.pk}/").json() == data


def _campaign_errors(client: Client, **changes: Any) -> dict[str, Any]:
    payload = {**_new_campaign_body(), **changes}
    response = send(client, "POST", "/api/v1/diagnosis/campaigns/", payload)
    return assert_api_error(response, 400)["errors"]


def test_create_campaign_validation(users, version, client_for):
    staff = client_for("staff")
    before = Campaign.objects.count()
    assert "opens_at" in _campaign_errors(staff, opens_at="2026-03-01T09:00:00")  # no time zone
    assert "closes_at" in _campaign_errors(staff, closes_at="2026-13-45T09:00:00-03:00")
    assert "closes_at" in _campaign_errors(staff, closes_at="9999-12-31T23:59:59-03:00")
    now = timezone.now()
    errors = _campaign_errors(staff, opens_at=now.isoformat(), closes_at=(now - timedelta(days=1)).isoformat())
    assert "closes_at" in errors
    errors = _campaign_errors(staff, communes=["13101", "99999", "00000"])
    assert "99999" in errors["communes"][0] and "00000" in errors["communes"][0]
    assert "instrument" in _campaign_errors(staff, instrument={"slug": SLUG, "version": 42})
    assert "instrument" in _campaign_errors(staff, instrument={"slug": "no-existe", "version": 1})
    assert "remind_after_days" in _campaign_errors(
        staff, remind_after_days=10, escalate_admin_after_days=5, escalate_mayor_after_days=20
    )
    assert "communes" in _campaign_errors(staff, communes=[])
    assert Campaign.objects.count() == before


@pytest.mark.parametrize(
    "payload",
    [
        None,
        [],
        "campaña",
        {},
        {"name": None, "instrument": None, "opens_at": None, "closes_at": None, "communes": None},
        {"name": ["x"], "instrument": "seguridad", "opens_at": 5, "closes_at": {}, "communes": "13101"},
        {"name": "x" * 100_000, "instrument": {"slug": "x" * 100_000, "version": 10**40}, "communes": ["x" * 100_000]},
        {"name": "ok", "instrument": {"slug": SLUG, "version": "1"}, "communes": [None, 13101, ["13101"]]},
        {
            "name": "nul\x00",
            "instrument": {"slug": SLUG, "version": 1},
            "communes": ["13101"],
            "opens_at": "2026-01-01T00:00:00Z",
            "closes_at": "2026-02-01T00:00:00Z",
        },
        {
            "name": "ok",
            "instrument": {"slug": SLUG, "version": 1},
            "communes": ["13101\x00"],
            "opens_at": "2026-01-01T00:00:00Z",
            "closes_at": "2026-02-01T00:00:00Z",
        },
        {
            "name": "ok",
            "instrument": {"slug": SLUG, "version": 1},
            "communes": ["13101"] * 401,
            "opens_at": "2026-01-01T00:00:00Z",
            "closes_at": "2026-02-01T00:00:00Z",
        },
        {**{"remind_after_days": "siete", "escalate_admin_after_days": None, "results_public": "quizás"}},
    ],
    ids=range(12),
)
def test_malformed_campaign_bodies_are_400(payload, users, version, client_for):
    before = Campaign.objects.count()
    assert_api_error(send(client_for("staff"), "POST", "/api/v1/diagnosis/campaigns/", payload), 400)
    assert Campaign.objects.count() == before


def test_unknown_ids_are_404_json(users, client_for):
    staff = client_for("staff")
    for url in [
        "/api/v1/diagnosis/campaigns/999999999/",
        f"/api/v1/diagnosis/campaigns/{10**30}/",
        "/api/v1/diagnosis/campaigns/999999999/participations/",
        f"/api/v1/diagnosis/participations/{10**30}/",
        f"/api/v1/diagnosis/participations/{10**30}/answers/",
        f"/api/v1/diagnosis/participations/{10**30}/result/",
    ]:
        assert_api_error(staff.get(url), 404)


# --------------------------------------------------------------------------- published scores


def test_commune_scores_show_the_published_result_with_peers(users, campaign, client_for):
    submit_all(campaign, ["13101", "13110", "13114"])
    rows = Client().get("/api/v1/communes/13101/scores/").json()
    ours = next(r for r in rows if r["campaign"]["id"] == campaign.pk)
    assert ours["instrument"] == {"slug": SLUG, "version": 1, "title": campaign.instrument_version.title}
    assert ours["commune"] == {"code": "13101", "name": "Santiago"}
    assert ours["overall"] is not None and ours["level_label"] and ours["computed_at"]
    assert [d["id"] for d in ours["dimensions"]] == DIMENSIONS
    groups = {g["group"]: g for g in ours["peers"]}
    assert set(groups) == {"typology", "region", "nation"}
    assert groups["region"]["key"] == "13" and groups["region"]["size"] == 3 and groups["region"]["shown"]
    assert groups["typology"]["key"] == "metropolitana"
    assert set(groups["nation"]["dimensions"]["prevencion"]) == {"mean", "percentile", "gap"}
    # One entry per instrument: the latest published result.
    assert len({r["instrument"]["slug"] for r in rows}) == len(rows)


def test_commune_scores_unknown_commune_and_commune_without_results(network):
    assert_api_error(Client().get("/api/v1/communes/99999/scores/"), 404)
    assert_api_error(Client().get("/api/v1/communes/%00/scores/"), 404)
    assert_api_error(Client().get(f"/api/v1/communes/{'1' * 5000}/scores/"), 404)
    from hublocal.territory import selectors as territory_selectors

    scored = set(Result.objects.values_list("commune_code", flat=True))
    quiet = next(c.code for c in territory_selectors.commune_list(country="CL") if c.code not in scored)
    response = Client().get(f"/api/v1/communes/{quiet}/scores/")
    assert response.status_code == 200 and response.json() == []


def _count_queries(client: Client, url: str, params: dict[str, Any] | None = None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries)


def test_scores_and_ranking_queries_do_not_grow_with_results(users, version):
    from hublocal.territory import selectors as territory_selectors

    metro = [c.code for c in territory_selectors.commune_list(region="13", typology="metropolitana")][:20]
    assert len(metro) == 20 and metro[0] == "13101"
    campaign = _create(users, version, metro)
    submit_all(campaign, metro[:3])
    client = Client()
    params = {"campaign": campaign.pk, "region": "13", "typology": "metropolitana"}
    few = (
        _count_queries(client, "/api/v1/communes/13101/scores/"),
        _count_queries(client, "/api/v1/diagnosis/ranking/", params),
    )
    submit_all(campaign, metro[3:])
    many = (
        _count_queries(client, "/api/v1/communes/13101/scores/"),
        _count_queries(client, "/api/v1/diagnosis/ranking/", params),
    )
    assert few == many, (few, many)
    ranking = client.get("/api/v1/diagnosis/ranking/", params).json()
    assert ranking["count"] == 20 and len(ranking["results"]) == 20


def test_ranking_orders_and_shares_places_on_ties(users, campaign):
    submit_all(campaign, CODES)  # sp_participacion cycles 1..5: two pairs of equal scores
    data = Client().get("/api/v1/diagnosis/ranking/", {"campaign": campaign.pk, "page_size": 3}).json()
    assert data["count"] == len(CODES)
    rows = data["results"]
    second = Client().get("/api/v1/diagnosis/ranking/", {"campaign": campaign.pk, "page_size": 3, "page": 2}).json()
    rows += second["results"]
    rows += (
        Client()
        .get("/api/v1/diagnosis/ranking/", {"campaign": campaign.pk, "page_size": 3, "page": 3})
        .json()["results"]
    )
    scores = [r["overall"] for r in rows]
    assert scores == sorted(scores, reverse=True)
    for i, r in enumerate(rows):
        expected = 1 + sum(1 for s in scores if s > r["overall"])
        assert r["position"] == expected, (i, r, scores)
    assert set(rows[0]["dimensions"]) == set(DIMENSIONS)
    only_valpo_region = Client().get("/api/v1/diagnosis/ranking/", {"campaign": campaign.pk, "region": "05"}).json()
    assert [r["commune_code"] for r in only_valpo_region["results"]] == ["05101"]


@pytest.fixture
def aggregate_cache(settings):
    """The campaign aggregates cached as in production, in a cache emptied before and after
    (ids are reused after a rollback on SQLite: no entry may outlive the test)."""
    settings.DIAGNOSIS_AGGREGATE_CACHE = True
    cache.clear()
    yield
    cache.clear()


def test_cached_ranking_follows_every_result_change(users, campaign, aggregate_cache):
    """With the production cache on, the count and each page (with its places) are cached under
    the campaign's results version: a submission or a reopening shows at once, never stale."""
    url = "/api/v1/diagnosis/ranking/"
    params = {"campaign": campaign.pk, "page_size": 2}
    submit_all(campaign, CODES[:4])
    with CaptureQueriesContext(connection) as cold:
        first = Client().get(url, params).json()
    assert first["count"] == 4 and len(first["results"]) == 2
    with CaptureQueriesContext(connection) as warm:
        assert Client().get(url, params).json() == first
    # Served from the cache: only the campaign (with its results version) is read. Page 2 lies
    # in the same cached block of rows as page 1.
    assert len(warm.captured_queries) == 1 < len(cold.captured_queries)
    with CaptureQueriesContext(connection) as warm:
        assert len(Client().get(url, {**params, "page": 2}).json()["results"]) == 2
    assert len(warm.captured_queries) == 1
    submit_all(campaign, CODES[4:])
    rows = []
    for page in (1, 2, 3, 4):
        data = Client().get(url, {**params, "page": page}).json()
        assert data["count"] == len(CODES)
        rows += data["results"]
    scores = [r["overall"] for r in rows]
    assert len(rows) == len(CODES) and scores == sorted(scores, reverse=True)
    assert [r["position"] for r in rows] == [1 + sum(1 for s in scores if s > x) for x in scores]
    best = Result.objects.filter(campaign=campaign, commune_code=rows[0]["commune_code"]).get()
    services.participation_reopen(actor=users["staff"], participation=best.participation)
    after = Client().get(url, params).json()
    assert after["count"] == len(CODES) - 1
    assert rows[0]["commune_code"] not in [r["commune_code"] for r in after["results"]]
    assert after["results"][0]["position"] == 1


def test_cached_ranking_blocks_give_the_same_rows_as_the_database(campaign, aggregate_cache, monkeypatch):
    """Slices across cached blocks (tiny blocks here), read in any order, equal the rows read
    straight from the database, places included."""
    submit_all(campaign, CODES)
    n = len(CODES)
    expected = selectors.ranked(campaign=campaign)._rows(0, n)
    monkeypatch.setattr(selectors, "RANKING_BLOCK", 2)
    ranked = selectors.ranked(campaign=campaign)
    for start, stop in [(3, 4), (1, 6), (0, n), (5, n + 3), (0, 1), (2, 5)]:
        assert ranked[start:stop] == expected[start:stop], (start, stop)
    with CaptureQueriesContext(connection) as ctx:
        assert ranked[0 : n + 3] == expected
    assert len(ctx.captured_queries) == 1  # the results version: every block was cached above


def test_ranking_refusals_tell_unknown_from_unpublished(private_campaign, client_for):
    """Only the municipality taking part learns that an unpublished campaign exists."""
    url = f"/api/v1/diagnosis/ranking/?campaign={private_campaign.pk}"
    errors = assert_api_error(client_for("santiago").get(url), 400)["errors"]
    assert errors["campaign"] == ["Los puntajes de esta campaña no son públicos."]
    for role in (None, "valparaiso", "startup-a"):
        errors = assert_api_error(client_for(role).get(url), 400)["errors"]
        assert errors["campaign"] == ["Campaña desconocida."], role
    assert client_for("analista").get(url).status_code == 200


def test_ranked_results_are_read_by_bounded_slices(campaign):
    submit_all(campaign, CODES)
    ranked = selectors.ranked(campaign=campaign)
    assert ranked.count() == len(ranked) == len(CODES)
    assert ranked[5:3] == [] and ranked[-4:0] == []
    whole = ranked[0 : len(CODES)]
    assert len({r.overall for r in whole}) < len(whole)  # ties, some of them split below
    # Places do not depend on where a page starts: one-row slices agree with the whole.
    assert [row for i in range(len(CODES)) for row in ranked[i : i + 1]] == whole
    for bad in (0, slice(0, None), slice(0, 4, 2)):
        with pytest.raises(TypeError):
            ranked[bad]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "campaign"),
        ({"campaign": "abc"}, "campaign"),
        ({"campaign": "-1"}, "campaign"),
        ({"campaign": "1" * 30}, "campaign"),
        ({"campaign": "²"}, "campaign"),
        ({"campaign": "999999999"}, "campaign"),
        ({"campaign": "{campaign}", "region": "99"}, "region"),
        ({"campaign": "{campaign}", "region": "x" * 500}, "region"),
        ({"campaign": "{campaign}", "region": "1\x00"}, None),  # refused by RejectNulMiddleware, before the view
        ({"campaign": "{campaign}", "typology": "galactica"}, "typology"),
        ({"campaign": "{campaign}", "page": "abc"}, None),
        ({"campaign": "{campaign}", "page": "99"}, None),
        ({"campaign": "{campaign}", "page_size": "0"}, "page_size"),
    ],
)
def test_ranking_parameters_are_validated(params, field, campaign):
    params = {k: v.format(campaign=campaign.pk) for k, v in params.items()}
    response = Client().get("/api/v1/diagnosis/ranking/", params)
    if field is None:
        assert response.status_code in (400, 404)
        assert_api_error(response, response.status_code)
    else:
        assert field in assert_api_error(response, 400)["errors"]
