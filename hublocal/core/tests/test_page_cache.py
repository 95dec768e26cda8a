"""Whole public pages cached for anonymous visitors (core/page_cache.py): served without a query,
with the security headers of a fresh answer, fresh after any committed write (even one that
bypasses the services), never for a signed-in person, a session, a token or a page with a form."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import connection, transaction
from django.http import HttpResponse
from django.template import engines
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from hublocal.core import page_cache
from hublocal.core.cache import generations
from hublocal.directory.models import Organization

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/municipios/",
    "/municipios/?q=santiago",
    "/municipios/13101/",
    "/organizaciones/",
    "/soluciones/",
    "/diagnostico/resultados/",
    "/innovacion/desafios/",
    "/pilotos/programa/",
    "/en/municipios/",
    "/api/v1/communes/?page_size=5",
    "/api/v1/communes/13101/scores/",
]


@pytest.fixture
def cached(settings):
    settings.ANONYMOUS_PAGE_CACHE = True  # off in the test settings for the rest of the suite
    cache.clear()


def _get(client, url, **kwargs):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **kwargs)
    assert response.status_code == 200, url
    return response, len(ctx.captured_queries)


@pytest.mark.parametrize("url", PAGES)
def test_the_second_anonymous_visit_is_the_same_page_without_a_query(url, cached, client_for):
    client = client_for(None)
    first, _ = _get(client, url)
    second, queries = _get(client, url)
    assert queries == 0, f"{url}: {queries} queries on a cached visit"
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    # The outer middleware still adds its headers to the cached answer.
    for header in ("X-Frame-Options", "Referrer-Policy", "X-Content-Type-Options"):
        assert second.get(header) == first.get(header), header
    if not url.startswith("/api/"):
        assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_public_pages_hold_no_csrf_token_and_switch_language_by_link(cached, client_for):
    client = client_for(None)
    html = client.get("/municipios/?region=13").content.decode()
    assert "csrfmiddlewaretoken" not in html and "X-CSRFToken" not in html
    assert 'href="/en/municipios/?region=13"' in html
    english = client.get("/en/municipios/?region=13").content.decode()
    assert 'href="/municipios/?region=13"' in english and "Municipalities" in english
    assert "csrftoken" not in client.cookies


def test_any_committed_write_shows_at_once_even_without_a_service(
    cached, client_for, django_capture_on_commit_callbacks
):
    client = client_for(None)
    client.get("/organizaciones/")
    assert client.get("/organizaciones/")["X-Page-Cache"] == "hit"
    org = Organization.objects.filter(kind="municipality").order_by("name").first()
    # A bulk update (no service, no explicit bump), as a management command would: the watcher
    # bumps the app once the transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        Organization.objects.filter(pk=org.pk).update(name="AAA Nombre Cambiado Por Un Comando")
    response = client.get("/organizaciones/")
    assert "X-Page-Cache" not in response
    assert "AAA Nombre Cambiado Por Un Comando" in response.content.decode()


def test_a_write_inside_a_transaction_invalidates_on_commit_not_before(
    cached, client_for, django_capture_on_commit_callbacks
):
    client = client_for(None)
    client.get("/organizaciones/")
    before = generations(["directory"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        Organization.objects.filter(slug="datamuni-spa").update(name="Datamuni Renombrada")
        Organization.objects.filter(slug="datamuni-spa").update(name="Datamuni Renombrada Dos")
    assert len(callbacks) == 1  # one bump per transaction, however many writes
    assert generations(["directory"]) == before
    callbacks[0]()
    assert generations(["directory"]) != before
    assert generations([page_cache.ANY]) != before


def test_a_signed_in_person_a_session_or_a_token_never_gets_the_cached_page(cached, client_for, users):
    anonymous = client_for(None)
    anonymous.get("/organizaciones/")
    assert anonymous.get("/organizaciones/")["X-Page-Cache"] == "hit"
    staff = client_for("staff")
    response = staff.get("/organizaciones/")
    assert "X-Page-Cache" not in response
    assert "Nueva organización" in response.content.decode()  # staff's own page, with its action
    # A leftover session cookie (even an invalid one) or an Authorization header: not served.
    stray = client_for(None)
    stray.cookies["sessionid"] = "not-a-session"
    assert "X-Page-Cache" not in stray.get("/organizaciones/")
    assert "X-Page-Cache" not in anonymous.get("/organizaciones/", headers={"Authorization": "Token x"})


def test_a_page_that_renders_a_csrf_token_or_sets_a_cookie_is_never_stored(cached):
    factory = RequestFactory()
    middleware = page_cache.AnonymousPageCacheMiddleware(lambda request: view(request))

    @page_cache.anonymous_page("directory")
    def view(request):
        template = engines["django"].from_string("<form>{% csrf_token %}</form>")
        return HttpResponse(template.render({}, request))

    for _ in range(2):
        request = factory.get("/formulario/")
        request.user = AnonymousUser()
        assert middleware.process_view(request, view, (), {}) is None  # never a hit
        response = middleware(request)
        assert "csrfmiddlewaretoken" in response.content.decode()

    @page_cache.anonymous_page("directory")
    def with_cookie(request):
        response = HttpResponse("hola")
        response.set_cookie("preferencia", "1")
        return response

    middleware = page_cache.AnonymousPageCacheMiddleware(lambda request: with_cookie(request))
    for _ in range(2):
        request = factory.get("/galleta/")
        assert middleware.process_view(request, with_cookie, (), {}) is None
        middleware(request)


def test_htmx_partials_and_full_pages_are_cached_apart(cached, client_for):
    client = client_for(None)
    for _ in range(2):
        assert "<html" in client.get("/municipios/?region=13").content.decode()
        partial = client.get("/municipios/?region=13", headers={"HX-Request": "true"}).content.decode()
        assert "<html" not in partial


def test_errors_are_not_cached(cached, client_for):
    client = client_for(None)
    assert client.get("/municipios/99999/").status_code == 404
    assert "X-Page-Cache" not in client.get("/municipios/99999/")


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ('UPDATE "directory_organization" SET "name" = %s', "directory"),
        ('INSERT INTO "diagnosis_answer" ("value") VALUES (%s)', "diagnosis"),
        ('  DELETE FROM "territory_commune" WHERE id = 1', "territory"),
        ('UPDATE "django_session" SET "session_data" = %s', None),  # ignored: sessions
        ('SELECT "directory_organization"."id" FROM "directory_organization"', None),
    ],
)
def test_the_watcher_names_the_app_of_a_write(sql, expected):
    assert page_cache.namespace_of(sql) == expected


def test_a_cached_page_is_sent_compressed_once_for_clients_that_accept_gzip(cached, client_for):
    import gzip

    client = client_for(None)
    plain = client.get("/municipios/").content
    packed = client.get("/municipios/", headers={"Accept-Encoding": "gzip, deflate"})
    assert packed["X-Page-Cache"] == "hit" and packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    assert gzip.decompress(packed.content) == plain
    assert client.get("/municipios/")["X-Page-Cache"] == "hit"  # and plain for those that do not
    assert client.get("/municipios/").content == plain
    # Stored once, compressed: a hit reads a fifth of the bytes from the shared cache.
    stamp, content, stored, _headers = cache.get(page_cache.page_key(RequestFactory().get("/municipios/")))
    assert content is None and stored is not None and len(stored) < len(plain) / 3


def test_a_write_committed_while_the_page_was_built_leaves_it_stale(cached):
    from hublocal.core.cache import bump

    calls = []

    @page_cache.anonymous_page("directory")
    def view(request):
        calls.append(1)
        if len(calls) == 1:
            bump("directory")  # another process commits while this first answer renders
        return HttpResponse("<p>" + "organizaciones " * 30 + "</p>")

    middleware = page_cache.AnonymousPageCacheMiddleware(lambda request: view(request))
    for expected_calls in (1, 2):
        request = RequestFactory().get("/organizaciones/")
        assert middleware.process_view(request, view, (), {}) is None  # built, not served
        middleware(request)
        assert len(calls) == expected_calls
    # The second answer was built after the write: it is served from then on.
    request = RequestFactory().get("/organizaciones/")
    assert middleware.process_view(request, view, (), {})["X-Page-Cache"] == "hit"


def test_a_sign_in_refreshes_its_account_but_leaves_the_public_pages_cached(cached, client_for, users):
    from hublocal.core.page_cache import _WriteWatcher

    watcher = next(w for w in connection.execute_wrappers if isinstance(w, _WriteWatcher))
    watcher.flush()
    public, account = generations([page_cache.ANY]), generations(["accounts"])
    with CaptureQueriesContext(connection) as ctx:
        client_for("staff")  # signs in: last login, the audit trail, the session
    assert any('SET "last_login"' in q["sql"] for q in ctx.captured_queries)
    watcher.flush()  # as the commit would
    assert generations([page_cache.ANY]) == public
    assert generations(["accounts"]) != account
    # Any other change to an account still reaches the public pages (a name on a profile).
    users["staff"].first_name = "Otro"
    users["staff"].save(update_fields=["first_name"])
    watcher.flush()
    assert generations([page_cache.ANY]) != public


def _timer(seconds, action):
    import threading

    timer = threading.Timer(seconds, action)
    timer.start()
    return timer


def test_a_request_that_finds_the_page_being_built_waits_for_it_instead_of_building_it_too(cached):
    import time

    from hublocal.core.cache import get_stamped

    calls = []

    @page_cache.anonymous_page("directory")
    def view(request):
        calls.append(1)
        return HttpResponse("<p>" + "organizaciones " * 30 + "</p>")

    middleware = page_cache.AnonymousPageCacheMiddleware(lambda request: view(request))
    key = page_cache.page_key(RequestFactory().get("/organizaciones/"))
    _, stamp = get_stamped(key, ("directory",))
    # Another request is building the page and stores it a moment later.
    cache.add(key + page_cache._BUILDING, 1, 10)
    stored = (stamp, b"<p>del otro</p>", None, [("Content-Type", "text/html; charset=utf-8")])
    timer = _timer(0.2, lambda: cache.set(key, stored))
    started = time.monotonic()
    response = middleware.process_view(RequestFactory().get("/organizaciones/"), view, (), {})
    timer.join()
    assert response is not None and response["X-Page-Cache"] == "hit"
    assert response.content == b"<p>del otro</p>" and not calls
    assert time.monotonic() - started < page_cache.BUILD_WAIT_SECONDS

    # The builder gave up (an error, a page that may not be stored): the waiter builds its own,
    # without waiting out the whole delay, and releases the mark once its page is stored.
    cache.clear()
    key_stamp = get_stamped(key, ("directory",))[1]
    cache.add(key + page_cache._BUILDING, 1, 10)
    timer = _timer(0.2, lambda: cache.delete(key + page_cache._BUILDING))
    started = time.monotonic()
    request = RequestFactory().get("/organizaciones/")
    assert middleware.process_view(request, view, (), {}) is None
    timer.join()
    assert time.monotonic() - started < page_cache.BUILD_WAIT_SECONDS
    middleware(request)
    assert calls == [1]
    assert cache.get(key)[0] == key_stamp and cache.get(key + page_cache._BUILDING) is None


def test_the_builder_releases_its_mark_even_when_the_view_fails(cached):
    @page_cache.anonymous_page("directory")
    def broken(request):
        raise RuntimeError("falla")

    middleware = page_cache.AnonymousPageCacheMiddleware(lambda request: broken(request))
    request = RequestFactory().get("/roto/")
    assert middleware.process_view(request, broken, (), {}) is None
    with pytest.raises(RuntimeError):
        middleware(request)
    assert cache.get(page_cache.page_key(request) + page_cache._BUILDING) is None
