"""A signed-in person's pages kept whole between writes (core/personal_page.py): served to the
same person and session only, without running the view; fresh after any committed write to what
the page read, even one that bypasses the services; never stored when the page wrote, showed a
message, or read something whose changes are not watched."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from hublocal.core import personal_page
from hublocal.core.cache import bump, generations
from hublocal.core.page_cache import ANY, EVERY, _WriteWatcher

pytestmark = pytest.mark.django_db

# Every page marked @personal_page, with an account that may open it.
PAGES = [
    ("/inicio/", "staff"),
    ("/inicio/", "santiago"),
    ("/inicio/", "startup-a"),
    ("/cuenta/gestion/", "staff"),
    ("/seguimiento/", "staff"),
    ("/diagnostico/campanas/", "staff"),
    ("/cuenta/gestion/auditoria/", "staff"),
    ("/innovacion/desafios/1/", "santiago"),
    ("/diagnostico/", "santiago"),
    ("/innovacion/recomendados/", "startup-a"),
    ("/soluciones/mis-soluciones/", "startup-a"),
    ("/propuestas/mias/", "startup-a"),
]


@pytest.fixture
def cached(settings):
    settings.PERSONAL_PAGE_CACHE = True  # off in the test settings for the rest of the suite
    cache.clear()


@pytest.fixture
def commits():
    """Write, then run what the write watcher runs when the transaction commits (the test's own
    transaction never does; signing in already left a pending bump in it)."""

    def run(write):
        write()
        for wrapper in connection.execute_wrappers:
            if isinstance(wrapper, _WriteWatcher):
                wrapper.flush()

    return run


def _get(client, url, **kwargs):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **kwargs)
    assert response.status_code == 200, url
    return response, ctx.captured_queries


def _signed_in(client_for, username):
    """A signed-in client that holds a CSRF cookie, as a browser does after its first page."""
    client = client_for(username)
    client.get("/inicio/")
    assert client.cookies.get("csrftoken"), "the first page gives the browser its CSRF cookie"
    return client


@pytest.mark.parametrize(("url", "username"), PAGES)
def test_the_second_visit_is_the_same_page_without_running_the_view(url, username, cached, client_for):
    client = _signed_in(client_for, username)
    first, _ = _get(client, url)
    assert "X-Page-Cache" not in first
    second, queries = _get(client, url)
    assert second["X-Page-Cache"] == "hit", url
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    # Only the sign-in itself (session and person) is read: the view did not run.
    tables = " ".join(q["sql"] for q in queries)
    assert len(queries) <= 3, f"{url}: {len(queries)} queries on a cached visit: {tables}"
    for header in ("X-Frame-Options", "Referrer-Policy", "Content-Security-Policy"):
        assert second.get(header) == first.get(header), header


def test_one_persons_page_is_never_served_to_another(cached, client_for):
    staff = _signed_in(client_for, "staff")
    santiago = _signed_in(client_for, "santiago")
    _get(staff, "/inicio/")
    assert _get(staff, "/inicio/")[0]["X-Page-Cache"] == "hit"
    mine, _ = _get(santiago, "/inicio/")
    assert "X-Page-Cache" not in mine
    assert mine.content != _get(staff, "/inicio/")[0].content
    # A second session of the same person is a page of its own (its CSRF secret differs).
    again = _signed_in(client_for, "staff")
    assert "X-Page-Cache" not in _get(again, "/inicio/")[0]


def test_anonymous_visitors_and_signed_out_sessions_never_get_it(cached, client_for):
    staff = _signed_in(client_for, "staff")
    _get(staff, "/seguimiento/")
    assert _get(staff, "/seguimiento/")[0]["X-Page-Cache"] == "hit"
    staff.post("/cuenta/salir/")
    response = staff.get("/seguimiento/")
    assert response.status_code == 302 and "/cuenta/ingresar/" in response["Location"]


def test_a_committed_write_to_what_the_page_read_shows_at_once(cached, client_for, commits, users):
    from hublocal.innovation.models import Challenge
    from hublocal.proposals.models import Proposal

    client = _signed_in(client_for, "startup-a")
    first, _ = _get(client, "/propuestas/mias/")
    assert _get(client, "/propuestas/mias/")[0]["X-Page-Cache"] == "hit"
    proposal = Proposal.objects.filter(organization=users["startup-a"].organization).order_by("pk").first()
    assert proposal is not None
    # A bulk update, as a management command would send: no service, no explicit bump.
    commits(lambda: Challenge.objects.filter(pk=proposal.challenge_id).update(title="Título cambiado por un comando"))
    fresh, _ = _get(client, "/propuestas/mias/")
    assert "X-Page-Cache" not in fresh
    assert "Título cambiado por un comando" in fresh.content.decode()
    assert _get(client, "/propuestas/mias/")[0]["X-Page-Cache"] == "hit"


def test_a_write_to_an_app_the_page_never_read_keeps_it(cached, client_for, commits):
    client = _signed_in(client_for, "startup-a")
    _get(client, "/soluciones/mis-soluciones/")
    depends = cache.get(_key_of(client, "/soluciones/mis-soluciones/"))[0]
    assert "solutions" in depends and "accounts" in depends
    unrelated = next(app for app in ("finance", "events", "library", "training") if app not in depends)
    bump(unrelated, ANY, EVERY)
    assert _get(client, "/soluciones/mis-soluciones/")[0]["X-Page-Cache"] == "hit"
    bump("solutions")
    assert "X-Page-Cache" not in _get(client, "/soluciones/mis-soluciones/")[0]


def _key_of(client, url):
    from django.contrib.auth import get_user_model
    from django.utils import translation

    request = RequestFactory().get(url)
    request.COOKIES.update({k: v.value for k, v in client.cookies.items()})
    request.session = client.session
    request.user = get_user_model().objects.get(pk=client.session["_auth_user_id"])
    with translation.override(settings.LANGUAGE_CODE):
        return personal_page.page_key(request)


def test_the_audit_log_shows_a_new_entry_although_audit_writes_leave_public_pages_alone(
    cached, client_for, commits, users
):
    from hublocal.audit import services as audit_services

    client = _signed_in(client_for, "staff")
    _get(client, "/cuenta/gestion/auditoria/")
    assert _get(client, "/cuenta/gestion/auditoria/")[0]["X-Page-Cache"] == "hit"
    commits(lambda: None)  # the sign-in's own pending bump (last_login), out of the way
    public = generations([ANY])
    commits(lambda: audit_services.audit_record(actor=users["staff"], action="accounts.login", obj=users["staff"]))
    assert generations([ANY]) == public  # the public pages' cache is untouched
    fresh, _ = _get(client, "/cuenta/gestion/auditoria/")
    assert "X-Page-Cache" not in fresh


def test_a_suspended_account_or_a_lost_role_never_gets_its_kept_page(cached, client_for, commits, users):
    from django.contrib.auth import get_user_model

    accounts = get_user_model().objects
    client = _signed_in(client_for, "staff")
    _get(client, "/cuenta/gestion/")
    assert _get(client, "/cuenta/gestion/")[0]["X-Page-Cache"] == "hit"
    # Suspended by a bulk update (no service): signed out on the next request.
    commits(lambda: accounts.filter(pk=users["staff"].pk).update(is_active=False))
    response = client.get("/cuenta/gestion/")
    assert response.status_code == 302 and "X-Page-Cache" not in response
    # A municipal official whose organisation moves: the home is built again for the new one.
    santiago = _signed_in(client_for, "santiago")
    _get(santiago, "/diagnostico/")
    assert _get(santiago, "/diagnostico/")[0]["X-Page-Cache"] == "hit"
    commits(lambda: accounts.filter(pk=users["santiago"].pk).update(first_name="Otra"))
    assert "X-Page-Cache" not in _get(santiago, "/diagnostico/")[0]


def test_a_page_with_a_message_waiting_is_neither_served_nor_stored(cached, client_for):
    client = _signed_in(client_for, "staff")
    _get(client, "/inicio/")
    assert _get(client, "/inicio/")[0]["X-Page-Cache"] == "hit"
    session = client.session
    session["_messages"] = '[["__json_message",0,20,"Aviso de prueba para usted"]]'
    session.save()
    shown, _ = _get(client, "/inicio/")
    assert "X-Page-Cache" not in shown


def _middleware_for(view):
    return personal_page.PersonalPageCacheMiddleware(lambda request: view(request))


def _request(users, username="staff"):
    from django.contrib.sessions.backends.db import SessionStore

    request = RequestFactory().get("/prueba/")
    request.user = users[username]
    request.session = SessionStore()
    request.session.create()
    request.COOKIES["csrftoken"] = "a" * 32
    request.META["CSRF_COOKIE"] = "a" * 32
    return request


def _twice(middleware, view, users):
    stored = []
    for _ in range(2):
        request = _request(users)
        request.session = stored[0] if stored else request.session
        stored.append(request.session)
        hit = middleware.process_view(request, view, (), {})
        if hit is not None:
            return True
        middleware(request)
    return False


def test_a_page_that_wrote_while_it_was_built_is_never_stored(cached, users):
    from hublocal.directory.models import Organization

    @personal_page.personal_page()
    def view(request):
        Organization.objects.filter(pk=-1).update(name="x")
        return HttpResponse("<p>hola</p>", content_type="text/html")

    assert not _twice(_middleware_for(view), view, users)


def test_a_page_that_read_an_unwatched_table_is_never_stored(cached, users):
    @personal_page.personal_page()
    def view(request):
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM axes_accessattempt")
        return HttpResponse("<p>hola</p>", content_type="text/html")

    assert not _twice(_middleware_for(view), view, users)


def test_a_plain_read_only_page_is_stored_and_a_write_during_building_prevents_it(cached, users):
    from hublocal.directory.models import Organization

    @personal_page.personal_page()
    def view(request):
        list(Organization.objects.values_list("pk")[:3])
        return HttpResponse("<p>hola</p>", content_type="text/html")

    assert _twice(_middleware_for(view), view, users)

    cache.clear()

    @personal_page.personal_page()
    def racing(request):
        list(Organization.objects.values_list("pk")[:3])
        bump("territory", EVERY)  # another process commits while this page is being built
        return HttpResponse("<p>hola</p>", content_type="text/html")

    assert not _twice(_middleware_for(racing), racing, users)


def test_the_recorder_names_the_apps_a_page_read():
    recorder = personal_page.Recorder()
    recorder.note('SELECT "id" FROM "directory_organization" INNER JOIN "territory_commune" ON 1')
    recorder.note('SELECT 1 FROM "django_session" WHERE 1')
    recorder.note("SAVEPOINT s1")
    assert recorder.apps == {"directory", "territory"} and not recorder.unusable
    recorder.note('UPDATE "django_session" SET "expire_date" = %s')
    assert not recorder.unusable  # a session touched is not the page's doing
    recorder.note('UPDATE "directory_organization" SET "name" = %s')
    assert recorder.unusable == "wrote"
    other = personal_page.Recorder()
    other.note("SELECT * FROM search_fts WHERE search_fts MATCH %s")
    assert other.unusable == "read search_fts"


def test_nothing_is_kept_when_the_setting_is_off(client_for):
    client = _signed_in(client_for, "staff")
    _get(client, "/inicio/")
    assert "X-Page-Cache" not in _get(client, "/inicio/")[0]


def test_an_anonymous_request_is_left_to_the_public_cache(cached):
    @personal_page.personal_page()
    def view(request):
        return HttpResponse("<p>hola</p>", content_type="text/html")

    request = RequestFactory().get("/prueba/")
    request.user = AnonymousUser()
    assert _middleware_for(view).process_view(request, view, (), {}) is None
    assert getattr(request, "_personal_page", None) is None
