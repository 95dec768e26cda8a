"""/healthz (liveness) and /readyz (database, cache and task queue reachable)."""

from __future__ import annotations

import os
import time

import pytest
from django.db import OperationalError
from huey import RedisHuey, SqliteHuey

from hublocal.core import health


def test_healthz_is_alive(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_readyz_all_checks_ok(client, db):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok", "queue": "ok"}}


def test_readyz_refuses_writes(client, db):
    assert client.post("/readyz").status_code == 405


def _fail_with_secret() -> None:
    raise OperationalError('connection to server at "db.internal" failed: password=hunter2')


@pytest.mark.parametrize("check", ["database", "cache", "queue"])
def test_readyz_names_the_failing_check_without_details(client, db, monkeypatch, check):
    monkeypatch.setitem(health.CHECKS, check, _fail_with_secret)
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"][check] == "error"
    assert all(outcome == "ok" for name, outcome in body["checks"].items() if name != check)
    text = response.content.decode()
    for secret in ("hunter2", "db.internal", "Traceback", "OperationalError"):
        assert secret not in text


def test_readyz_does_not_wait_for_a_hung_service(client, db, monkeypatch, settings):
    settings.READINESS_TIMEOUT = 0.3
    monkeypatch.setitem(health.CHECKS, "queue", lambda: time.sleep(1.0))
    started = time.monotonic()
    response = client.get("/readyz")
    elapsed = time.monotonic() - started
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "cache": "ok", "queue": "timeout"}
    assert elapsed < 0.9, elapsed
    time.sleep(0.8)  # let the executor's thread finish before the next test


def test_readyz_failing_database_in_earnest(client, db, monkeypatch):
    """The real database check, with the cursor failing as a lost connection would."""

    class Broken:
        vendor = "postgresql"
        in_atomic_block = False

        def cursor(self):
            raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(health, "connection", Broken())
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "error"


def test_queue_check_opens_sqlite_storage(monkeypatch, tmp_path):
    path = tmp_path / "q.sqlite3"
    queue = SqliteHuey("readyz-test", filename=str(path))
    monkeypatch.setattr("huey.contrib.djhuey.HUEY", queue)
    health.check_queue()  # no exception: the file opens and the queue can be counted

    queue.storage.close()
    path.write_bytes(b"not a database" * 100)  # e.g. a damaged file or a full disk
    with pytest.raises(Exception):  # noqa: B017 - sqlite3.DatabaseError
        health.check_queue()


def test_queue_check_on_unreachable_redis_fails_fast(monkeypatch, settings):
    settings.READINESS_TIMEOUT = 0.5
    # Port 9 (discard) is closed on test machines: connection refused at once.
    monkeypatch.setattr("huey.contrib.djhuey.HUEY", RedisHuey("readyz-test", url="redis://127.0.0.1:9/0"))
    started = time.monotonic()
    with pytest.raises(Exception):  # noqa: B017 - redis.ConnectionError
        health.check_queue()
    assert time.monotonic() - started < 2


def _redis_url() -> str:
    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=0.5, socket_timeout=0.5).ping()
    except Exception:  # noqa: BLE001
        pytest.skip("no Redis server to test against")
    return url


def test_queue_check_pings_redis(monkeypatch):
    url = _redis_url()
    monkeypatch.setattr("huey.contrib.djhuey.HUEY", RedisHuey("readyz-test", url=url))
    health.check_queue()  # PING answered
