"""Locust side of the load benchmark (`bench/load.py` drives it; see docs/performance.md).

Two ways to use it:

- `bench/load.py` runs this file as a script with a JSON plan (`--plan plan.json --out out.json`):
  it drives locust through its library API (one local runner per measured slice, so every
  slice has its own statistics) and writes the figures as JSON. No web UI, no master/worker.
- Interactively, against a server you started yourself:
  `LOAD_PATHS=/,/municipios/ .venv/bin/locust -f bench/locustfile.py --host http://127.0.0.1:8000`
  (anonymous GETs of those paths, round robin).

Only the host given in the plan is contacted; every slice is bounded in time.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from locust import FastHttpUser, User, constant, task
from locust.env import Environment

# Reponses slower than this count in `over_1s` (the target is "no request over 1 s").
SLOW_MS = 1000
# Downloads and storms may legitimately take long; the client gives up after this.
NETWORK_TIMEOUT = 60.0
# A slice is extended until this many requests have completed (at most to 3× its length).
MIN_REQUESTS = 20
DRAIN_SECONDS = 0.5
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


# --- interactive use ---------------------------------------------------------------------------


class BrowsePaths(FastHttpUser):
    """`locust -f bench/locustfile.py`: anonymous round robin over $LOAD_PATHS."""

    wait_time = constant(0)
    network_timeout = NETWORK_TIMEOUT

    def on_start(self) -> None:
        self.paths = [p for p in os.environ.get("LOAD_PATHS", "/bench/floor").split(",") if p]
        self.i = 0

    @task
    def next_path(self) -> None:
        path = self.paths[self.i % len(self.paths)]
        self.i += 1
        self.client.get(path, name=path)


# --- library use by bench/load.py --------------------------------------------------------------


def sign_in(host: str, username: str, password: str) -> str:
    """A `Cookie` header value for a signed-in session (the ordinary sign-in form: CSRF token,
    then the POST), obtained once and shared by the simulated users of that account."""
    import requests  # locust's own dependency

    # Cookies are carried by hand: production marks them Secure, and the bench speaks plain HTTP
    # on loopback, where a cookie jar would not send them back.
    url = f"{host}/cuenta/ingresar/"
    page = requests.get(url, timeout=30)
    match = _CSRF.search(page.text)
    if not match:
        raise RuntimeError("no CSRF token on the sign-in page")
    jar = dict(page.cookies.items())
    answer = requests.post(
        url,
        data={"csrfmiddlewaretoken": match[1], "username": username, "password": password},
        headers={"Referer": url, "Cookie": "; ".join(f"{k}={v}" for k, v in jar.items())},
        timeout=30,
        allow_redirects=False,
    )
    jar.update(answer.cookies.items())
    if answer.status_code != 302 or "sessionid" not in jar:
        raise RuntimeError(f"sign-in as {username} failed ({answer.status_code})")
    return "; ".join(f"{k}={v}" for k, v in jar.items())


def user_class(name: str, paths: list[tuple[str, str, str | None]], cookies: dict[str, str]) -> type[FastHttpUser]:
    """A user that GETs `paths` ((label, path, account)) round robin, with no think time; each
    request is recorded under its label."""

    def on_start(self: Any) -> None:
        self.i = 0

    def step(self: Any) -> None:
        label, path, account = paths[self.i % len(paths)]
        self.i += 1
        headers = {"Accept-Encoding": "gzip"}
        if account:
            headers["Cookie"] = cookies[account]
        with self.client.get(path, name=label, headers=headers, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")

    return type(
        name,
        (FastHttpUser,),
        {
            "abstract": False,
            "wait_time": constant(0),
            "network_timeout": NETWORK_TIMEOUT,
            "connection_timeout": NETWORK_TIMEOUT,
            "on_start": on_start,
            "tasks": [step],
        },
    )


# Server-side processes whose CPU time a slice costs: the web server's tree (gunicorn, and nginx
# in front when there is one) plus the database and the cache, found by name. Everything the
# answer to a request costs, and nothing the load generator spends.
SERVER_NAMES = ("postgres", "redis-server", "nginx")
SERVER_PIDS: list[int] = []


def server_cpu_seconds() -> dict[int, float]:
    """CPU seconds so far of each server-side process, by pid."""
    import psutil

    found: dict[int, float] = {}
    roots = [psutil.Process(pid) for pid in SERVER_PIDS if psutil.pid_exists(pid)]
    procs = [p for root in roots for p in (root, *root.children(recursive=True))]
    procs += [p for p in psutil.process_iter(["name"]) if (p.info["name"] or "").startswith(SERVER_NAMES)]
    for proc in procs:
        if proc.pid not in found:
            try:
                times = proc.cpu_times()
            except psutil.Error:
                continue
            found[proc.pid] = times.user + times.system
    return found


def cpu_spent(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU spent between two readings: per process, so a process that starts (a new database
    connection) counts from zero and one that ends is not subtracted (its last part is lost)."""
    return sum(max(0.0, cpu - before.get(pid, 0.0)) for pid, cpu in after.items())


