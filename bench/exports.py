#!/usr/bin/env python
"""Download storm: do 200 anonymous downloads of the public scores CSV leave other pages usable?

    .venv/bin/python bench/exports.py http://127.0.0.1:8000 [--downloads 200] [--duration 20]
        [--file /diagnostico/datos-abiertos/puntajes.csv] [--page /municipios/] [--gzip]

Against a running server (the URL): first times the page alone (quiet baseline), then starts
`--downloads` concurrent anonymous downloads of the file, each thread downloading it again and
again for `--duration` seconds, while one client keeps timing the page. Prints the page's
p50/p95/max quiet and during the storm, and the storm's downloads (count, statuses, bytes/s).
A 503 means the file was not built yet (the server queued it): run again once the worker built it.

Standard library only (http.client in threads, a new connection per request as separate
visitors would); every loop is bounded in time. The issue's budget: the page's p95 stays below
100 ms during the storm and no request takes over 1 s.
"""

from __future__ import annotations

import argparse
import http.client
import statistics
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit

CHUNK = 256 * 1024


@dataclass
class Storm:
    statuses: Counter = field(default_factory=Counter)
    downloads: int = 0
    bytes: int = 0
    errors: int = 0
    slowest: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)


def _connection(base: str, timeout: float) -> http.client.HTTPConnection:
    parts = urlsplit(base)
    cls = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    return cls(parts.hostname or "127.0.0.1", parts.port, timeout=timeout)


def fetch(base: str, path: str, *, gzip: bool = False, timeout: float = 60) -> tuple[int, int, float]:
    """(status, bytes read, seconds) of one GET on a new connection; the body is read and dropped."""
    started = time.perf_counter()
    conn = _connection(base, timeout)
    try:
        headers = {"User-Agent": "hublocal-bench-exports"}
        if gzip:
            headers["Accept-Encoding"] = "gzip"
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        size = 0
        while True:
            chunk = response.read(CHUNK)
            if not chunk:
                break
            size += len(chunk)
        return response.status, size, time.perf_counter() - started
    finally:
        conn.close()


def time_page(base: str, path: str, stop: threading.Event, until: float, out: list[float], errors: list[int]) -> None:
    while not stop.is_set() and time.monotonic() < until:
        try:
            status, _size, seconds = fetch(base, path, timeout=30)
        except OSError:
            errors.append(0)
            continue
        if status != 200:
            errors.append(status)
        out.append(seconds)


def download_loop(base: str, path: str, gzip: bool, until: float, storm: Storm, once: bool = False) -> None:
    first = True
    while (first or not once) and time.monotonic() < until:
        first = False
        try:
            status, size, seconds = fetch(base, path, gzip=gzip)
        except OSError:
            with storm.lock:
                storm.errors += 1
            time.sleep(0.05)
            continue
        with storm.lock:
            storm.statuses[status] += 1
            storm.downloads += 1
            storm.bytes += size
            storm.slowest = max(storm.slowest, seconds)
        if status == 503:
            time.sleep(1)  # the file is being built: a polite client waits (Retry-After)


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[index]


def summary(label: str, values: list[float], errors: list[int]) -> str:
    if not values:
        return f"{label}: no successful request"
    ms = [v * 1000 for v in values]
    return (
        f"{label}: {len(ms)} requests, p50 {statistics.median(ms):.0f} ms, p95 {percentile(ms, 95):.0f} ms, "
        f"max {max(ms):.0f} ms, errors {len(errors)}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("url", help="the running server, e.g. http://127.0.0.1:8000")
    parser.add_argument("--downloads", type=int, default=200, help="concurrent downloads (default 200)")
    parser.add_argument("--duration", type=float, default=20, help="seconds of storm (default 20)")
    parser.add_argument("--quiet", type=float, default=5, help="seconds of baseline before the storm (default 5)")
    parser.add_argument("--file", default="/diagnostico/datos-abiertos/puntajes.csv", help="the download's path")
    parser.add_argument("--page", default="/municipios/", help="the page timed meanwhile")
    parser.add_argument("--gzip", action="store_true", help="downloads accept gzip (browsers do; curl does not)")
    parser.add_argument(
        "--once", action="store_true", help="each of the N clients downloads once (a burst), instead of in a loop"
    )
    args = parser.parse_args(argv)
    base = args.url.rstrip("/")
    if not 1 <= args.downloads <= 2000 or not 0 < args.duration <= 600:
        parser.error("--downloads must be 1..2000 and --duration 0..600 s")

    status, size, seconds = fetch(base, args.file, gzip=args.gzip)
    print(f"{args.file}: {status}, {size / 1e6:.2f} MB in {seconds * 1000:.0f} ms (one download alone)")
    if status == 503:
        print("The file is being prepared by the task queue; waiting for it (up to 60 s).")
        deadline = time.monotonic() + 60
        while status == 503 and time.monotonic() < deadline:
            time.sleep(2)
            status, size, seconds = fetch(base, args.file, gzip=args.gzip)
        print(f"{args.file}: {status}, {size / 1e6:.2f} MB in {seconds * 1000:.0f} ms")

    quiet: list[float] = []
    quiet_errors: list[int] = []
    time_page(base, args.page, threading.Event(), time.monotonic() + args.quiet, quiet, quiet_errors)
    print(summary(f"{args.page} quiet", quiet, quiet_errors))

    storm = Storm()
    until = time.monotonic() + args.duration
    threads = [
        threading.Thread(target=download_loop, args=(base, args.file, args.gzip, until, storm, args.once), daemon=True)
        for _ in range(args.downloads)
    ]
    for t in threads:
        t.start()
    if not args.once:
        time.sleep(min(1.0, args.duration / 4))  # let the storm build up before timing
    during: list[float] = []
    during_errors: list[int] = []
    burst_over = threading.Event()
    if args.once:  # time the page while any download of the burst is still running
        threading.Thread(target=lambda: ([t.join() for t in threads], burst_over.set()), daemon=True).start()
    time_page(base, args.page, burst_over, until, during, during_errors)
    for t in threads:
        t.join(timeout=max(5.0, args.duration))
    print(summary(f"{args.page} during {args.downloads} downloads", during, during_errors))
    elapsed = args.duration if not args.once else max(1e-3, storm.slowest)
    print(
        f"downloads: {storm.downloads} in {elapsed:.0f} s ({storm.downloads / elapsed:.1f}/s), "
        f"{storm.bytes / elapsed / 1e6:.1f} MB/s, statuses {dict(storm.statuses)}, connection errors "
        f"{storm.errors}, slowest {storm.slowest * 1000:.0f} ms"
    )
    p95 = percentile([v * 1000 for v in during], 95)
    ok = during and p95 < 100 and max(during) < 1.0 and not during_errors
    print("within budget (p95 < 100 ms, none over 1 s)" if ok else "OVER BUDGET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
