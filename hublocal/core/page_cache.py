"""Whole pages cached for anonymous visitors, invalidated by every committed write.

A public page that a crowd reads (the home page, the municipalities list, a profile, the
catalogue, the ranking, an open API list) costs 5–80 ms of CPU to build and the same for every
visitor who is not signed in. Served from the shared cache it costs about as much as the
framework's trivial view, so two web processes keep up with far more readers.

How it stays correct:

* **Who gets a cached page**: only a GET/HEAD without a session cookie, a messages cookie or an
  `Authorization` header. Such a request is anonymous whatever the view would decide, and its
  page cannot hold anything personal.
* **What is stored**: a 200 answer of a view marked with `@anonymous_page(...)` (or an API view
  class with `anonymous_page_namespaces`), and only if rendering it set no cookie and used no
  CSRF token (a page with a form keeps rendering per request, automatically). The key covers the
  path (and so the language, which the URL carries), the sorted query string, htmx partial
  requests and the `Accept` header; the page is stored with the generations of its data
  namespaces (`core/cache.py`) read before it was built, and served only while they are current
  (the page and the generations are read in one cache round trip).
* **When it goes stale**: never after a commit. Every INSERT/UPDATE/DELETE the ORM sends is seen
  by a database execute wrapper (`watch_writes`), which bumps the generation of the table's app
  and of `ANY` once the transaction commits, whatever code wrote it: a service, a bulk update, a
  management command or the task queue. Tables that change on every visit and never show on a
  public page (sessions, login attempts) are ignored, and private bookkeeping (the audit trail,
  export progress) bumps only its own app, so neither empties the cache.

The headers that the outer middleware adds (security headers, `Vary`, compression, cookies) are
added again to a cached answer on its way out, exactly as for a fresh one.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import re
import time
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.text import compress_string
from django.utils.translation import get_language

from . import critical_css
from .cache import DEFAULT_TIMEOUT, bump, get_stamped

# A page that shows data of several apps (a municipality profile with every app's panel) names
# this namespace: it is bumped by every watched write.
ANY = "*"

_ATTR = "anonymous_page_namespaces"

# Bumped by every watched write, private apps' included: a signed-in person's cached page
# (core/personal_page.py) is stored only if no write committed while it was being built.
EVERY = "**"

# Apps whose tables change on every visit and show on no page: never bumped.
IGNORED_APPS = frozenset({"sessions", "axes", "contenttypes"})
# Apps that hold private bookkeeping (the audit trail, export progress, second factors): a write
# there says nothing about any public page, so it bumps only its own namespace (for the signed-in
# pages that show it, such as the audit log) and EVERY, never ANY.
PRIVATE_APPS = frozenset({"audit", "exports", "admin", "otp_totp", "otp_static", "otp_email"})


def anonymous_page(*namespaces: str, timeout: int = DEFAULT_TIMEOUT) -> Callable[[Any], Any]:
    """Mark a view whose whole answer may be cached for anonymous visitors. `namespaces` are the
    app labels whose data the page shows (`ANY` for all). Put it outermost, above the other
    decorators of the view."""

    def decorate(view: Any) -> Any:
        setattr(view, _ATTR, (tuple(namespaces), timeout))
        return view

    return decorate


def _spec(view_func: Any) -> tuple[tuple[str, ...], int] | None:
    spec = getattr(view_func, _ATTR, None)
    if spec is None:
        # A class-based API view: DRF's as_view() keeps the class on the function.
        spec = getattr(getattr(view_func, "cls", None), _ATTR, None)
        if spec is not None and isinstance(spec[0], str):
            spec = (tuple(spec), DEFAULT_TIMEOUT)
    return spec


def _eligible(request: HttpRequest) -> bool:
    if not settings.ANONYMOUS_PAGE_CACHE:
        return False
    if request.method not in ("GET", "HEAD"):
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False
    return "HTTP_AUTHORIZATION" not in request.META


def page_key(request: HttpRequest) -> str:
    query = sorted((k, v) for k in request.GET for v in request.GET.getlist(k))
    # htmx partials and DRF's content negotiation answer differently for the same URL.
    varies = (request.headers.get("HX-Request"), request.headers.get("HX-Target"), request.headers.get("Accept"))
    # The page inlines the critical CSS that the CSP names by hash (core/critical_css.py): a page
    # stored before hub.css changed (a release, an edit) must not be served under the new policy.
    raw = repr((request.method == "HEAD", request.path, query, varies, critical_css.current().csp_source))
    digest = hashlib.sha256(raw.encode()).hexdigest()[:40]
    return f"page:{get_language()}:{digest}"


# Headers a view may set that belong to the page itself; everything else is added on the way out.
_KEPT_HEADERS = ("Content-Type", "Content-Language", "Content-Disposition", "Link", "Cache-Control", "ETag")

_MIN_GZIP = 200  # as GZipMiddleware: shorter answers are not worth compressing
_ACCEPTS_GZIP = re.compile(r"\bgzip\b")


# A request that finds another building the same page waits this long at most for its answer
# (then builds its own); it looks every POLL_SECONDS.
BUILD_WAIT_SECONDS = 3.0
POLL_SECONDS = 0.05
_BUILDING = ":building"


def _wait_for(key: str, stamp: str) -> Any:
    """The page another request is building under `stamp`, once stored; None if it is not there
    within BUILD_WAIT_SECONDS or the builder gave up (an error, a page that may not be stored)."""
    deadline = time.monotonic() + BUILD_WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)
        found = cache.get_many([key, key + _BUILDING])
        hit = found.get(key)
        if hit is not None and hit[0] == stamp:
            return hit
        if key + _BUILDING not in found:
            return None
    return None


def serve_stored(request: HttpRequest, content: bytes | None, packed: bytes | None, headers: list[Any]) -> HttpResponse:
    """A stored page as an answer: compressed as stored for clients that accept gzip (which
    GZipMiddleware then leaves as it is), its own headers, and `X-Page-Cache: hit`. Shared with
    the kept signed-in pages (core/personal_page.py).

    A page long enough to compress is stored compressed only (`content` None): every browser
    accepts gzip, and reading the plain copy too from the shared cache on every hit (five to ten
    times the bytes) cost more server CPU than the rest of the hit. The rare client that does
    not accept it gets the page inflated here."""
    if packed is not None and _ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")):
        response = HttpResponse(packed)
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(content if content is not None else gzip.decompress(packed or b""))
    if packed is not None:
        patch_vary_headers(response, ("Accept-Encoding",))
    for name, value in headers:
        response[name] = value
    response["X-Page-Cache"] = "hit"
    return response


class AnonymousPageCacheMiddleware:
    """Serves and stores the pages marked with `anonymous_page` (see the module docstring). It
    goes last in MIDDLEWARE: the login, MFA and strict-query checks run first, and what it
    stores is the view's own answer before any other middleware touched it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            response = self.get_response(request)
        except BaseException:
            self._release(request)
            raise
        stored = getattr(request, "_anonymous_page", None)
        if stored is not None:
            key, timeout, stamp, _building = stored
            if self._storable(request, response):
                headers = [(h, response[h]) for h in _KEPT_HEADERS if h in response]
                content = response.content
                # Compressed once here rather than by GZipMiddleware on every hit. A cached page
                # holds no secret (no CSRF token), so it needs none of that middleware's BREACH
                # padding.
                packed = compress_string(content) if len(content) >= _MIN_GZIP else None
                # Stamped with the generations read before the view ran: a write committed
                # while it rendered makes the stored page stale at once, never served. Only
                # one form is kept (see serve_stored).
                cache.set(key, (stamp, None if packed else content, packed, headers), timeout)
            self._release(request)
        return response

    def process_view(self, request: HttpRequest, view_func: Any, args: Any, kwargs: Any) -> HttpResponse | None:
        spec = _spec(view_func)
        if spec is None or not _eligible(request):
            return None
        namespaces, timeout = spec
        key = page_key(request)
        hit, stamp = get_stamped(key, namespaces)
        if hit is None or hit[0] != stamp:
            # One request builds a missing page; the others asking for it meanwhile wait for
            # that answer rather than each building it too (after a write, a crowd on a heavy
            # page would otherwise share the CPU among identical builds, each over a second).
            building = cache.add(key + _BUILDING, 1, BUILD_WAIT_SECONDS * 2)
            if not building:
                hit = _wait_for(key, stamp)
            if hit is None or hit[0] != stamp:
                request._anonymous_page = (key, timeout, stamp, building)  # type: ignore[attr-defined]
                return None
        _stamp, content, packed, headers = hit
        return serve_stored(request, content, packed, headers)

    @staticmethod
    def _release(request: HttpRequest) -> None:
        stored = getattr(request, "_anonymous_page", None)
        if stored is not None and stored[3]:
            cache.delete(stored[0] + _BUILDING)

    @staticmethod
    def _storable(request: HttpRequest, response: HttpResponse) -> bool:
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            return False  # the page holds a CSRF token: it is this visitor's own
        cache_control = response.get("Cache-Control", "")
        return "private" not in cache_control and "no-store" not in cache_control


