#!/usr/bin/env python
"""Page latency as an independent client sees it, for the load benchmark's download storm.

bench/locustfile.py's storm runs 200 greedy downloaders in one gevent process; probe users in
that same process would wait for its event loop, and their "latency" would be the load
generator's, not the server's. This script runs in its own process with plain threads and
http.client (keep-alive, gzip accepted like a browser): `--users` threads walk `--paths` in turn
for `--seconds` and it prints one JSON object of figures per path.

    python bench/probe.py --host http://127.0.0.1:8000 --seconds 15 --users 2 --path home=/ ...
"""

from __future__ import annotations

import argparse
import http.client
import json
import statistics
import sys
import threading
import time
from urllib.parse import urlsplit


def walk(
    host: str, paths: list[tuple[str, str]], until: float, found: dict[str, list], failures: dict[str, int]
) -> None:
    parts = urlsplit(host)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    i = 0
    while time.monotonic() < until:
        label, path = paths[i % len(paths)]
        i += 1
        started = time.perf_counter()
        try:
            conn.request("GET", path, headers={"Accept-Encoding": "gzip"})
            response = conn.getresponse()
            response.read()
            ok = response.status == 200
        except (OSError, http.client.HTTPException):
            conn.close()
            conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
            ok = False
        elapsed = (time.perf_counter() - started) * 1000
        if ok:
            found[label].append(elapsed)
        else:
            failures[label] += 1
    conn.close()


def figures(times: list[float], failures: int, seconds: float) -> dict[str, object]:
    ordered = sorted(times)

    def pct(p: float) -> int | None:
        return round(ordered[min(len(ordered) - 1, int(p * len(ordered)))]) if ordered else None

    return {
        "requests": len(ordered),
        "failures": failures,
        "rps": round(len(ordered) / seconds, 1) if seconds else 0,
        "p50_ms": round(statistics.median(ordered)) if ordered else None,
        "p95_ms": pct(0.95),
        "max_ms": round(ordered[-1]) if ordered else None,
        "over_1s": sum(1 for t in ordered if t > 1000),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", required=True)
    parser.add_argument("--seconds", type=float, required=True)
    parser.add_argument("--users", type=int, default=2)
    parser.add_argument("--delay", type=float, default=0.0, help="seconds to wait before walking")
    parser.add_argument("--path", action="append", required=True, help="label=/path")
    args = parser.parse_args()
    paths = [tuple(p.split("=", 1)) for p in args.path]
    time.sleep(args.delay)
    found: dict[str, list] = {label: [] for label, _ in paths}
    failures = {label: 0 for label, _ in paths}
    until = time.monotonic() + args.seconds
    threads = [
        threading.Thread(target=walk, args=(args.host, paths[i:] + paths[:i], until, found, failures))
        for i in range(args.users)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    json.dump({label: figures(found[label], failures[label], args.seconds) for label, _ in paths}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
