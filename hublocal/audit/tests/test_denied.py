"""Refused authorisations are recorded (auth.denied): web and API 403s of signed-in accounts and
tokens, with the route and the object; anonymous visitors are not."""

from __future__ import annotations

import json

import pytest
from django.db import connections
from django.urls import reverse

from hublocal.audit.models import AuditEvent
from tests.helpers import api_client, audit_events_since, audit_mark

pytestmark = pytest.mark.django_db


def _denied_since(mark: int) -> list[AuditEvent]:
    return [e for e in audit_events_since(mark) if e.action == "auth.denied"]


def test_web_403_is_recorded_with_route_and_object(client_for, users):
    url = reverse("directory:organization_edit", kwargs={"slug": "municipalidad-valparaiso"})
    mark = audit_mark()
    response = client_for("startup-a").get(url)
    assert response.status_code == 403
    [event] = _denied_since(mark)
    assert (event.actor_id, event.actor_username) == (users["startup-a"].pk, "startup-a")
    assert event.object_type == "directory.organization"
    assert event.object_repr and event.object_id
    assert event.after == {
        "method": "GET",
        "path": url,
        "route": "directory:organization_edit",
        "permission": event.after["permission"],
    }
    assert event.after["permission"]  # the rule's action name


def test_web_403_is_recorded_even_when_the_request_is_rolled_back(client_for, users, monkeypatch):
    # ATOMIC_REQUESTS wraps the view in a transaction that the 403 rolls back; the event is
    # written after it, by the middleware.
    monkeypatch.setitem(connections.settings["default"], "ATOMIC_REQUESTS", True)
    mark = audit_mark()
    response = client_for("partner").get(reverse("audit:log"))
    assert response.status_code == 403
    [event] = _denied_since(mark)
    assert (event.actor_id, event.after["permission"], event.after["path"]) == (
        users["partner"].pk,
        "audit.view_log",
        reverse("audit:log"),
    )


def test_anonymous_redirect_to_login_is_not_recorded(client_for):
    mark = audit_mark()
    response = client_for(None).get(reverse("audit:log"))
    assert response.status_code == 302
    assert _denied_since(mark) == []


def test_api_403_of_a_token_is_recorded_with_the_object(users):
    client = api_client("startup-a")
    url = reverse("api:organization_detail", kwargs={"slug": "tramite-facil-spa"})
    mark = audit_mark()
    response = client.patch(url, json.dumps({"description": "x"}), content_type="application/json")
    assert response.status_code == 403
    [event] = _denied_since(mark)
    assert event.actor_id == users["startup-a"].pk
    assert (event.object_type, event.after["method"], event.after["path"]) == ("directory.organization", "PATCH", url)
    assert event.after["route"] == "api:organization_detail"


def test_api_view_level_403_is_recorded(users):
    mark = audit_mark()
    response = api_client("santiago").get(reverse("api:audit_event_list"))
    assert response.status_code == 403
    [event] = _denied_since(mark)
    assert event.actor_id == users["santiago"].pk
    assert (event.after["permission"], event.object_type) == ("audit.view_log", "")


def test_anonymous_api_401_is_not_recorded(network):
    mark = audit_mark()
    response = api_client(None).get(reverse("api:audit_event_list"))
    assert response.status_code == 401
    assert _denied_since(mark) == []


def test_allowed_request_records_nothing(client_for):
    mark = audit_mark()
    assert client_for("staff").get(reverse("audit:log")).status_code == 200
    assert _denied_since(mark) == []
