"""The REST API's fixed paths: health, territory filters, pagination, tokens, organisation
writes, and the error contract (every error is JSON {"detail": str, "errors": {}})."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client

from tests.helpers import api_client, assert_api_error, assert_audited, assert_unchanged, audit_mark, db_state


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Cached pages and counters must not leak between tests (lockouts live in the database).
    cache.clear()
    yield
    cache.clear()


def post_json(client: Client, url: str, body: Any) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


def patch_json(client: Client, url: str, body: Any) -> Any:
    # Like a well-behaved client: the ETag just read goes in If-Match (hublocal/core/locking.py).
    read = client.get(url)
    headers = {"If-Match": read["ETag"]} if read.has_header("ETag") else {}
    return client.patch(url, json.dumps(body), content_type="application/json", headers=headers)


# --------------------------------------------------------------------------- health


def test_healthz_reports_database(db):
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == "ok" and body["database"] == "ok"
    assert body["vendor"] in {"sqlite", "postgresql"}
    assert "no-store" in response["Cache-Control"]


# --------------------------------------------------------------------------- territory


def test_communes_of_metropolitan_region(network):
    body = Client().get("/api/v1/communes/", {"region": "13"}).json()
    assert body["count"] == 52
    assert all(c["region"]["code"] == "13" for c in body["results"])


def test_commune_detail_santiago(network):
    response = Client().get("/api/v1/communes/13101/")
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Santiago"
    assert body["region"]["code"] == "13"
    assert body["province"]["code"] == "131"
    assert body["country"] == "CL"


def test_commune_detail_unknown_is_404_json(network):
    assert_api_error(Client().get("/api/v1/communes/99999/"), 404)


def test_filter_by_province(network):
    from hublocal.territory.models import Commune

    body = Client().get("/api/v1/communes/", {"province": "131", "page_size": 200}).json()
    assert body["count"] == Commune.objects.filter(province__code="131").count() > 0
    assert {c["province"]["code"] for c in body["results"]} == {"131"}


def test_filter_by_typology(network):
    from hublocal.territory.models import Commune

    body = Client().get("/api/v1/communes/", {"typology": "metropolitana", "page_size": 200}).json()
    assert body["count"] == Commune.objects.filter(typology="metropolitana").count() > 0
    assert {c["typology"] for c in body["results"]} == {"metropolitana"}


def test_invalid_typology_is_400_with_message(network):
    body = assert_api_error(Client().get("/api/v1/communes/", {"typology": "gigante"}), 400)
    assert "typology" in body["errors"]
    assert "metropolitana" in body["errors"]["typology"][0]  # the message lists the valid values


@pytest.mark.parametrize(
    ("q", "expected"),
    [("nunoa", "Ñuñoa"), ("ÑUÑOA", "Ñuñoa"), ("concepcion", "Concepción"), ("Valparaíso", "Valparaíso")],
)
def test_q_is_accent_and_case_insensitive(network, q, expected):
    names = [c["name"] for c in Client().get("/api/v1/communes/", {"q": q}).json()["results"]]
    assert expected in names


def test_q_matches_code(network):
    body = Client().get("/api/v1/communes/", {"q": "05101"}).json()
    assert [c["name"] for c in body["results"]] == ["Valparaíso"]


def test_regions_and_provinces(network):
    regions = Client().get("/api/v1/regions/").json()
    assert len(regions) == 16 and "13" in {r["code"] for r in regions}
    provinces = Client().get("/api/v1/provinces/", {"region": "13"}).json()
    assert {p["region"] for p in provinces} == {"13"} and len(provinces) == 6


# --------------------------------------------------------------------------- pagination


def test_pagination_shape(network):
    body = Client().get("/api/v1/communes/", {"page": 2, "page_size": 10}).json()
    assert set(body) == {"count", "next", "previous", "results"}
    from hublocal.territory.models import Commune

    # Chile's 345 communes and the foreign municipalities of the regional network in the demo.
    assert body["count"] == Commune.objects.count() >= 345 and len(body["results"]) == 10
    assert "page=3" in body["next"] and body["previous"] is not None


def test_default_page_size(network):
    body = Client().get("/api/v1/communes/").json()
    assert len(body["results"]) == 20 and body["previous"] is None


@pytest.mark.parametrize("value", ["0", "-1", "abc", "1.5", ""])
def test_bad_page_size_is_400(network, value):
    body = assert_api_error(Client().get("/api/v1/communes/", {"page_size": value}), 400)
    assert "page_size" in body["errors"]


def test_page_size_over_the_declared_maximum_is_400(network):
    # The document declares 1 ≤ page_size ≤ 200; DRF would silently cap it instead.
    body = assert_api_error(Client().get("/api/v1/communes/", {"page_size": 10000}), 400)
    assert "page_size" in body["errors"]
    assert len(Client().get("/api/v1/communes/", {"page_size": 200}).json()["results"]) == 200


def test_page_beyond_end_is_404_json(network):
    body = assert_api_error(Client().get("/api/v1/communes/", {"page": "999"}), 404)
    assert "página" in body["detail"]


@pytest.mark.parametrize("page", ["0", "-3", "abc", "last"])
def test_page_outside_the_declared_range_is_400(network, page):
    body = assert_api_error(Client().get("/api/v1/communes/", {"page": page}), 400)
    assert "page" in body["errors"]


def test_pagination_bounds_are_in_the_document(network):
    document = Client().get("/api/v1/openapi.json").json()
    parameters = {p["name"]: p["schema"] for p in document["paths"]["/api/v1/communes/"]["get"]["parameters"]}
    assert parameters["page"] == {"type": "integer", "minimum": 1}
    assert parameters["page_size"] == {"type": "integer", "minimum": 1, "maximum": 200}


# --------------------------------------------------------------------------- strictness


def _api_serializers() -> list[type]:
    import importlib
    import inspect
    import pkgutil

    from rest_framework import serializers

    import hublocal

    found = []
    for module_info in pkgutil.iter_modules(hublocal.__path__):
        try:
            module = importlib.import_module(f"hublocal.{module_info.name}.api")
        except ModuleNotFoundError:
            continue
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and issubclass(cls, serializers.BaseSerializer):
                found.append(cls)
    return found


def test_every_api_serializer_refuses_unknown_fields():
    """Every serializer defined in an app's api.py derives from the strict bases, so no input
    serializer (today's or tomorrow's) silently drops a field it does not know."""
    from hublocal.core.api import ErrorSerializer
    from hublocal.core.api_strict import StrictMixin

    found = _api_serializers()
    assert len(found) > 50
    lax = [
        f"{c.__module__}.{c.__qualname__}" for c in found if c is not ErrorSerializer and not issubclass(c, StrictMixin)
    ]
    assert not lax, f"derive these from StrictSerializer / StrictModelSerializer: {lax}"


def test_unknown_field_in_a_body_is_400_naming_it(users):
    client = api_client("staff")
    before = db_state()
    body = assert_api_error(
        post_json(client, "/api/v1/organizations/", {"name": "Nueva", "kind": "startup", "descripcion": "x"}), 400
    )
    assert body["errors"] == {"descripcion": ["Campo desconocido: 'descripcion'."]}
    assert_unchanged(before)


def test_unknown_field_in_a_nested_body_is_400(users):
    from hublocal.proposals.api import ProposalScoresWriteSerializer

    serializer = ProposalScoresWriteSerializer(data={"scores": [{"criterion": 1, "score": 3, "peso": 2}]})
    assert not serializer.is_valid()
    assert "peso" in json.dumps(serializer.errors, ensure_ascii=False)


def test_last_page(network):
    from hublocal.territory.models import Commune

    total = Commune.objects.count()
    last = (total + 19) // 20
    body = Client().get("/api/v1/communes/", {"page": last, "page_size": 20}).json()
    assert len(body["results"]) == total - 20 * (last - 1) and body["next"] is None


# --------------------------------------------------------------------------- tokens


def test_token_with_good_credentials(users):
    from hublocal.accounts.models import ApiToken

    mark = audit_mark()
    response = post_json(Client(), "/api/v1/auth/token/", {"username": "partner", "password": settings.DEMO_PASSWORD})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"token"} and len(body["token"]) >= 32
    raw = body["token"]
    token = ApiToken.objects.get(user=users["partner"])
    # Only the digest is stored: nothing in the row gives the token back.
    assert token.digest == hashlib.sha256(raw.encode()).hexdigest()
    stored = [str(v) for v in ApiToken.objects.values_list("digest", "prefix", "user_id").get(pk=token.pk)]
    assert raw not in stored
    assert token.prefix == raw[:8] and len(token.prefix) < len(raw)
    assert_audited(mark, actor=users["partner"], action="accounts.api_token_issue")
    # The raw token does not reach the audit trail either.
    from hublocal.audit.models import AuditEvent

    for event in AuditEvent.objects.filter(id__gt=mark):
        assert raw not in json.dumps([event.object_repr, event.before, event.after])


def test_bearer_token_authenticates(users):
    raw = post_json(Client(), "/api/v1/auth/token/", {"username": "santiago", "password": settings.DEMO_PASSWORD})
    client = Client(headers={"Authorization": f"Bearer {raw.json()['token']}"})
    body = client.get("/api/v1/me/").json()
    assert body["username"] == "santiago"
    assert body["role"] == "municipal"
    assert body["organization"] == "municipalidad-santiago"


def test_me_for_staff_has_no_organization(users):
    assert api_client("staff").get("/api/v1/me/").json()["organization"] is None


@pytest.mark.parametrize(
    "credentials",
    [
        {"username": "partner", "password": "incorrecta"},
        {"username": "nadie", "password": "hublocal-demo"},
    ],
)
def test_token_with_bad_credentials_is_400(users, credentials):
    before = db_state()
    body = assert_api_error(post_json(Client(), "/api/v1/auth/token/", credentials), 400)
    assert "incorrectos" in body["detail"]
    assert body["errors"]["non_field_errors"]
    assert_unchanged(before)


def test_token_for_inactive_account_is_refused(users):
    from hublocal.accounts import services

    services.user_set_active(actor=users["staff"], user=users["partner"], is_active=False)
    body = {"username": "partner", "password": settings.DEMO_PASSWORD}
    assert_api_error(post_json(Client(), "/api/v1/auth/token/", body), 400)


def test_token_missing_fields_is_400_per_field(network):
    body = assert_api_error(post_json(Client(), "/api/v1/auth/token/", {}), 400)
    assert set(body["errors"]) == {"username", "password"}


@pytest.mark.parametrize("payload", ["{bad json", "", "[1, 2", '{"username": '])
def test_malformed_json_is_400_json(network, payload):
    response = Client().post("/api/v1/auth/token/", payload, content_type="application/json")
    body = assert_api_error(response, 400)
    assert "JSON" in body["detail"] or body["errors"]


def test_non_object_json_is_400(network):
    body = assert_api_error(post_json(Client(), "/api/v1/auth/token/", ["partner", "x"]), 400)
    assert "non_field_errors" in body["errors"]


def test_form_encoded_body_is_415_json(network):
    response = Client().post("/api/v1/auth/token/", {"username": "partner", "password": "x"})
    assert_api_error(response, 415)


@pytest.mark.parametrize(
    "header",
    ["Bearer not-a-real-token", "Bearer", "Bearer a b", "bearer " + "x" * 500, "Bearer \u00e9t\u00e9"],
)
def test_bad_bearer_token_is_401_json(network, header):
    response = Client(headers={"Authorization": header}).get("/api/v1/me/")
    assert_api_error(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_bad_token_on_public_endpoint_is_still_401(network):
    # A wrong token is an error even where no token is needed: scripts learn it at once.
    response = Client(headers={"Authorization": "Bearer wrong"}).get("/api/v1/communes/")
    assert_api_error(response, 401)


def test_revoked_token_stops_working(users, client_for):
    raw = post_json(Client(), "/api/v1/auth/token/", {"username": "partner", "password": settings.DEMO_PASSWORD})
    client = Client(headers={"Authorization": f"Bearer {raw.json()['token']}"})
    assert client.get("/api/v1/me/").status_code == 200
    client_for("partner").post("/cuenta/tokens/revocar/")
    assert_api_error(client.get("/api/v1/me/"), 401)


def test_token_endpoint_locks_out_repeated_failures(users):
    # Five failures for one (username, address) lock that pair (django-axes); others still try.
    client = Client()
    statuses = [
        post_json(client, "/api/v1/auth/token/", {"username": "partner", "password": "x"}).status_code
        for _ in range(25)
    ]
    assert statuses[:4] == [400] * 4 and set(statuses[4:]) == {429}
    locked = post_json(client, "/api/v1/auth/token/", {"username": "partner", "password": settings.DEMO_PASSWORD})
    assert_api_error(locked, 429)
    assert int(locked["Retry-After"]) > 0
    assert_api_error(post_json(client, "/api/v1/auth/token/", {"username": "a", "password": "b"}), 400)


# --------------------------------------------------------------------------- organisations


def test_create_organization_with_valid_rut(users):
    from hublocal.directory.models import Organization

    mark = audit_mark()
    response = post_json(
        api_client("staff"),
        "/api/v1/organizations/",
        {"name": "Municipia Labs", "kind": "startup", "rut": "76086428-5", "commune": "13101"},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["rut"] == "76.086.428-5"  # stored in the canonical format
    assert body["slug"] == "municipia-labs"
    assert body["commune"] == {"code": "13101", "name": "Santiago"}
    assert Organization.objects.filter(slug="municipia-labs").exists()
    assert_audited(mark, actor=users["staff"], action="directory.organization_create")


@pytest.mark.parametrize(
    ("rut", "message"),
    [("76.086.428-4", "dígito verificador"), ("abc", "formato"), ("1", "formato")],
)
def test_create_organization_with_invalid_rut(users, rut, message):
    client = api_client("staff")
    before = db_state()
    response = post_json(client, "/api/v1/organizations/", {"name": "Mala SpA", "kind": "startup", "rut": rut})
    body = assert_api_error(response, 400)
    assert message in body["errors"]["rut"][0]
    assert_unchanged(before)


@pytest.mark.parametrize("rut", ["76.543.210-3", "76543210-3", "76543210 3"])
def test_create_organization_with_duplicate_rut(users, rut):
    client = api_client("staff")
    before = db_state()
    response = post_json(client, "/api/v1/organizations/", {"name": "Copia SpA", "kind": "startup", "rut": rut})
    body = assert_api_error(response, 400)
    assert list(body["errors"]) == ["rut"]
    assert_unchanged(before)


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"kind": "startup"}, "name"),
        ({"name": "Sin tipo"}, "kind"),
        ({"name": "Muni", "kind": "municipality"}, "kind"),
        ({"name": "X", "kind": "nave_espacial"}, "kind"),
        ({"name": "X", "kind": "startup", "commune": "00000"}, "commune"),
        ({"name": "X", "kind": "startup", "website": "no es url"}, "website"),
        ({"name": "X", "kind": "startup", "email": "no-es-correo"}, "email"),
        ({"name": "   ", "kind": "startup"}, "name"),
    ],
)
def test_create_organization_field_errors(users, payload, field):
    client = api_client("staff")
    before = db_state()
    body = assert_api_error(post_json(client, "/api/v1/organizations/", payload), 400)
    assert field in body["errors"], body
    assert_unchanged(before)


def test_owner_patches_own_organization(users):
    mark = audit_mark()
    response = patch_json(
        api_client("startup-a"), "/api/v1/organizations/datamuni-spa/", {"description": "Nueva descripción"}
    )
    assert response.status_code == 200, response.content
    assert response.json()["description"] == "Nueva descripción"
    assert_audited(mark, actor=users["startup-a"], action="directory.organization_update")


def test_kind_is_immutable(users):
    client = api_client("startup-a")
    before = db_state()
    body = assert_api_error(patch_json(client, "/api/v1/organizations/datamuni-spa/", {"kind": "university"}), 400)
    assert "kind" in body["errors"]
    assert_unchanged(before)


def test_municipality_commune_is_immutable(users):
    client = api_client("santiago")
    before = db_state()
    response = patch_json(client, "/api/v1/organizations/municipalidad-santiago/", {"commune": "05101"})
    body = assert_api_error(response, 400)
    assert "commune" in body["errors"]
    assert_unchanged(before)


def test_patch_with_duplicate_rut_changes_nothing(users):
    client = api_client("startup-b")
    before = db_state()
    response = patch_json(client, "/api/v1/organizations/tramite-facil-spa/", {"rut": "76.543.210-3"})
    body = assert_api_error(response, 400)
    assert "rut" in body["errors"]
    assert_unchanged(before)


def test_patch_unknown_organization_is_404(users):
    assert_api_error(patch_json(api_client("staff"), "/api/v1/organizations/no-existe/", {"name": "X"}), 404)


def test_organization_list_filters(network):
    body = Client().get("/api/v1/organizations/", {"kind": "startup", "page_size": 200}).json()
    assert body["count"] >= 5 and {o["kind"] for o in body["results"]} == {"startup"}
    assert_api_error(Client().get("/api/v1/organizations/", {"kind": "otro"}), 400)
    by_rut = Client().get("/api/v1/organizations/", {"q": "76.543.210-3"}).json()
    assert [o["slug"] for o in by_rut["results"]] == ["datamuni-spa"]
    folded = Client().get("/api/v1/organizations/", {"q": "tramite facil"}).json()
    assert [o["slug"] for o in folded["results"]] == ["tramite-facil-spa"]


# --------------------------------------------------------------------------- error contract


@pytest.mark.parametrize(
    ("method", "url", "body", "status", "who"),
    [
        ("GET", "/api/v1/no-existe/", None, 404, None),
        ("GET", "/api/v1/people/999999/", None, 404, None),
        ("GET", "/api/v1/organizations/no-existe/", None, 404, None),
        ("DELETE", "/api/v1/organizations/datamuni-spa/", None, 405, "staff"),
        ("PUT", "/api/v1/communes/13101/", {"typology": "mayor"}, 405, "staff"),
        ("GET", "/api/v1/me/", None, 401, None),
        ("POST", "/api/v1/organizations/", {"name": "X", "kind": "startup"}, 403, "partner"),
        ("POST", "/api/v1/organizations/", {"name": "X", "kind": "startup"}, 401, None),
        ("PATCH", "/api/v1/communes/13101/", {"typology": "nada"}, 400, "staff"),
        ("GET", "/api/v1/people/", {"position": "astronauta"}, 400, None),
        ("GET", "/api/v1/communes/", {"q": "x" * 101}, 400, None),
        ("POST", "/api/v1/communes/", {"country_code": "CL", "name": "X", "national_code": "1"}, 400, "staff"),
        ("POST", "/api/v1/communes/", {"country_code": "AR", "name": "Y", "national_code": "7"}, 201, "staff"),
    ],
)
def test_every_error_is_json_with_detail_and_errors(users, method, url, body, status, who):
    client = api_client(who)
    if method == "GET":
        response = client.get(url, body or {})
    else:
        response = client.generic(method, url, json.dumps(body or {}), content_type="application/json")
    if status < 400:
        assert response.status_code == status, response.content
        return
    assert_api_error(response, status)


def test_foreign_municipality_optional_fields(users):
    """country_name and admin_area may be left out (they are optional in the document)."""
    response = post_json(
        api_client("staff"), "/api/v1/communes/", {"country_code": "uy", "name": "Canelones", "national_code": "UY-CA"}
    )
    assert response.status_code == 201, response.content
    assert response.json()["code"] == "UY-UY-CA"
    assert response.json()["country"] == "UY"


# --------------------------------------------------------------------------- hostile input
# PostgreSQL refuses NUL in text: a NUL that reaches a query is a 500 there (not on SQLite).


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/api/v1/communes/", {"q": "a\x00b"}),
        ("/api/v1/communes/", {"region": "\x00"}),
        ("/api/v1/organizations/", {"q": "\x00"}),
        ("/api/v1/people/", {"organization": "x\x00"}),
        ("/api/v1/provinces/", {"region": "1\x00"}),
    ],
)
def test_nul_in_api_filter_is_400(network, url, params):
    body = assert_api_error(Client().get(url, params), 400)
    assert set(body["errors"]) in (set(params), set())  # the field's error, or refused before any view


def test_nul_in_json_body_is_400(users):
    response = post_json(api_client("staff"), "/api/v1/organizations/", {"name": "a\x00b", "kind": "startup"})
    assert "name" in assert_api_error(response, 400)["errors"]


def test_nul_in_api_path_is_not_a_server_error(network):
    response = Client().get("/api/v1/communes/%00/")
    assert response.status_code in {400, 404}
    assert_api_error(response, response.status_code)


@pytest.mark.parametrize("url", ["/api/v1/communes/?page_size=1", "/municipios/", "/"])
def test_nul_in_session_cookie_is_ignored(network, url):
    # A cookie holding NUL cannot be a session we issued: the visitor is simply anonymous.
    client = Client()
    client.cookies["sessionid"] = "abcdefgh\x00ijklmnop"
    assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/municipios/?q=%00",
        "/organizaciones/?q=a%00",
        "/personas/?q=%00",
        "/municipios/%00/",
        "/territorio/red/?q=%00",
        "/cuenta/gestion/usuarios/?q=%00",
    ],
)
def test_nul_in_web_url_is_not_a_server_error(client_for, url):
    # The same guard protects the web pages: a 400 (or an empty result), never a 500.
    response = client_for("staff").get(url)
    assert response.status_code in {200, 400, 404}, (url, response.status_code)


def test_the_declared_parameters_are_built_once_when_threads_ask_together(monkeypatch):
    """A gthread worker's first API requests arrive together; drf-spectacular's generator is not
    thread-safe on first use, so one thread builds the table and the others wait for it."""
    import threading

    from hublocal.core import api_strict

    monkeypatch.setattr(api_strict, "_DECLARED", None)
    builds = []
    from drf_spectacular import generators

    original = generators.SchemaGenerator.get_schema

    def counted(self, *args, **kwargs):
        builds.append(threading.get_ident())
        return original(self, *args, **kwargs)

    monkeypatch.setattr(generators.SchemaGenerator, "get_schema", counted)
    results, errors = [], []

    def ask():
        try:
            results.append(api_strict.declared_query_parameters())
        except Exception as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)

    threads = [threading.Thread(target=ask) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors and len(builds) == 1
    assert all(r is results[0] for r in results) and ("/api/v1/solutions/", "GET") in results[0]
