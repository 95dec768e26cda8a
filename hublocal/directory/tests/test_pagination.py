"""An organisation's members are shown a page at a time, in a query count that does not depend
on how many members it has (issue 16: 2,000 members took 645 ms unpaginated)."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hublocal.directory.models import Membership, Organization, Person
from hublocal.directory.views import MEMBERS_PER_PAGE

pytestmark = pytest.mark.django_db


def _add_members(org: Organization, start: int, count: int) -> None:
    people = Person.objects.bulk_create(
        Person(full_name=f"Miembro {i:04d}", search_name=f"miembro {i:04d}", is_public=True)
        for i in range(start, start + count)
    )
    Membership.objects.bulk_create(Membership(person=p, organization=org, position="profesional") for p in people)


def _queries(client, url: str) -> tuple[int, str]:
    cache.clear()
    client.get(url)  # warm-up: per-process caches
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


@pytest.mark.parametrize("viewer", [None, "staff", "santiago"])
@pytest.mark.parametrize(
    ("slug", "url"),
    [("datamuni-spa", "/organizaciones/datamuni-spa/"), ("municipalidad-santiago", "/municipios/13101/")],
)
def test_member_pages_run_the_same_queries_with_5_or_65_members(slug, url, viewer, client_for):
    org = Organization.objects.get(slug=slug)
    Membership.objects.filter(organization=org).delete()
    client = client_for(viewer)
    _add_members(org, 0, 5)
    small, html = _queries(client, url)
    assert "Miembro 0004" in html
    _add_members(org, 5, 60)
    big, html = _queries(client, url)
    assert big == small, f"{url} as {viewer or 'anonymous'}: {small} queries with 5 members, {big} with 65"
    # One page of members, a pager to the others, the total said in words.
    assert html.count("Miembro 0") == MEMBERS_PER_PAGE
    assert "Miembro 0000" in html and "Miembro 0064" not in html
    assert 'aria-current="page"' in html and "65 personas" in html


def test_members_last_page_and_a_page_past_the_end(client_for):
    org = Organization.objects.get(slug="datamuni-spa")
    Membership.objects.filter(organization=org).delete()
    _add_members(org, 0, 65)
    client = client_for(None)
    last = client.get("/organizaciones/datamuni-spa/?page=3").content.decode()
    assert "Miembro 0064" in last and "Miembro 0059" not in last
    assert "Página 3 de 3" in last
    # A stale link past the end shows the last page, never an error.
    stale = client.get("/organizaciones/datamuni-spa/?page=99")
    assert stale.status_code == 200 and "Miembro 0064" in stale.content.decode()
    bad = client.get("/organizaciones/datamuni-spa/?page=abc")
    assert bad.status_code == 200 and "Miembro 0000" in bad.content.decode()


def test_private_members_stay_hidden_from_outsiders_on_every_page(client_for):
    org = Organization.objects.get(slug="datamuni-spa")
    Membership.objects.filter(organization=org).delete()
    _add_members(org, 0, 35)
    Person.objects.filter(full_name="Miembro 0001").update(is_public=False)
    anonymous = client_for(None).get("/organizaciones/datamuni-spa/").content.decode()
    assert "Miembro 0001" not in anonymous and "34 personas" in anonymous
    staff = client_for("staff").get("/organizaciones/datamuni-spa/").content.decode()
    assert "Miembro 0001" in staff and "35 personas" in staff