# ----------------------------------------------------------------------------- write watching

# Writes of a public app that no public page shows: the time of a person's last sign-in (every
# sign-in sends it). They bump their app (a signed-in page listing accounts is fresh) but not ANY,
# which would empty the cache of every public page at each sign-in.
_PRIVATE_UPDATE = re.compile(
    r'^\s*UPDATE\s+"accounts_user"\s+SET\s+"last_login"\s*=\s*%s\s+WHERE\s+"accounts_user"\."id"\s*=\s*%s\s*$',
    re.IGNORECASE,
)
_WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+[`"]?([A-Za-z0-9_]+)', re.IGNORECASE)
_tables: dict[str, str] | None = None


def app_of_table(table: str) -> str | None:
    """The app label of a model's table (auto-created many-to-many tables included), or None."""
    global _tables
    if _tables is None:
        _tables = {m._meta.db_table: m._meta.app_label for m in apps.get_models(include_auto_created=True)}
    return _tables.get(table)


def table_written(sql: str) -> str | None:
    """The table an INSERT, UPDATE or DELETE statement writes, or None (not such a statement)."""
    match = _WRITE.match(sql)
    return None if match is None else match.group(1)


def namespace_of(sql: str) -> str | None:
    """The app whose data a write statement changes, or None (a read, or an ignored table).
    A private app's label is returned too: `flush` bumps it without ANY."""
    table = table_written(sql)
    app = None if table is None else app_of_table(table)
    return None if app in IGNORED_APPS else app


def watch_writes(sender: Any, connection: Any, **kwargs: Any) -> None:
    """`connection_created` receiver: add the write watcher to every new database connection."""
    if any(isinstance(w, _WriteWatcher) for w in connection.execute_wrappers):
        return
    connection.execute_wrappers.append(_WriteWatcher(connection))


class _WriteWatcher:
    """Collects the apps written in the current transaction and bumps them once it commits
    (immediately in autocommit). A rolled-back transaction leaves its apps in the set: the next
    commit bumps them too, which only costs a cache miss."""

    def __init__(self, connection: Any) -> None:
        self.connection = connection
        self.dirty: set[str] = set()
        self.public = False  # a write that may show on a public page (ANY is bumped)

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        result = execute(sql, params, many, context)
        if not (settings.ANONYMOUS_PAGE_CACHE or settings.ANONYMOUS_FRAGMENT_CACHE or settings.PERSONAL_PAGE_CACHE):
            return result  # nothing is cached (the test settings): nothing to invalidate
        namespace = namespace_of(sql)
        if namespace is not None:
            self.dirty.add(namespace)
            if namespace not in PRIVATE_APPS and not _PRIVATE_UPDATE.match(sql):
                self.public = True
            if not self.connection.in_atomic_block:
                self.flush()
            elif not any(func == self.flush for _sids, func, _robust in self.connection.run_on_commit):
                transaction.on_commit(self.flush, using=self.connection.alias)
        return result

    def flush(self) -> None:
        if self.dirty:
            names, self.dirty = self.dirty, set()
            public, self.public = self.public, False
            try:
                bump(*names, EVERY, *([ANY] if public else []))
            except Exception:  # noqa: BLE001 - a cache outage must not fail a committed write
                logging.getLogger("hublocal.cache").warning("could not bump %s", sorted(names), exc_info=True)