def run_slice(
    host: str, groups: list[tuple[type[FastHttpUser], int]], seconds: float, warmup: float
) -> tuple[Any, float]:
    """Run the user groups together for `seconds` (after `warmup`, not counted); returns the
    slice's statistics and its measured duration. The statistics also carry the server-side CPU
    seconds spent during the counted window (`stats.server_cpu`)."""
    import gevent

    classes: list[type[User]] = [cls for cls, _ in groups]
    for cls, count in groups:
        cls.fixed_count = count
        cls.host = host
    env = Environment(user_classes=classes, host=host)
    runner = env.create_local_runner()
    total = sum(count for _, count in groups)
    runner.start(total, spawn_rate=max(total, 1))
    if warmup:
        gevent.sleep(warmup)
        env.stats.reset_all()
    started = time.monotonic()
    cpu_before = server_cpu_seconds()
    gevent.sleep(seconds)
    # On a slow or busy machine a short window may see few answers: extend it (up to 3×) until
    # MIN_REQUESTS have completed, so a rate is never computed from one or two responses.
    while env.stats.total.num_requests < MIN_REQUESTS and time.monotonic() - started < 3 * seconds:
        gevent.sleep(0.1)
    elapsed = time.monotonic() - started
    env.stats.server_cpu = cpu_spent(cpu_before, server_cpu_seconds())
    runner.quit()
    # Let the server finish what the stopped users left in flight before the next slice.
    gevent.sleep(DRAIN_SECONDS)
    return env.stats, elapsed


def cpu_ms_per_request(stats: Any, label: str) -> float | None:
    """Server-side CPU milliseconds per answered request in a one-endpoint slice."""
    n = stats.get(label, "GET").num_requests
    cpu = getattr(stats, "server_cpu", None)
    return round(cpu * 1000 / n, 2) if n and cpu is not None else None


def entry_figures(entry: Any, elapsed: float) -> dict[str, Any]:
    """Counts, req/s over `elapsed` and percentiles of one locust StatsEntry."""
    n = entry.num_requests
    return {
        "requests": n,
        "failures": entry.num_failures,
        "rps": round(n / elapsed, 1) if elapsed else 0.0,
        "p50_ms": entry.get_response_time_percentile(0.5) if n else None,
        "p95_ms": entry.get_response_time_percentile(0.95) if n else None,
        "max_ms": round(entry.max_response_time) if n else None,
        "over_1s": sum(c for ms, c in entry.response_times.items() if ms > SLOW_MS),
    }


def figures(stats: Any, label: str, elapsed: float) -> dict[str, Any]:
    return entry_figures(stats.get(label, "GET"), elapsed)


def median(values: list[float]) -> float | None:
    """The middle value (the mean of the two middle ones for an even count); None when empty."""
    ordered = sorted(values)
    if not ordered:
        return None
    middle = len(ordered) // 2
    value = ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    return round(value, 3)


def pooled(slices: list[tuple[Any, float]], label: str) -> dict[str, Any]:
    """One endpoint's figures over several slices: counts added, req/s over their total time,
    percentiles over every answer (locust keeps each slice's response times by rounded
    millisecond, so they merge exactly)."""
    from locust.stats import StatsEntry

    merged = StatsEntry(slices[0][0], label, "GET")
    for stats, _ in slices:
        merged.extend(stats.get(label, "GET"))
    return entry_figures(merged, sum(elapsed for _, elapsed in slices))


def read_without_inflating() -> None:
    """Make the load generator read every answer whole but keep it compressed.

    geventhttpclient inflates a gzip answer when locust reads it: for the 1 MB scores CSV that is
    6 MB of inflating per request on the two cores the server runs on, and the slice then
    measured how fast the load generator inflates (about 95 answers a second) rather than how
    fast the server answers. A browser inflates on its own machine. Status codes are still
    checked, and every byte the server sends is still received."""
    from geventhttpclient.useragent import CompatResponse

    def raw_content(self: Any) -> bytes:
        body = self._response.read()
        self.release()
        return body

    CompatResponse._content = raw_content


