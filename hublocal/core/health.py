"""Readiness: may this process receive traffic? (`GET /readyz`, for load balancers and orchestrators).

`/healthz` (core.views.healthz) says the process is alive; `/readyz` says that what every request
needs is reachable from it: the database (`SELECT 1`), the cache (write, read and delete a random
key) and the task queue's storage (Redis: PING; SQLite: open it and count the queue). Each check
has a short time limit (READINESS_TIMEOUT seconds, default 2), so a server that hangs answers
503 instead of hanging the probe.

The answer names the checks and their outcome ("ok", "error" or "timeout") and nothing else: no
host names, no exception text (those go to the `hublocal.health` log for the operators).
"""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

logger = logging.getLogger("hublocal.health")

OK, ERROR, TIMEOUT = "ok", "error", "timeout"


def timeout_seconds() -> float:
    return float(getattr(settings, "READINESS_TIMEOUT", 2.0))


def check_database() -> None:
    """SELECT 1 on this process's own connection (the one its requests use). On PostgreSQL a
    statement timeout bounds the query; connecting is bounded by connect_timeout (settings)."""
    with connection.cursor() as cursor:
        # SET LOCAL lasts until the end of the transaction: only in a transaction of our own (a
        # probe never runs inside one; a test does, and keeps its default limits).
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            with transaction.atomic():
                cursor.execute("SET LOCAL statement_timeout = %s", [int(timeout_seconds() * 1000)])
                cursor.execute("SELECT 1")
                row = cursor.fetchone()
        else:
            cursor.execute("SELECT 1")
            row = cursor.fetchone()
    if row is None or row[0] != 1:
        raise RuntimeError("unexpected answer to SELECT 1")


def check_cache() -> None:
    key = f"readyz:{secrets.token_hex(8)}"
    value = secrets.token_hex(8)
    cache.set(key, value, timeout=10)
    try:
        if cache.get(key) != value:
            raise RuntimeError("the cache did not return the value just written")
    finally:
        cache.delete(key)


def _redis_client(storage: Any) -> Any:
    """A client on the queue's Redis with short socket timeouts (the queue's own client may block
    for seconds by design); one per queue storage, kept on it and reused by every probe."""
    client = getattr(storage, "_readyz_client", None)
    if client is None:
        import redis

        pool = storage.pool
        limit = timeout_seconds()
        client = redis.Redis(
            connection_pool=redis.ConnectionPool(
                connection_class=pool.connection_class,
                max_connections=2,
                **{**pool.connection_kwargs, "socket_timeout": limit, "socket_connect_timeout": limit},
            )
        )
        storage._readyz_client = client
    return client


def check_queue() -> None:
    """The task queue's storage is reachable: what enqueueing needs (a worker's absence is not
    this process's readiness; docs/deployment.md says how to watch the workers)."""
    from huey.contrib.djhuey import HUEY

    storage = HUEY.storage
    if hasattr(storage, "pool") and hasattr(storage, "conn"):  # RedisStorage and its variants
        if not _redis_client(storage).ping():
            raise RuntimeError("redis did not answer PING")
    else:  # SqliteStorage (opens the file), MemoryStorage (tests, immediate mode)
        storage.queue_size()


CHECKS: dict[str, Callable[[], None]] = {
    "database": check_database,
    "cache": check_cache,
    "queue": check_queue,
}

# Cache and queue checks run on these threads so that a hung server cannot hold the probe past
# its time limit (the database check runs on the request's own thread and connection, which are
# Django's per-thread objects, and is bounded by the database's own timeouts). Two threads: a
# probe that hangs occupies them until the clients' own timeouts, and later probes then queue up
# and also report "timeout", which is the truth.
_executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="readyz")


def _outcome(name: str, future: Future[None], deadline: float) -> str:
    try:
        future.result(timeout=max(0.0, deadline - time.monotonic()))
    except FutureTimeout:
        logger.warning("readiness check %s timed out", name)
        return TIMEOUT
    except Exception as exc:  # noqa: BLE001 - any failure means "not ready", never a 500
        logger.warning("readiness check %s failed: %s: %s", name, type(exc).__name__, exc)
        return ERROR
    return OK


def run_checks() -> dict[str, str]:
    """{check name: "ok" | "error" | "timeout"}, in the order of CHECKS."""
    deadline = time.monotonic() + timeout_seconds()
    futures = {name: _executor.submit(check) for name, check in CHECKS.items() if name != "database"}
    results: dict[str, str] = {}
    try:
        CHECKS["database"]()
        results["database"] = OK
    except Exception as exc:  # noqa: BLE001
        logger.warning("readiness check database failed: %s: %s", type(exc).__name__, exc)
        results["database"] = ERROR
    for name, future in futures.items():
        results[name] = _outcome(name, future, deadline)
    return {name: results[name] for name in CHECKS}


@require_GET
@cache_control(no_store=True)
def readyz(request: HttpRequest) -> JsonResponse:
    """200 {"status": "ok", "checks": {...}} when the database, cache and task queue answer,
    else 503 {"status": "unavailable", "checks": {...}} naming the check that failed."""
    checks = run_checks()
    ready = all(outcome == OK for outcome in checks.values())
    return JsonResponse({"status": "ok" if ready else "unavailable", "checks": checks}, status=200 if ready else 503)
