"""Query counts of certificate and inbox pages stay flat as rows grow (no query per row), under
a stated ceiling; verification is one lookup."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hublocal.notifications import services as notification_services

from . import factories as f

pytestmark = pytest.mark.django_db


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries)


def _grow(users, n: int) -> None:
    for i in range(n):
        f.issue(actor=users["staff"], holder=users["valparaiso"], title=f"Programa {i}")
        f.issue(actor=users["staff"], holder=None, holder_name=f"Persona {i} (prueba)", title=f"Programa {i}")
        notification_services.notify(
            users=[users["valparaiso"]], kind="tests.kind", title=f"Aviso {i}", body="Texto", email=False
        )


@pytest.mark.parametrize(
    ("route", "viewer", "ceiling"),
    [
        ("certificates:list", "staff", 9),
        ("certificates:mine", "valparaiso", 8),
        ("notifications:inbox", "valparaiso", 8),
    ],
)
def test_lists_are_flat(users, client_for, route, viewer, ceiling):
    _grow(users, 3)
    client = client_for(viewer)
    url = reverse(route)
    small = _count(client, url)
    _grow(users, 40)
    large = _count(client, url)
    assert small == large, (route, small, large)
    assert large <= ceiling, (route, large)


def test_verification_is_one_lookup(users, client_for, settings):
    settings.ANONYMOUS_PAGE_CACHE = False
    certificate = f.issue(actor=users["staff"], holder=users["valparaiso"])
    client = client_for(None)
    assert _count(client, reverse("certificates:verify", kwargs={"code": certificate.code})) <= 1
    assert _count(client, reverse("api:certificate_verify", kwargs={"code": certificate.code})) <= 1
