"""A new web process's warm-up, before its first request (deploy/gunicorn.conf.py).

A worker that gunicorn starts or recycles under load gets its first requests on all its threads
at once; whatever each of them loads on first use (the API's table of declared parameters, the
matcher's index) would be loaded by every thread together, on cores that are already busy.
Loading it here, before the worker accepts connections, takes that off the first requests.
"""

from __future__ import annotations

import logging

from django.db import connections

from . import registry

logger = logging.getLogger("hublocal.warmup")


def warm_worker() -> None:
    """Run the core warm-up and every app's registered one. A failure is logged and the worker
    starts anyway: the first request then loads what is missing, as without a warm-up."""
    from .api_strict import declared_query_parameters

    steps = [("core.api_parameters", declared_query_parameters), *registry.warmups()]
    try:
        for key, warm in steps:
            try:
                warm()
            except Exception:
                logger.exception("warm-up %s failed", key)
    finally:
        # The warm-up ran on the worker's main thread, which serves no request: its connection
        # would sit idle for the life of the process.
        connections.close_all()
