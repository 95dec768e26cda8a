"""Property-based fuzzing of every API operation from our own OpenAPI document (schemathesis).

The document is fetched from the Django WSGI application in-process, exactly as a client
would read /api/v1/openapi.json; each operation is then called with generated valid and
invalid inputs, anonymously and with a hub administrator's bearer token (so the write
endpoints run their services too). Whatever the input, the API must never answer 5xx, and
its responses must match the document (status codes, content types, bodies).

Each test runs in one database transaction that is rolled back at the end, so the writes of
all its examples disappear with it."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.helpers import issue_token

APP = WSGIHandler()
# The "coverage" phase (boundary values drawn at collection time) costs minutes for this
# document on the CI machine; the examples and fuzzing phases below cover the same ground.
CONFIG = schemathesis.Config.from_dict({"phases": {"coverage": {"enabled": False}}})
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", APP, config=CONFIG)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]

# Bounded so the whole file stays well under 90 s on the 2-core CI machine (about 60 s of CPU);
# FUZZ_EXAMPLES=500 digs deeper by hand.
FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "30")),
    deadline=None,
    database=None,  # no .hypothesis/ directory in the work tree
    suppress_health_check=list(HealthCheck),
    derandomize=True,  # the same examples on every run: a failure reproduces
)


@pytest.fixture
def wsgi_in_test_transaction(network) -> Iterator[None]:
    """Let the real WSGI handler run inside the test's transaction.

    Django closes "obsolete" connections at the start and end of every request; inside a
    test transaction that would end the transaction. Django's own test client detaches the
    same handler for the same reason."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    cache.clear()  # the token endpoint's throttle counters
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
        cache.clear()


def _check(case: Any, headers: dict[str, str] | None = None) -> None:
    # Schemathesis asks for gzip like `requests` does, but its WSGI client hands back the
    # compressed bytes undecoded; ask for plain bodies (GZipMiddleware is tested elsewhere).
    headers = {"Accept-Encoding": "identity", **(headers or {})}
    cache.clear()  # keep every example under the token endpoint's throttle
    response = case.call(headers=headers)
    case.validate_response(response, checks=CHECKS, headers=headers)


@schema.parametrize()
@FUZZ
def test_api_anonymous(case: Any, wsgi_in_test_transaction: None) -> None:
    _check(case)


@schema.parametrize()
@FUZZ
def test_api_as_hub_administrator(case: Any, wsgi_in_test_transaction: None, request: Any) -> None:
    # One token per test (not per example): issuing one is itself a write with an audit event.
    token = getattr(request.node, "_fuzz_token", None)
    if token is None:
        token = request.node._fuzz_token = issue_token("staff")
    _check(case, {"Authorization": f"Bearer {token}"})


def test_document_covers_every_api_route() -> None:
    """Every /api/v1/ route with a view behind it is described in the document."""
    from django.urls import reverse

    from tests.helpers import iter_routes

    documented = set(schema.raw_schema["paths"])
    skip = {"api:openapi", "api:docs"}  # the document and its HTML rendering
    for route in iter_routes():
        if not route.name.startswith("api:") or route.name in skip:
            continue
        # <int:pk> → {id} (drf-spectacular's SCHEMA_COERCE_PATH_PK), <conv:name> → {name}
        template = "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: "{%s}" % ("id" if m[1] == "pk" else m[1]), route.pattern)
        assert template in documented, (route.name, template, sorted(documented))
    assert reverse("api:openapi") == "/api/v1/openapi.json"
