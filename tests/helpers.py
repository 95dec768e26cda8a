"""Shared helpers for the cross-app tests: API clients, error-shape checks, audit and
"nothing changed" assertions, and the walk over every URL pattern of the project."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

# ---------------------------------------------------------------------------- API clients


def issue_token(username: str) -> str:
    """A fresh bearer token for a demo account, through the same service the API uses."""
    from django.test import RequestFactory

    from hublocal.accounts import services

    # The service needs the request: the lockout (django-axes) counts per client address.
    request = RequestFactory().post("/api/v1/auth/token/")
    return services.api_token_issue(username=username, password=settings.DEMO_PASSWORD, request=request)


def api_client(username: str | None) -> Client:
    """A script-like client: `Authorization: Bearer <token>` for a demo account, none if None.

    No session cookie: the API is exercised the way scripts call it."""
    if username is None:
        return Client()
    return Client(headers={"Authorization": f"Bearer {issue_token(username)}"})


def send(
    client: Client, method: str, url: str, data: Any = None, headers: dict[str, str] | None = None
) -> HttpResponse:
    """One request; API bodies go as JSON, web forms as form data. `headers` such as If-Match."""
    method = method.upper()
    headers = headers or {}
    if method == "GET":
        return client.get(url, data or {}, headers=headers)
    if url.startswith("/api/"):
        body = json.dumps(data if data is not None else {})
        return client.generic(method, url, body, content_type="application/json", headers=headers)
    if method == "POST":
        return client.post(url, data or {}, headers=headers)
    return client.generic(method, url, data or "", headers=headers)


def assert_api_error(response: HttpResponse, status: int) -> dict[str, Any]:
    """The API's error contract: JSON {"detail": human message, "errors": {field: [messages]}}."""
    assert response.status_code == status, (response.status_code, response.content[:500])
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = response.json()
    assert isinstance(body.get("detail"), str) and body["detail"].strip(), body
    assert isinstance(body.get("errors"), dict), body
    return body


# ---------------------------------------------------------------------------- audit and state


def audit_mark() -> int:
    """The id of the newest audit event: events after it were recorded by the code under test."""
    from hublocal.audit.models import AuditEvent

    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def audit_events_since(mark: int) -> list[Any]:
    from hublocal.audit.models import AuditEvent

    return list(AuditEvent.objects.filter(id__gt=mark).order_by("id"))


def assert_audited(mark: int, *, actor: Any, action: str) -> None:
    """A write happened after `mark`, recorded under `action` and naming `actor` (None: an
    anonymous visitor, e.g. registering for a public event — recorded with no account)."""
    events = audit_events_since(mark)
    if actor is None:
        found = any(e.action == action and e.actor_id is None for e in events)
    else:
        found = any(
            e.action == action and e.actor_id == actor.pk and e.actor_username == actor.username for e in events
        )
    who = actor.username if actor is not None else "anonymous"
    assert found, f"no audit event {action!r} by {who!r}; got {[(e.action, e.actor_username) for e in events]}"


# Audit events a refused request is expected to leave: the refusal itself (recorded on purpose,
# see hublocal/audit/services.py audit_record_denied) and sign-in events (test clients sign in).
EXPECTED_AUDIT_ACTIONS = (
    "auth.denied",
    "accounts.login",
    "accounts.login_failed",
    "accounts.lockout",
    "accounts.logout",
)


def write_event_count() -> int:
    """How many audit events record writes: every event but EXPECTED_AUDIT_ACTIONS (signing a
    test client in and a refusal both leave an event on purpose, and neither is a write)."""
    from hublocal.audit.models import AuditEvent

    return AuditEvent.objects.exclude(action__in=EXPECTED_AUDIT_ACTIONS).count()


# Tables of derived data, rebuilt from the others whenever a reader needs them (not a change
# anybody made): the matcher's stored index (built on first use after a catalogue change).
DERIVED_MODELS = {"solutions.MatcherIndex"}


