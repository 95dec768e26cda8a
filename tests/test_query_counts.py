"""Query counts of list and detail pages do not grow with the data.

Each page is requested once at the demo network's size and once after adding hundreds of
organisations, people, memberships, accounts, audit events and foreign municipalities that
show up on that very page. The two counts must be equal (no query per row: no N+1) and below
the page's stated ceiling (so an N+1 already present at the small size is caught too)."""

from __future__ import annotations

import os
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.helpers import api_client

SMALL = 3  # a few rows of each kind, so no list is empty at the small size
GROWTH = 200

# (url, ceiling). The URL may name "{person}" (a person with many memberships).
PAGES = [
    ("/", 16),  # one cold query per app statistic (cached afterwards), not per row
    ("/municipios/", 9),
    ("/municipios/?region=13&typology=metropolitana", 10),
    # The profile's panels, one app each; the peers panel ("municipios como el mío") reads the
    # peers matrix, built here on every request (4 queries) because tests turn the diagnosis
    # caches off, and served from the cache after one fingerprint query in production. 27 since
    # the AMUCH membership panel and the valid certificates of the training panel (one query each).
    ("/municipios/13101/", 27),
    ("/organizaciones/", 8),
    ("/organizaciones/?kind=startup", 8),
    ("/organizaciones/datamuni-spa/", 7),
    ("/personas/", 8),
    ("/personas/{person}/", 7),
    ("/cuenta/gestion/", 19),  # one cold query per app statistic, plus the unread notices
    ("/cuenta/gestion/usuarios/", 6),
    ("/cuenta/gestion/auditoria/", 6),
    ("/api/v1/communes/", 5),
    ("/api/v1/communes/?country=AR", 5),
    ("/api/v1/organizations/", 5),
    ("/api/v1/organizations/?kind=startup", 5),
    ("/api/v1/people/", 6),
    # Finance: aggregates (one query per period and kind of total), never one per income.
    ("/finanzas/", 9),
    ("/finanzas/gestion/", 24),
    # ICT assets: aggregates (one query per table) and the hub's national view.
    ("/activos-tic/", 14),
    ("/activos-tic/codigo-abierto/", 8),
    ("/activos-tic/gestion/", 14),
    ("/api/v1/ict-assets/", 6),
    # The open-data portal: the registry is in memory; latest versions and counters, one query each.
    ("/datos/", 8),
    ("/datos/comunas/", 9),
    ("/api/v1/datasets/", 5),
    # The hub's indicators read stored snapshots only: a fixed number of queries.
    ("/indicadores/", 11),
    ("/indicadores/?typology=rural_semiurbana&region=09", 11),
    ("/indicadores/cobertura/", 8),
    ("/api/v1/indicators/", 16),
    # The results framework: nodes, milestones, targets and snapshots, one query each.
    ("/indicadores/resultados/?year=2026", 8),
    # A frozen report renders from its stored JSON: one query for the report.
    ("/indicadores/informe/2025/", 4),
    ("/api/v1/results/?year=2026", 5),
    ("/eventos/", 12),
    ("/eventos/congreso-nacional-de-innovacion-municipal-demo/", 14),
    ("/api/v1/hub-events/", 8),
]

# Who looks: the back-office pages need the hub; the others are checked for three kinds of viewer.
BACKOFFICE_ONLY = ("/cuenta/gestion/", "/finanzas/gestion/", "/activos-tic/gestion/")
VIEWERS = [None, "staff", "santiago"]


def _cases() -> list[Any]:
    cases = []
    for url, ceiling in PAGES:
        viewers = ["staff", "analista"] if url.startswith(BACKOFFICE_ONLY) else VIEWERS
        for viewer in viewers:
            cases.append(pytest.param(url, ceiling, viewer, id=f"{url}-{viewer or 'anon'}"))
    return cases


def _client(url: str, viewer: str | None, client_for: Any) -> Client:
    if url.startswith("/api/"):
        return api_client(viewer)
    return client_for(viewer)


def _count(client: Client, url: str) -> tuple[int, list[str]]:
    cache.clear()  # cached home statistics would hide their queries on one of the two runs
    client.get(url)  # warm-up: per-process caches (content types, translations, site data)
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    if os.environ.get("SHOW_QUERY_COUNTS"):
        print(f"\nQUERIES {len(ctx.captured_queries):3d} {url}")
    return len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries]


