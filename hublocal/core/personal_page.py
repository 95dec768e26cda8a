"""A signed-in person's busiest pages, kept whole between the writes that could change them.

A home, a back office or a list of one's own proposals costs 8–30 ms of CPU to build (queries
across several apps, a large template), and people reload them far more often than anything on
them changes. Rails calls the technique key-based expiration; here the keys come from the data
itself, so no view has to say what it depends on.

How it stays correct:

* **Who gets a cached page**: only the person it was built for, in the same session, the same
  language, the same day and with the same CSRF secret (the page's forms carry a token made from
  it). A GET/HEAD of a view marked `@personal_page`, by a signed-in person, with no message
  waiting (a flash message is shown once) and no `Authorization` header. Every check that runs
  before the view (sign-in, session limits, second factor, lockout) still runs on every request.
* **What the page depends on is recorded, not declared**: while the view and its template run,
  a database execute wrapper notes every table a SELECT reads, and `core.cache` notes every
  generation-keyed cache the page reads (a figure served from the cache without a query). The
  apps of those tables, plus the accounts app (the person, read before the view), are the page's
  dependencies, stored with their generations.
* **When it goes stale**: at the next committed write to any of those apps, whatever code sent it
  (`core/page_cache.py`'s write watcher bumps the app's generation). A hit compares the stored
  generations with the current ones in one cache round trip.
* **What is never stored**: an answer other than a 200 HTML page, a page that wrote to the
  database while it was built (skipping the view would skip the write), a page that read a table
  no app owns (a search index, a database function) or one whose changes are not watched (login
  attempts), a page that set a cookie, and a page during whose building any write committed
  anywhere (it might show data older than the generations it would be stored under).

Pages stay at most `timeout` seconds (5 minutes): a bound for what no write marks, such as
"3 minutes ago".
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.middleware.gzip import GZipMiddleware
from django.utils import timezone
from django.utils.text import compress_string
from django.utils.translation import get_language

from . import critical_css
from .cache import generations, start_noting, stop_noting
from .page_cache import _KEPT_HEADERS, _MIN_GZIP, EVERY, IGNORED_APPS, app_of_table, serve_stored, table_written

DEFAULT_TIMEOUT = 300

_ATTR = "personal_page_timeout"

# Read before the view by the middleware that signs the person in; the page shows their name
# and role, so it depends on them whatever the view reads.
_ALWAYS = ("accounts",)
# Tables of ignored apps that a page may read without depending on them: content types change
# only with a migration, sessions are the sign-in itself (keyed by the session, below).
_HARMLESS = frozenset({"sessions", "contenttypes"})

_READ = re.compile(r'\b(?:FROM|JOIN)\s+[`"]?([A-Za-z_][A-Za-z0-9_]*)', re.IGNORECASE)
_NOT_A_READ = re.compile(r"^\s*(?:SAVEPOINT|RELEASE|ROLLBACK|COMMIT|BEGIN|SET|SHOW)\b", re.IGNORECASE)
_WRITE = re.compile(r"^\s*(?:INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER|TRUNCATE)\b", re.IGNORECASE)


def personal_page(timeout: int = DEFAULT_TIMEOUT) -> Callable[[Any], Any]:
    """Mark a read-only view whose whole answer may be kept for the signed-in person who asked
    for it (see the module docstring). Put it outermost, above the other decorators."""

    def decorate(view: Any) -> Any:
        setattr(view, _ATTR, timeout)
        return view

    return decorate


class Recorder:
    """Execute wrapper: the apps a page read, and whether it wrote or read something unknown."""

    def __init__(self) -> None:
        self.apps: set[str] = set()
        self.unusable = ""  # why the page must not be stored, once known

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        if not self.unusable:
            self.note(sql)
        return execute(sql, params, many, context)

    def note(self, sql: str) -> None:
        if _NOT_A_READ.match(sql):
            return
        if _WRITE.match(sql):
            # A write the watcher ignores (a session touched) changes nothing the page shows.
            if app_of_table(table_written(sql) or "") not in IGNORED_APPS:
                self.unusable = "wrote"
            return
        for table in _READ.findall(sql):
            app = app_of_table(table)
            if app is None:
                self.unusable = f"read {table}"
                return
            if app in IGNORED_APPS:
                if app not in _HARMLESS:
                    self.unusable = f"read {table}"
                    return
                continue
            self.apps.add(app)


def _eligible(request: HttpRequest) -> bool:
    if not settings.PERSONAL_PAGE_CACHE or request.method not in ("GET", "HEAD"):
        return False
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or "HTTP_AUTHORIZATION" in request.META:
        return False
    if "messages" in request.COOKIES or "_messages" in request.session:
        return False
    # The page's forms carry a token made from this secret: without one yet, the page would
    # make a new secret and a cookie of its own.
    return bool(request.COOKIES.get(settings.CSRF_COOKIE_NAME)) and request.session.session_key is not None


def page_key(request: HttpRequest) -> str:
    query = sorted((k, v) for k in request.GET for v in request.GET.getlist(k))
    varies = (request.headers.get("HX-Request"), request.headers.get("HX-Target"), request.headers.get("Accept"))
    raw = repr(
        (
            request.method == "HEAD",
            request.path,
            query,
            varies,
            critical_css.current().csp_source,
            request.session.session_key,
            request.COOKIES.get(settings.CSRF_COOKIE_NAME),
            timezone.localdate().isoformat(),
        )
    )
    digest = hashlib.sha256(raw.encode()).hexdigest()[:40]
    return f"ppage:{request.user.pk}:{get_language()}:{digest}"


class PersonalPageCacheMiddleware:
    """Serves and stores the pages marked with `personal_page`. Innermost in MIDDLEWARE, beside
    the anonymous page cache: every sign-in, session and second-factor check runs first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            response = self.get_response(request)
        finally:
            pending = getattr(request, "_personal_page", None)
            if pending is not None:
                stop_noting()
                connection.execute_wrappers.remove(pending[2])
        if pending is not None:
            key, timeout, recorder, noted, every = pending
            if self._storable(request, response, recorder):
                self._store(key, timeout, response, recorder.apps | noted, every)
        return response

    def process_view(self, request: HttpRequest, view_func: Any, args: Any, kwargs: Any) -> HttpResponse | None:
        timeout = getattr(view_func, _ATTR, None)
        if timeout is None or not _eligible(request):
            return None
        key = page_key(request)
        hit = cache.get(key)
        if hit is not None:
            depends, stamp, content, packed, headers = hit
            if generations(depends) == stamp:
                return serve_stored(request, content, packed, headers)
        # A write that commits from here on bumps EVERY: the page is then not stored (below).
        every = generations((EVERY,))
        recorder = Recorder()
        connection.execute_wrappers.append(recorder)
        noted = start_noting()  # stopped in __call__, once the view and its template are done
        request._personal_page = (key, timeout, recorder, noted, every)  # type: ignore[attr-defined]
        return None

    @staticmethod
    def _storable(request: HttpRequest, response: HttpResponse, recorder: Recorder) -> bool:
        if recorder.unusable or response.status_code != 200 or response.streaming or response.cookies:
            return False
        if not response.get("Content-Type", "").startswith("text/html"):
            return False
        if "no-store" in response.get("Cache-Control", ""):
            return False
        # A secret rotated while rendering (an invalid cookie): the page's tokens are the new one's.
        return request.META.get("CSRF_COOKIE") == request.COOKIES.get(settings.CSRF_COOKIE_NAME)

    @staticmethod
    def _store(key: str, timeout: int, response: HttpResponse, depends: set[str], every: str) -> None:
        names = tuple(sorted(depends | set(_ALWAYS)))
        stamp = generations(names)
        if generations((EVERY,)) != every:
            return  # something committed while the page was built: it may predate `stamp`
        content = response.content
        # Compressed once, with the random padding GZipMiddleware adds against BREACH: the page
        # carries a CSRF token.
        packed = (
            compress_string(content, max_random_bytes=GZipMiddleware.max_random_bytes)
            if len(content) >= _MIN_GZIP
            else None
        )
        headers = [(h, response[h]) for h in _KEPT_HEADERS if h in response]
        cache.set(key, (names, stamp, None if packed else content, packed, headers), timeout)  # one form: serve_stored
