"""The staff audit page, its CSV export and the API list."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hublocal.audit import services
from hublocal.audit.models import AuditEvent
from tests.helpers import api_client, assert_api_error

pytestmark = pytest.mark.django_db


@pytest.fixture
def trail(users) -> dict[str, AuditEvent]:
    """Two recognisable events, one by santiago on an organisation, one by staff yesterday."""
    mine = services.audit_record(
        actor=users["santiago"], action="test.org_edit", object_type="test.org", object_id="42", object_repr="Org 42"
    )
    other = services.audit_record(
        actor=users["staff"], action="test.other", object_type="test.other", object_id="1", object_repr="=SUMA(A1)"
    )
    return {"mine": mine, "other": other}


def _page(client, **params):
    return client.get(reverse("audit:log"), params)


def test_page_lists_events_with_labels(client_for, trail):
    services.audit_record(actor=None, action="auth.denied", object_type="test.x")
    response = _page(client_for("analista"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Org 42" in body and "Acceso denegado" in body
    # An action without a registered label is shown as its code.
    assert "test.org_edit" in body


@pytest.mark.parametrize(
    ("params", "shown", "hidden"),
    [
        ({"actor": "SANTIAGO"}, "Org 42", "SUMA"),
        ({"action": "test.other"}, "SUMA", "Org 42"),
        ({"object_type": "test.org"}, "Org 42", "SUMA"),
        ({"object_type": "test.org", "object_id": "41"}, None, "Org 42"),
        ({"object_id": "42"}, "Org 42", "SUMA"),
    ],
)
def test_filters(client_for, trail, params, shown, hidden):
    response = _page(client_for("staff"), **params)
    assert response.status_code == 200
    body = response.content.decode()
    if shown:
        assert shown in body
    assert hidden not in body


def test_date_filters(client_for, trail):
    today = timezone.localdate()
    body = _page(client_for("staff"), date_from=today.isoformat(), date_to=today.isoformat()).content.decode()
    assert "Org 42" in body
    tomorrow = (today + timedelta(days=1)).isoformat()
    body = _page(client_for("staff"), date_from=tomorrow).content.decode()
    assert "Org 42" not in body and "Ningún evento" in body
    yesterday = (today - timedelta(days=1)).isoformat()
    assert "Org 42" not in _page(client_for("staff"), date_to=yesterday).content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"date_from": "31-02-2026"}, "Introduzca una fecha válida"),
        ({"date_to": "ayer"}, "Introduzca una fecha válida"),
        ({"date_from": "0001-01-01"}, "entre los años 2000 y 2100"),
        ({"date_from": "2026-05-02", "date_to": "2026-05-01"}, "igual o posterior"),
        ({"action": "no.existe"}, "Escoja una opción válida"),
        ({"actor": "x" * 151}, "150"),
    ],
)
def test_bad_filters_are_a_400_with_a_message(client_for, trail, params, message):
    response = _page(client_for("staff"), **params)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Revise los siguientes datos" in body and message in body
    response = client_for("staff").get(reverse("audit:export"), params)
    assert response.status_code == 400
    assert not AuditEvent.objects.filter(action="audit.export").exists()


def test_page_queries_are_bounded(client_for, users):
    client = client_for("staff")
    _page(client)  # warm the session

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert _page(client).status_code == 200
        return len(ctx.captured_queries)

    few = count()
    AuditEvent.objects.bulk_create(
        AuditEvent(actor=users["staff"], actor_username="staff", action="test.bulk", object_type="t") for _ in range(60)
    )
    assert count() == few
    assert few <= 8, few


def test_export_csv_and_its_own_audit_event(client_for, users, trail):
    response = client_for("analista").get(reverse("audit:export"), {"object_type": "test.other"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="auditoria-')
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][:3] == ["Fecha y hora (UTC)", "Usuario", "Acción"]
    assert len(rows) == 2
    assert rows[1][1:3] == ["staff", "test.other"]
    assert rows[1][6] == "'=SUMA(A1)"  # a formula is neutralised
    event = AuditEvent.objects.filter(action="audit.export").latest("id")
    assert event.actor_id == users["analista"].pk
    assert event.after == {"filters": {"object_type": "test.other"}, "rows": 1}


def test_export_is_refused_to_outsiders(client_for):
    assert client_for("startup-a").get(reverse("audit:export")).status_code == 403
    assert not AuditEvent.objects.filter(action="audit.export").exists()


def test_api_lists_and_filters(trail):
    response = api_client("staff").get(reverse("api:audit_event_list"), {"object_type": "test.org"})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert body["results"][0]["actor"] == "santiago"
    assert body["results"][0]["action_label"] == "test.org_edit"


def test_api_bad_date_is_a_400(network):
    body = assert_api_error(api_client("staff").get(reverse("api:audit_event_list"), {"date_from": "ayer"}), 400)
    assert "date_from" in body["errors"]
