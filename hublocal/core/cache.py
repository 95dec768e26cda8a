"""Cached public fragments for anonymous visitors, invalidated by data generations.

Each app that writes public data has a *generation*: an opaque token in the shared cache
(Redis when configured, so every web process sees the same one). Write services call
`bump("directory")` and the token is replaced once their transaction commits; every cache key
built from that generation is then simply never asked for again (it expires on its own). So a
cached fragment is never served after the data it shows has changed, whatever the timeout, and
no process has to know which keys to delete.

Only anonymous visitors get cached fragments: a signed-in person's page depends on their role
and organisation. Fragments are parts of pages, never the whole page, so the CSRF token and the
messages of the site shell are always rendered for the request at hand.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import get_language

# A fragment lives at most this long even if no write bumps its generation (e.g. the counts of
# an app that does not bump): a bound on staleness, not the invalidation mechanism.
DEFAULT_TIMEOUT = 600

_PREFIX = "gen:"

# The namespaces whose generations were read while a signed-in person's page was being built
# (core/personal_page.py): a figure served from a generation-keyed cache shows that namespace's
# data without a query, so the page depends on it all the same.
_noted: ContextVar[set[str] | None] = ContextVar("hublocal_generations_read", default=None)


def start_noting() -> set[str]:
    """From now on (in this thread), collect into the returned set every namespace whose
    generation is read, until `stop_noting()`."""
    noted: set[str] = set()
    _noted.set(noted)
    return noted


def stop_noting() -> None:
    _noted.set(None)


def _note(namespaces: Iterable[str]) -> None:
    noted = _noted.get()
    if noted is not None:
        noted.update(namespaces)


def generation(namespace: str) -> str:
    """The current token of a namespace (created on first use; `add` keeps concurrent first
    uses of several processes agreeing on one token)."""
    _note((namespace,))
    key = _PREFIX + namespace
    token = cache.get(key)
    if token is None:
        cache.add(key, uuid.uuid4().hex, timeout=None)
        token = cache.get(key) or ""
    return str(token)


def _stamp(tokens: list[str]) -> str:
    """The tokens as one stamp. Keys carry it: the home page's ten apps would otherwise make a
    330-character key (stored and sent on every hit), so more than two are condensed to a digest."""
    joined = ".".join(tokens)
    return joined if len(tokens) <= 2 else hashlib.sha256(joined.encode()).hexdigest()[:32]


def generations(namespaces: Iterable[str]) -> str:
    names = sorted(set(namespaces))
    _note(names)
    keys = [_PREFIX + n for n in names]
    found = cache.get_many(keys)
    return _stamp([str(found[k]) if k in found else generation(n) for k, n in zip(keys, names, strict=True)])


def get_stamped(key: str, namespaces: Iterable[str]) -> tuple[Any, str]:
    """The value stored under `key` and the current generations of `namespaces` (as
    `generations` returns them), read in one cache round trip: a hit of a whole cached page
    costs about as much as the framework's trivial view, so a second round trip shows."""
    names = sorted(set(namespaces))
    _note(names)
    keys = [_PREFIX + n for n in names]
    found = cache.get_many([key, *keys])
    stamp = _stamp([str(found[k]) if k in found else generation(n) for k, n in zip(keys, names, strict=True)])
    return found.get(key), stamp


def bump(*namespaces: str) -> None:
    """Invalidate every fragment built from these namespaces: now (so the writer's own next
    read in the same transaction is fresh) and again once the transaction commits (another
    process may have cached the old, still committed data in between). A rolled-back write
    only costs a cache miss."""

    def _bump() -> None:
        cache.set_many({_PREFIX + n: uuid.uuid4().hex for n in namespaces}, timeout=None)

    _bump()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_bump)


def anonymous_key(request: HttpRequest, name: str, namespaces: Iterable[str], extra: str = "") -> str | None:
    """The cache key of a fragment for this request, or None when it must not be cached (a
    signed-in user, or a method other than GET/HEAD). The key covers the language, the query
    string (sorted, so parameter order does not matter), htmx partial requests and the data
    generations."""
    if not getattr(settings, "ANONYMOUS_FRAGMENT_CACHE", True):
        return None
    if request.method not in ("GET", "HEAD") or getattr(request, "user", None) is None:
        return None
    if request.user.is_authenticated:
        return None
    query = sorted((k, v) for k in request.GET for v in request.GET.getlist(k))
    htmx = bool(getattr(request, "htmx", False))
    raw = repr((request.path, query, htmx, extra))
    digest = hashlib.sha256(raw.encode()).hexdigest()[:32]
    return f"anon:{name}:{get_language()}:{digest}:{generations(namespaces)}"


def anonymous_fragment(
    request: HttpRequest,
    name: str,
    namespaces: Iterable[str],
    build: Callable[[], Any],
    *,
    timeout: int = DEFAULT_TIMEOUT,
    extra: str = "",
) -> Any:
    """`build()` (rendered HTML or any picklable value), cached for anonymous visitors under the
    generations of `namespaces`; called every time for signed-in users."""
    key = anonymous_key(request, name, namespaces, extra)
    if key is None:
        return build()
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, timeout)
    return value
