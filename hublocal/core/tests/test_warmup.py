"""A new web process's warm-up (core/warmup.py, called by deploy/gunicorn.conf.py)."""

from __future__ import annotations

import logging

from hublocal.core import registry, warmup


def test_every_registered_warmup_runs_and_a_failure_does_not_stop_the_others(monkeypatch, caplog):
    ran = []

    def broken():
        raise RuntimeError("no database yet")

    monkeypatch.setattr(registry, "_WARMUPS", {"a.broken": broken, "b.fine": lambda: ran.append("b")})
    monkeypatch.setattr("hublocal.core.api_strict.declared_query_parameters", lambda: ran.append("core"))
    with caplog.at_level(logging.ERROR, logger="hublocal.warmup"):
        warmup.warm_worker()
    assert ran == ["core", "b"]
    assert "warm-up a.broken failed" in caplog.text


def test_the_gunicorn_hook_calls_the_warmup(monkeypatch):
    import importlib.util
    from pathlib import Path

    spec = importlib.util.spec_from_file_location(
        "gunicorn_conf", Path(__file__).resolve().parents[3] / "deploy" / "gunicorn.conf.py"
    )
    assert spec is not None and spec.loader is not None
    conf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conf)
    called = []
    monkeypatch.setattr(warmup, "warm_worker", lambda: called.append(1))
    conf.post_worker_init(object())
    assert called == [1]
