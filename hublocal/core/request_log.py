"""One structured (JSON) log line per request, with timings; and the JSON log formatter.

`RequestLogMiddleware` (first in MIDDLEWARE, so it times everything) writes to the logger
`hublocal.request` one line like

    {"ts": "2026-12-06T12:00:00.123Z", "level": "INFO", "logger": "hublocal.request",
     "request_id": "3f2a…", "method": "GET", "path": "/municipios/", "view": "directory:municipality_list",
     "query_keys": ["q"], "status": 200, "duration_ms": 12.4, "db_queries": 3, "db_ms": 2.1, "user": 17}

Personal data stays out (Ley 21.719): no query-string values (a search may be a person's name),
no client address, no user agent, no username or e-mail: `user` is the account's numeric id,
"anonymous", or null when the request never needed to know (finding out would cost a query).
A path that carries a secret (the password-reset link) is logged as its route pattern.

The request id is the client's `X-Request-ID` when it looks like one (letters, digits, `.`, `_`,
`-`, 8 to 128 characters: a load balancer's or another service's id, so logs can be joined),
otherwise a new random one; it is echoed in the response's `X-Request-ID` header and available
to views as `request.request_id`.

Queries are counted with `connection.execute_wrapper` (works with DEBUG off, unlike
`connection.queries`). The cost is a few microseconds per request and per query; the benchmark's
floor view goes through it like every page. `duration_ms` ends when the view has returned: the
body of a streamed response is sent afterwards and is not included.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import time
from collections.abc import Callable
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpRequest, HttpResponse
from django.utils.functional import LazyObject, empty

logger = logging.getLogger("hublocal.request")

REQUEST_ID_HEADER = "X-Request-ID"
_SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,128}")
# URL keyword arguments that are secrets: the path is replaced by the route pattern.
SECRET_KWARGS = frozenset({"uidb64", "token"})
MAX_QUERY_KEYS = 20


class _QueryTimer:
    """`connection.execute_wrapper` callable: counts queries and adds up their time."""

    __slots__ = ("count", "seconds")

    def __init__(self) -> None:
        self.count = 0
        self.seconds = 0.0

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.count += 1


def request_id_for(request: HttpRequest) -> str:
    offered = request.META.get("HTTP_X_REQUEST_ID", "")  # not request.headers: it copies every header
    if offered and _SAFE_REQUEST_ID.fullmatch(offered):
        return offered
    return secrets.token_hex(16)


def _user(request: HttpRequest) -> int | str | None:
    """The account's id if the request already knows who is asking, without a query to find out."""
    user = request.__dict__.get("user")
    if isinstance(user, LazyObject):
        wrapped = user._wrapped  # type: ignore[attr-defined]  # reading, not evaluating, the lazy user
        user = None if wrapped is empty else wrapped
    if user is None:
        return None
    if getattr(user, "is_authenticated", False):
        return user.pk
    return "anonymous"


def _path(request: HttpRequest) -> tuple[str, str | None]:
    """(path to log, view name)."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return request.path, None
    if SECRET_KWARGS.intersection(match.kwargs):
        return "/" + match.route, match.view_name
    return request.path, match.view_name


class RequestLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        request_id = request_id_for(request)
        request.request_id = request_id  # type: ignore[attr-defined]
        timer = _QueryTimer()
        status = 500
        # connection.execute_wrapper(timer), without the context manager's cost.
        wrappers = connections[DEFAULT_DB_ALIAS].execute_wrappers
        wrappers.append(timer)
        try:
            try:
                response = self.get_response(request)
            finally:
                wrappers.remove(timer)
            status = response.status_code
            response.headers[REQUEST_ID_HEADER] = request_id
            return response
        finally:
            if logger.isEnabledFor(logging.INFO):
                self._log(request, request_id, status, time.perf_counter() - started, timer)

    @staticmethod
    def _log(request: HttpRequest, request_id: str, status: int, seconds: float, timer: _QueryTimer) -> None:
        path, view = _path(request)
        fields: dict[str, Any] = {
            "request_id": request_id,
            "method": request.method,
            "path": path,
            "view": view,
            "status": status,
            "duration_ms": round(seconds * 1000, 1),
            "db_queries": timer.count,
            "db_ms": round(timer.seconds * 1000, 1),
            "user": _user(request),
        }
        if request.META.get("QUERY_STRING"):
            try:
                fields["query_keys"] = sorted(request.GET.keys())[:MAX_QUERY_KEYS]
            except Exception:  # noqa: BLE001 - e.g. too many fields: the request was refused anyway
                fields["query_keys"] = None
        # A record made directly: logger.info() would also walk the stack to find the caller,
        # which costs more than everything else here.
        record = logger.makeRecord(logger.name, logging.INFO, __file__, 0, "request", (), None)
        record.fields = fields
        logger.handle(record)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message, the record's `fields` (passed
    as `extra={"fields": {...}}`) and, for errors, the exception type and traceback."""

    _second = -1
    _second_text = ""

    def _timestamp(self, created: float) -> str:
        second = int(created)
        if second != self._second:  # formatting the date once per second is enough
            self._second_text = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(second))
            self._second = second
        return f"{self._second_text}.{int((created - second) * 1000):03d}Z"

    def format(self, record: logging.LogRecord) -> str:
        data: dict[str, Any] = {
            "ts": self._timestamp(record.created),
            "level": record.levelname,
            "logger": record.name,
        }
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            data.update(fields)
        else:
            data["message"] = record.getMessage()
        if record.exc_info:
            data["error"] = record.exc_info[0].__name__ if record.exc_info[0] else None
            data["traceback"] = self.formatException(record.exc_info)
        return json.dumps(data, ensure_ascii=False, default=str)