def run_plan(plan: dict[str, Any]) -> dict[str, Any]:
    read_without_inflating()
    host = plan["host"]
    SERVER_PIDS[:] = plan.get("server_pids", [])
    cookies = {account: sign_in(host, account, plan["password"]) for account in plan["accounts"]}
    endpoints = [(e["label"], e["path"], e.get("account")) for e in plan["endpoints"]]
    floor = ("framework floor", plan["floor"], None)
    out: dict[str, Any] = {"single": {}, "load": {}, "storm": {}}

    # 1. One user at a time: each endpoint alone, `single_seconds` each.
    for label, path, account in [floor, *endpoints]:
        cls = user_class("Single", [(label, path, account)], cookies)
        stats, elapsed = run_slice(host, [(cls, 1)], plan["single_seconds"], warmup=0.3)
        out["single"][label] = figures(stats, label, elapsed)
        print(f"[load] single {label}: {out['single'][label]}", file=sys.stderr, flush=True)

    # 2. Under load: `users` users on one endpoint, then on the floor for the same time, in
    # `rounds` alternating pairs. The ratio is the median of the pairs' ratios: on two cores
    # shared with the load generator, PostgreSQL, Redis and the task worker, one slice in a few
    # is disturbed (a recycled worker, an hourly task, a collection pass), and a single pair
    # then decides a page's verdict by chance (6–8 of 34 verdicts flipped between identical runs).
    users = plan["users"]
    rounds = max(1, int(plan.get("rounds", 1)))
    for label, path, account in endpoints:
        cls = user_class("Load", [(label, path, account)], cookies)
        # The floor is asked by the same person: for a signed-in page it includes what reading
        # the session and the user costs on every request, as the page itself does.
        floor_cls = user_class("Floor", [(floor[0], floor[1], account)], cookies)
        pairs: list[tuple[dict[str, Any], dict[str, Any]]] = []
        page_stats: list[tuple[Any, float]] = []
        for _ in range(rounds):
            stats, elapsed = run_slice(host, [(cls, users)], plan["load_seconds"], warmup=0.5)
            page_stats.append((stats, elapsed))
            one = figures(stats, label, elapsed)
            one["cpu_ms"] = cpu_ms_per_request(stats, label)
            stats, elapsed = run_slice(host, [(floor_cls, users)], plan["floor_seconds"], warmup=0.3)
            base = figures(stats, floor[0], elapsed)
            base["cpu_ms"] = cpu_ms_per_request(stats, floor[0])
            base["elapsed"] = elapsed
            pairs.append((one, base))
        page = pooled(page_stats, label)
        page["floor_rps"] = round(sum(b["requests"] for _, b in pairs) / sum(b["elapsed"] for _, b in pairs), 1)
        page["floor_signed_in"] = bool(account)
        page["cpu_ms"] = median([p["cpu_ms"] for p, _ in pairs if p["cpu_ms"] is not None])
        page["floor_cpu_ms"] = median([b["cpu_ms"] for _, b in pairs if b["cpu_ms"] is not None])
        page["rounds"] = [round(p["rps"] / b["rps"], 3) if b["rps"] else None for p, b in pairs]
        page["ratio"] = median([r for r in page["rounds"] if r is not None])
        cpu_rounds = [b["cpu_ms"] / p["cpu_ms"] for p, b in pairs if p["cpu_ms"] and b["cpu_ms"]]
        page["cpu_ratio"] = round(median(cpu_rounds), 3) if cpu_rounds else None
        out["load"][label] = page
        print(f"[load] load {label}: {page}", file=sys.stderr, flush=True)

    # 3. Download storm: `storm_users` anonymous users downloading the public CSV at once while
    # two users walk the public pages; the pages' latency is what the target is about.
    storm = plan.get("storm")
    if storm:
        downloads = user_class("Download", [(storm["label"], storm["path"], None)], cookies)
        probes: list[tuple[str, str, str | None]] = [
            (e["label"], e["path"], None) for e in plan["endpoints"] if e.get("probe")
        ]
        # The two page walkers run in a process of their own (bench/probe.py): inside this one
        # they would queue behind the 200 downloaders' event loop and measure the load
        # generator instead of the server. They start after the downloaders' warm-up.
        probe_cmd = [sys.executable, str(Path(__file__).with_name("probe.py")), "--host", host, "--users", "2"]
        probe_cmd += ["--seconds", str(plan["storm_seconds"]), "--delay", "1.0"]
        for label, path, _account in probes:
            probe_cmd += ["--path", f"{label}={path}"]
        walker = subprocess.Popen(probe_cmd, stdout=subprocess.PIPE, text=True)
        stats, elapsed = run_slice(host, [(downloads, storm["users"])], plan["storm_seconds"], warmup=1.0)
        pages, _ = walker.communicate(timeout=plan["storm_seconds"] + 60)
        out["storm"] = {
            "users": storm["users"],
            "seconds": round(elapsed, 1),
            "download": figures(stats, storm["label"], elapsed),
            "pages": json.loads(pages),
        }
        print(f"[load] storm: {out['storm']['download']}", file=sys.stderr, flush=True)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description="Run a load plan with locust's library API.")
    parser.add_argument("--plan", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    with open(args.plan, encoding="utf-8") as handle:
        plan = json.load(handle)
    result = run_plan(plan)
    with open(args.out, "w", encoding="utf-8") as handle:
        json.dump(result, handle, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
