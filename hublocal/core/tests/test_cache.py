"""Fragments cached for anonymous visitors (core/cache.py, `{% anonymous_cache %}`): fewer
queries on the second visit, fresh after a write through a service, never served to a signed-in
person, never holding a CSRF token, and kept apart per language and query string."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from hublocal.core import cache as hub_cache
from hublocal.directory import services as directory_services
from hublocal.directory.models import Organization, Person

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = ["/", "/municipios/", "/municipios/13101/", "/organizaciones/", "/organizaciones/datamuni-spa/"]


@pytest.fixture
def cached(settings):
    settings.ANONYMOUS_FRAGMENT_CACHE = True  # off in the test settings for the rest of the suite


def _get(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries), response.content.decode()


def _cached_values() -> list[str]:
    return [str(cache.get(k.split(":", 2)[-1])) for k in list(cache._cache) if ":anon:" in k]  # locmem keys


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_the_second_anonymous_visit_runs_fewer_queries_and_shows_the_same_page(url, cached, client_for):
    client = client_for(None)
    client.get(url)  # per-process caches (content types, translations)
    cache.clear()
    first, first_html = _get(client, url)
    second, second_html = _get(client, url)
    assert second < first, f"{url}: {first} queries, then {second}"
    strip = __import__("re").compile(r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+')
    assert strip.sub("", first_html) == strip.sub("", second_html)


def test_list_pages_hit_the_database_not_at_all_on_a_warm_visit(cached, client_for):
    client = client_for(None)
    for url in ("/municipios/", "/organizaciones/?kind=startup", "/organizaciones/"):
        client.get(url)
        queries, _html = _get(client, url)
        assert queries == 0, url


def test_a_write_through_a_service_shows_at_once(cached, client_for, users, django_capture_on_commit_callbacks):
    client = client_for(None)
    assert "Fundación Recién Llegada" not in client.get("/organizaciones/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        directory_services.organization_create(
            actor=users["staff"], name="AAA Fundación Recién Llegada", kind="civil_society"
        )
    assert "AAA Fundación Recién Llegada" in client.get("/organizaciones/").content.decode()

    # A public person who joins Santiago's municipality appears on its (cached) profile.
    org = Organization.objects.get(slug="municipalidad-santiago")
    person = Person.objects.create(full_name="AAA Persona Nueva Pública", search_name="aaa persona", is_public=True)
    assert "Persona Nueva Pública" not in client.get("/municipios/13101/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        directory_services.membership_add(actor=users["staff"], person=person, organization=org, position="otro")
    assert "AAA Persona Nueva Pública" in client.get("/municipios/13101/").content.decode()


def test_a_rolled_back_write_leaves_nothing_but_a_fresh_generation(cached):
    before = hub_cache.generation("directory")
    with pytest.raises(RuntimeError), transaction.atomic():
        hub_cache.bump("directory")
        raise RuntimeError
    assert hub_cache.generation("directory") != before  # a miss, never stale data


def test_a_signed_in_person_never_gets_the_anonymous_page(cached, client_for):
    anonymous = client_for(None)
    staff = client_for("staff")
    anonymous.get("/organizaciones/")
    anonymous.get("/organizaciones/")
    html = staff.get("/organizaciones/").content.decode()
    assert "Nueva organización" in html  # staff's own page, with the action anonymous visitors lack
    assert "Nueva organización" not in anonymous.get("/organizaciones/").content.decode()
    # Signed in, nothing is cached: the page is rendered (and queried) every time.
    with CaptureQueriesContext(connection) as ctx:
        staff.get("/organizaciones/")
    assert any("directory_organization" in q["sql"] for q in ctx.captured_queries)


def test_cached_fragments_hold_no_csrf_token_nor_messages(cached, client_for):
    client = client_for(None)
    for url in PUBLIC_PAGES:
        client.get(url)
    values = _cached_values()
    assert values, "nothing was cached"
    for value in values:
        assert "csrfmiddlewaretoken" not in value and "X-CSRFToken" not in value
        assert 'class="messages"' not in value
    # Public pages carry no token for anonymous visitors at all (the language switch is a link),
    # so no CSRF cookie is set; a page with a form still gets one per visitor.
    assert "csrftoken" not in client.cookies
    other = client_for(None)
    client.get("/contacto/")
    other.get("/contacto/")
    assert client.cookies["csrftoken"].value != other.cookies["csrftoken"].value


def test_language_and_query_string_are_part_of_the_key(cached, client_for):
    client = client_for(None)
    spanish = client.get("/organizaciones/").content.decode()
    english = client.get("/en/organizaciones/").content.decode()
    assert "organizaciones" in spanish and "Organizations in the network" in english
    assert "Organizations in the network" in client.get("/en/organizaciones/").content.decode()
    assert "Organizaciones de la red" in client.get("/organizaciones/").content.decode()
    startups = client.get("/organizaciones/?kind=startup").content.decode()
    assert "Municipalidad de Santiago" not in startups
    # Parameter order does not matter; the page number does.
    a = hub_cache.anonymous_key(_request("/organizaciones/?kind=startup&page=2"), "x", ["directory"])
    b = hub_cache.anonymous_key(_request("/organizaciones/?page=2&kind=startup"), "x", ["directory"])
    c = hub_cache.anonymous_key(_request("/organizaciones/?page=3&kind=startup"), "x", ["directory"])
    assert a == b != c


def _request(url):
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory

    request = RequestFactory().get(url)
    request.user = AnonymousUser()
    return request


def test_htmx_partials_are_cached_apart_from_full_pages(cached, client_for):
    client = client_for(None)
    full = client.get("/municipios/?region=13").content.decode()
    partial = client.get("/municipios/?region=13", headers={"HX-Request": "true"}).content.decode()
    assert "<html" in full and "<html" not in partial
    assert "<html" not in client.get("/municipios/?region=13", headers={"HX-Request": "true"}).content.decode()
    assert "<html" in client.get("/municipios/?region=13").content.decode()