def db_state() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every Hub Local table (and accounts), to compare before and after a
    refused request. New apps are covered without listing them here.

    Sessions, User.last_login and ApiToken.last_used_at are left out: signing a test client in,
    or calling with a token, writes them; so are the audit events of EXPECTED_AUDIT_ACTIONS."""
    from django.apps import apps

    from hublocal.audit.models import AuditEvent

    state: dict[str, list[tuple[Any, ...]]] = {}
    for model in apps.get_models():
        if not model.__module__.startswith("hublocal.") or model._meta.proxy:
            continue
        if model._meta.label in DERIVED_MODELS:
            continue
        fields = [f.attname for f in model._meta.concrete_fields if f.attname not in ("last_login", "last_used_at")]
        rows = model._default_manager.order_by("pk")
        if model is AuditEvent:
            rows = rows.exclude(action__in=EXPECTED_AUDIT_ACTIONS)
        state[model._meta.label] = list(rows.values_list(*fields))
    return state


def assert_denial_recorded(mark: int, *, actor: Any, path: str = "") -> None:
    """A refused request by a signed-in account left an `auth.denied` event naming it (and
    the request path, when given)."""
    events = [e for e in audit_events_since(mark) if e.action == "auth.denied" and e.actor_id == actor.pk]
    if path:
        events = [e for e in events if (e.after or {}).get("path") == path]
    assert events, f"no auth.denied event for {actor.username!r} {path}; got {audit_events_since(mark)}"


_WRITE = re.compile(r'^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+"?(\w+)"?', re.I)
_SET_COLUMNS = re.compile(r'"(\w+)"\s*=')
# Columns a request may write without it being a change of data (see db_state).
_BOOKKEEPING_COLUMNS = {"last_login", "last_used_at"}


class WriteWatch:
    """Records the data-changing SQL statements sent while it is active (on the default
    connection), so a test can tell cheaply whether a refused request may have changed data.

        with WriteWatch() as writes:
            response = client.post(...)
        if writes.changed_data():
            assert_unchanged(before)   # the full comparison, only when needed

    Statements on tables outside db_state (sessions, django-axes, full-text shadow tables), the
    audit trail (checked by assert_only_expected_events) and updates of bookkeeping columns only
    (last_login, last_used_at) are not data changes."""

    def __init__(self) -> None:
        self.statements: list[str] = []

    def __enter__(self) -> WriteWatch:
        from django.db import connection

        self._context = connection.execute_wrapper(self._record)
        self._context.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._context.__exit__(*exc)

    def _record(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        if _WRITE.match(sql):
            self.statements.append(sql)
        return execute(sql, params, many, context)

    def changed_data(self) -> list[str]:
        tables = _watched_tables()
        changed = []
        for sql in self.statements:
            match = _WRITE.match(sql)
            assert match is not None
            if match.group(1) not in tables:
                continue
            if sql.lstrip()[:6].upper() == "UPDATE":
                set_clause = re.split(r"\sWHERE\s", sql.split(" SET ", 1)[-1], maxsplit=1, flags=re.I)[0]
                if set(_SET_COLUMNS.findall(set_clause)) <= _BOOKKEEPING_COLUMNS:
                    continue
            changed.append(sql[:200])
        return changed


def _watched_tables() -> set[str]:
    from django.apps import apps

    from hublocal.audit.models import AuditEvent

    return {
        model._meta.db_table
        for model in apps.get_models()
        if model.__module__.startswith("hublocal.")
        and not model._meta.proxy
        and model is not AuditEvent
        and model._meta.label not in DERIVED_MODELS
    }


def assert_only_expected_events(mark: int) -> None:
    """A refused request left no audit event but the expected ones (its refusal, sign-ins)."""
    unexpected = [e.action for e in audit_events_since(mark) if e.action not in EXPECTED_AUDIT_ACTIONS]
    assert not unexpected, f"a refused request recorded writes: {unexpected}"


def assert_unchanged(before: dict[str, list[tuple[Any, ...]]]) -> None:
    after = db_state()
    changed = [name for name in before if before[name] != after[name]]
    assert not changed, f"a refused request changed: {changed}"


# ---------------------------------------------------------------------------- URL walk


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name" as reverse() takes it
    pattern: str  # the full pattern, for messages


# Django's own admin has its own permission system and tests; static files are not views.
SKIPPED_NAMESPACES = {"admin"}


def iter_routes() -> Iterator[Route]:
    """Every URL pattern of the project, recursing into includes (namespaced as reverse() wants)."""

    def walk(patterns: list[Any], namespaces: tuple[str, ...], prefix: str) -> Iterator[Route]:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                if entry.namespace in SKIPPED_NAMESPACES or entry.app_name in SKIPPED_NAMESPACES:
                    continue
                ns = (*namespaces, entry.namespace) if entry.namespace else namespaces
                yield from walk(entry.url_patterns, ns, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern):
                pattern = prefix + str(entry.pattern)
                if pattern.startswith(settings.STATIC_URL.lstrip("/")):
                    continue
                name = ":".join((*namespaces, entry.name)) if entry.name else ""
                yield Route(name=name, pattern=pattern)

    yield from walk(get_resolver().url_patterns, (), "")
