"""gunicorn configuration of Hub Local's production web process (`make serve`, deploy/compose.yaml).

Every value can be changed from the environment, so the same file serves a laptop, one VM or a
container orchestrator. See docs/deployment.md for the whole deployment.

    PORT / HOST          where to listen (default 0.0.0.0:8000)
    WEB_CONCURRENCY      worker processes (default 2 × cores + 1, between 2 and 12)
    GUNICORN_THREADS     threads per worker (default 4)
    GUNICORN_TIMEOUT     seconds before a silent worker is replaced (default 30)
    GUNICORN_PRELOAD     "1" to import the application once in the master before forking
    GUNICORN_MAX_REQUESTS  recycle a worker after this many requests (default 100000; 0 = never)
"""

from __future__ import annotations

import os


def _cores() -> int:
    # The cores this process may use (a container's CPU set), not the host's count.
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


bind = f"{os.environ.get('HOST', '0.0.0.0')}:{_int('PORT', 8000)}"  # noqa: S104 (behind the load balancer)

# Processes × threads. Requests mostly wait on PostgreSQL and Redis, so a few threads per process
# ("gthread") serve slow clients and exports without a process each, while several processes use
# every core despite the GIL. 2 × cores + 1 is gunicorn's usual starting point; the upper bound
# keeps memory (each process loads Django, the templates and the matcher's index) and database
# connections (processes × threads, see docs/deployment.md) in check on large machines.
workers = _int("WEB_CONCURRENCY", max(2, min(2 * _cores() + 1, 12)))
worker_class = "gthread"
threads = _int("GUNICORN_THREADS", 4)

# A worker that does not report for `timeout` seconds is killed and replaced; graceful_timeout is
# how long a stopping worker may finish its requests (deploys, scaling down). keepalive covers
# the load balancer's reuse of connections and must stay below the balancer's idle timeout.
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)

# Recycling workers now and then bounds the effect of any slow memory growth; the jitter keeps
# them from restarting all at once. Not too often: a recycled worker drops the proxy's idle
# keep-alive connections, and one reused at that instant is a reset the proxy must retry on the
# other web process (deploy/nginx.conf), or a 502 when that one's connection goes the same way.
# Serving cached pages under load, a process answers 500–1,000 requests a second: at 2,000 it was
# recycled every few seconds, at 20,000 every 20–40 s (a reset in the load benchmark about every
# 30 s, and one 502 per run); at 100,000 every few minutes at full load, hours at ordinary traffic.
max_requests = _int("GUNICORN_MAX_REQUESTS", 100000)
max_requests_jitter = max_requests // 10

# preload_app is off: each worker imports the application itself. Preloading would save a few
# seconds of start-up and little memory (CPython's reference counts soon copy the shared pages),
# but then `kill -HUP` (a graceful reload for a new release) would keep the old code, and
# anything opened while importing (a Redis pool, a file, the matcher index) would be shared by
# the forked workers. Set GUNICORN_PRELOAD=1 to trade that for a faster start.
preload_app = os.environ.get("GUNICORN_PRELOAD", "").strip().lower() in {"1", "true", "yes", "on"}

# No access log: hublocal.core.request_log writes one JSON line per request with timings, the
# request id and no personal data. gunicorn's own messages (start, worker exits) go to stderr.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

# The workers' heartbeat files on a RAM-backed folder when there is one (in containers /tmp may
# be a slow overlay disk, which can make healthy workers look silent).
SHM = "/dev/shm"  # noqa: S108 - gunicorn's heartbeat files, not data
if os.path.isdir(SHM):
    worker_tmp_dir = SHM

# Proxy headers: Django reads X-Forwarded-Proto itself (SECURE_PROXY_SSL_HEADER) and the client
# address through TRUSTED_PROXY_COUNT; gunicorn need not interpret them.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# hublocal/wsgi.py defaults to hublocal.settings.production.
wsgi_app = "hublocal.wsgi:application"
proc_name = "hublocal-web"


def post_worker_init(worker: object) -> None:
    """Prepare a new worker (at start and after each recycling) before its first request
    (hublocal/core/warmup.py): the API's table of declared query parameters (drf-spectacular's
    document generator: about a second, and not thread-safe on first use) and what apps register,
    such as the matcher's index. A recycled worker's first requests arrive together on its
    threads. A failure here is logged; the first request then loads what is missing instead."""
    try:
        from hublocal.core.warmup import warm_worker

        warm_worker()
    except Exception:
        import logging

        logging.getLogger("gunicorn.error").exception("worker warm-up failed")
