"""The staff dashboard of a campaign lists its municipalities a page at a time (a
Latin-American campaign invites thousands), in the same number of queries whatever their number."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hublocal.diagnosis import services
from hublocal.directory import selectors as directory_selectors


def _campaign(users, version, n):
    now = timezone.now()
    return services.campaign_create(
        actor=users["staff"],
        name=f"Campaña de {n}",
        instrument_version=version,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=10),
        organizations=list(directory_selectors.municipalities().order_by("commune__code")[:n]),
    )


def _queries(client, url):
    cache.clear()
    client.get(url)
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


@pytest.mark.django_db
def test_campaign_dashboard_is_paginated_with_bounded_queries(users, tiny_version, client_for):
    client = client_for("staff")
    small = _campaign(users, tiny_version, 5)
    big = _campaign(users, tiny_version, 60)
    n_small, html_small = _queries(client, f"/diagnostico/campanas/{small.pk}/")
    n_big, html = _queries(client, f"/diagnostico/campanas/{big.pk}/")
    assert n_big == n_small, f"{n_small} queries with 5 municipalities, {n_big} with 60"
    assert 'aria-current="page"' in html and "Página 1 de 2" in html
    assert html.count('href="/diagnostico/p/') == 50  # one link per listed participation
    assert ">60<" in html  # invited: the whole campaign, not the page
    second = client.get(f"/diagnostico/campanas/{big.pk}/?page=2").content.decode()
    assert second.count('href="/diagnostico/p/') == 10 and "Página 2 de 2" in second
    assert "Página" not in html_small.split("Mensajes enviados")[0].split("Municipios invitados")[-1]