def _grow(start: int, count: int) -> None:
    """Add rows that appear on every measured page (bulk, for speed: the counts are the point).

    Rows are numbered from `start`, so the function can run twice (small, then large)."""
    from django.contrib.auth import get_user_model

    from hublocal.audit.models import AuditEvent
    from hublocal.directory.models import Membership, Organization, Person
    from hublocal.territory.models import Commune, Country

    santiago = Commune.objects.get(code="13101")
    muni = Organization.objects.get(slug="municipalidad-santiago")
    datamuni = Organization.objects.get(slug="datamuni-spa")
    # Sorted first ("aaa…") so they fill page 1 of every list.
    orgs = Organization.objects.bulk_create(
        Organization(
            kind="startup",
            name=f"AAA Startup {i:03d}",
            search_name=f"aaa startup {i:03d}",
            slug=f"aaa-startup-{i:03d}",
            commune=santiago,
            website="https://example.cl",
            email=f"s{i}@example.cl",
        )
        for i in range(start, start + count)
    )
    people = Person.objects.bulk_create(
        Person(
            full_name=f"AAA Persona {i:03d}",
            search_name=f"aaa persona {i:03d}",
            email=f"p{i}@example.cl",
            is_public=i % 3 != 0,  # some private ones: visibility filters run on real data
        )
        for i in range(start, start + count)
    )
    memberships = []
    for i, (org, person) in enumerate(zip(orgs, people, strict=True)):
        memberships.append(Membership(person=person, organization=org, position="fundador"))
        memberships.append(Membership(person=person, organization=muni if i % 2 else datamuni, position="profesional"))
    # "AAA Persona 001" (public) joins up to 60 of the new organisations: its page lists them all.
    busy = Person.objects.get(full_name="AAA Persona 001")
    memberships += [Membership(person=busy, organization=org, position="otro") for org in orgs[:60]]
    Membership.objects.bulk_create(memberships)

    user_model = get_user_model()
    accounts = user_model.objects.bulk_create(
        user_model(username=f"aaa-cuenta-{start + i:03d}", role="startup", organization=org, email=f"u{i}@x.cl")
        for i, org in enumerate(orgs)
    )
    AuditEvent.objects.bulk_create(
        AuditEvent(
            actor=account,
            actor_username=account.username,
            action="directory.organization_update",
            object_type="directory.organization",
            object_id=str(org.pk),
            object_repr=org.name,
            after={"name": org.name},
        )
        for account, org in zip(accounts, orgs, strict=True)
    )
    argentina, _created = Country.objects.get_or_create(code="AR", defaults={"name": "Argentina"})
    Commune.objects.bulk_create(
        Commune(
            code=f"AR-{i:05d}",
            national_code=f"{i:05d}",
            name=f"Municipio {i:03d}",
            search_name=f"municipio {i:03d}",
            country=argentina,
        )
        for i in range(start, start + count)
    )


@pytest.mark.parametrize(("url", "ceiling", "viewer"), _cases())
def test_query_count_does_not_grow(url, ceiling, viewer, users, client_for):
    from hublocal.directory.models import Person

    _grow(0, SMALL)
    client = _client(url, viewer, client_for)
    # "{person}" has a few memberships at first and about 60 after growth.
    page = url.format(person=Person.objects.get(full_name="AAA Persona 001").pk)
    small, small_sql = _count(client, page)

    _grow(SMALL, GROWTH)

    big, big_sql = _count(client, page)
    who = viewer or "anonymous"
    assert big == small, f"{url} as {who}: {small} queries, {big} after growth. New: {_diff(small_sql, big_sql)}"
    assert big <= ceiling, f"{url} as {who}: {big} queries > ceiling {ceiling}:\n" + "\n".join(big_sql)


def test_grown_pages_show_the_new_rows(users, client_for):
    """The rows land on the measured pages (otherwise equal counts would prove nothing)."""
    _grow(0, SMALL + GROWTH)
    assert "AAA Startup 000" in client_for(None).get("/organizaciones/").content.decode()
    assert "AAA Persona 001" in client_for(None).get("/personas/").content.decode()
    assert "aaa-cuenta-000" in client_for("staff").get("/cuenta/gestion/usuarios/").content.decode()
    assert "AAA Startup" in client_for("staff").get("/cuenta/gestion/auditoria/").content.decode()
    assert api_client(None).get("/api/v1/communes/", {"country": "AR"}).json()["count"] == SMALL + GROWTH
    assert "AAA Persona 001" in client_for(None).get("/municipios/13101/").content.decode()
    assert "AAA Persona 002" in client_for(None).get("/organizaciones/datamuni-spa/").content.decode()


def _diff(before: list[str], after: list[str]) -> list[str]:
    remaining = list(before)
    extra = []
    for sql in after:
        if sql in remaining:
            remaining.remove(sql)
        else:
            extra.append(sql[:200])
    return extra[:5]
