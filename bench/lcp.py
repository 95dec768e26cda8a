#!/usr/bin/env python
"""First paint on slow links: largest contentful paint, bytes and requests of every page family.

    make bench-lcp
    .venv/bin/python bench/lcp.py [--networks slow3g fast3g slow4g] [--runs 1] [--cpu 4]
                                  [--only TEXT…] [--fresh] [--label TEXT]

1. Prepares the demo on its own SQLite database under var/bench/lcp/ (`migrate`,
   `load_territory`, `seed_demo` once, then `collectstatic` on every run so the pages use the
   stylesheet of the working tree).
2. Starts the production configuration: gunicorn with deploy/gunicorn.conf.py (2 workers × 4
   threads, `hublocal.settings.production`, WhiteNoise serving the compressed, hashed static
   files) on a free loopback port. Sign-in without the second factor (`MFA_REQUIRED_ROLES` empty
   for this server only), so the pages of hub staff and officials are measured as an enrolled
   person sees them after signing in.
3. Drives Debian's Chromium with Playwright: one browser context per demo account (signed in
   through the login form, without emulation), a 390 × 844 viewport, service workers blocked
   and the HTTP cache disabled, so every load is a first visit. For each page and network
   profile a new tab gets, through the DevTools protocol, `Network.emulateNetworkConditions`
   (the profile's latency and throughput) and `Emulation.setCPUThrottlingRate` (4×), loads the
   page and waits for the network to go quiet. A PerformanceObserver added before any page script
   records the largest contentful paint (LCP) and its element; `Network.loadingFinished` gives
   the bytes on the wire (headers and compressed bodies) and the number of requests.
4. Stops gunicorn, prints a markdown table (LCP per profile, first contentful paint on Slow 3G,
   bytes, requests, pass/fail against LCP < 2.5 s on Slow 3G and 200 KB) and writes
   bench/results/lcp.json (git-ignored).

Only loopback addresses are contacted; every page load is bounded by a timeout. See
docs/performance.md ("First paint on slow links") for the method and the figures.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import run

from tests.e2e.support import CHROMIUM, CHROMIUM_ARGS, VIEWPORTS

PHONE = VIEWPORTS["phone"]

ROOT = run.ROOT
VAR = ROOT / "var" / "bench" / "lcp"
RESULTS = ROOT / "bench" / "results"
GUNICORN_CONF = ROOT / "deploy" / "gunicorn.conf.py"
DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "hublocal-demo")

# The browser tests' Chromium and flags (one list for the whole project) and their phone viewport.
VIEWPORT = PHONE

TARGET_LCP_MS = 2500  # on Slow 3G
BUDGET_BYTES = 200 * 1024
PAGE_TIMEOUT_MS = 120_000


@dataclass(frozen=True)
class Network:
    key: str
    name: str
    latency_ms: float
    down_bytes_per_s: int
    up_bytes_per_s: int


# Chrome DevTools' presets (Slow 3G, Fast 3G) and Lighthouse's mobile "slow 4G", the profiles of
# the issue that asked for this benchmark (issue 17). Throughput in bytes per second.
NETWORKS = {
    "slow3g": Network("slow3g", "Slow 3G", 2000, 50_000, 50_000),
    "fast3g": Network("fast3g", "Fast 3G", 562.5, 180_000, 84_375),
    "slow4g": Network("slow4g", "slow 4G", 150, 204_800, 96_000),
}

# (family, label, path, account or None). Paths in braces are found once signed in (`discover`).
PAGES: list[tuple[str, str, str, str | None]] = [
    ("public", "home", "/", None),
    ("public", "municipalities list", "/municipios/", None),
    ("public", "municipality profile", "/municipios/13101/", None),
    ("public", "solutions catalogue", "/soluciones/", None),
    ("public", "open innovation", "/innovacion/", None),
    ("public", "pilots", "/pilotos/", None),
    ("public", "diagnosis", "/diagnostico/", None),
    ("public", "diagnosis results", "/diagnostico/resultados/", None),
    ("public", "organisations list", "/organizaciones/", None),
    ("public", "Latin-American network", "/territorio/red/", None),
    ("public", "about", "/acerca/", None),
    ("public", "sign-in", "/cuenta/ingresar/", None),
    ("hub staff", "staff: home", "/inicio/", "staff"),
    ("hub staff", "staff: back office", "/cuenta/gestion/", "staff"),
    ("hub staff", "staff: follow-up", "/seguimiento/", "staff"),
    ("hub staff", "analyst: back office", "/cuenta/gestion/", "analista"),
    ("municipality", "municipal: home", "/inicio/", "valparaiso"),
    ("municipality", "municipal: participation", "{participation}", "valparaiso"),
    ("municipality", "municipal: diagnosis section", "{section}", "valparaiso"),
    ("municipality", "municipal: diagnosis", "/diagnostico/", "santiago"),
    ("startup", "startup: home", "/inicio/", "startup-a"),
    ("startup", "startup: my solutions", "/soluciones/mis-soluciones/", "startup-a"),
    ("startup", "startup: my proposals", "/propuestas/mias/", "startup-a"),
    ("partner", "partner: home", "/inicio/", "partner"),
]

# Runs in every page before its own scripts (added through the DevTools protocol, so the page's
# CSP does not apply to it): the LCP candidates as the browser reports them.
OBSERVER = """
(() => {
  window.__lcp = {time: null, element: ""};
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        const el = entry.element;
        window.__lcp.time = entry.startTime;
        window.__lcp.element = el ? (el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
          + (el.classList.length ? "." + Array.from(el.classList).join(".") : "")) : (entry.url || "");
      }
    }).observe({type: "largest-contentful-paint", buffered: true});
  } catch (error) {
    window.__lcp.error = String(error);
  }
})();
"""


def log(message: str) -> None:
    print(f"[lcp] {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- server


def server_env() -> dict[str, str]:
    env = run.server_env("sqlite")
    env.update(
        DATABASE_URL=f"sqlite:///{VAR / 'demo.sqlite3'}",
        HUBLOCAL_VAR_DIR=str(VAR),
        MFA_REQUIRED_ROLES="",
        DEMO_PASSWORD=DEMO_PASSWORD,
        # No task worker beside this server: the few tasks a page may queue run in the request.
        HUEY_IMMEDIATE="1",
        WEB_CONCURRENCY="2",
        GUNICORN_THREADS="4",
        GUNICORN_LOG_LEVEL="warning",
    )
    return env


def prepare(env: dict[str, str], fresh: bool) -> None:
    VAR.mkdir(parents=True, exist_ok=True)
    seeded = VAR / "seeded"
    if fresh:
        for suffix in ("", "-wal", "-shm"):
            (VAR / f"demo.sqlite3{suffix}").unlink(missing_ok=True)
        seeded.unlink(missing_ok=True)
    run.manage(env, "migrate", "--noinput")
    if not seeded.exists():
        run.manage(env, "load_territory")
        run.manage(env, "seed_demo", timeout=1800)
        seeded.touch()
    run.manage(env, "collectstatic", "--noinput", "-v0")
    # Whole anonymous pages are cached on disk (core/page_cache.py) for ten minutes: a page built
    # by the previous run's code must not be measured as this one's.
    shutil.rmtree(VAR / "cache", ignore_errors=True)


def start_server(env: dict[str, str]) -> tuple[run.Process, int]:
    port = run.free_port()
    env = {**env, "HOST": run.HOST, "PORT": str(port)}
    if GUNICORN_CONF.exists():
        cmd = [str(run.GUNICORN), "--config", str(GUNICORN_CONF)]
    else:
        cmd = [str(run.GUNICORN), "hublocal.wsgi:application", "-w", "2", "-k", "gthread", "--threads", "4"]
        cmd += ["-b", f"{run.HOST}:{port}", "--log-level", "warning"]
    server = run.Process(cmd, env, VAR / "gunicorn.log")
    deadline = time.monotonic() + 60
    while True:
        with contextlib.suppress(OSError):
            if run.fetch(port, "/healthz", timeout=5)[0] == 200:
                return server, port
        if server.proc.poll() is not None or time.monotonic() > deadline:
            server.stop()
            raise RuntimeError(f"gunicorn did not answer /healthz; see {VAR / 'gunicorn.log'}")
        time.sleep(0.3)


# --------------------------------------------------------------------------- browser


@dataclass
class Load:
    """One page load under one network profile."""

    status: int = 0
    final_path: str = ""
    lcp_ms: float | None = None
    lcp_element: str = ""
    fcp_ms: float | None = None
    bytes: int = 0
    requests: int = 0
    console_errors: list[str] = field(default_factory=list)


def sign_in(context: Any, base: str, username: str) -> None:
    page = context.new_page()
    page.goto(f"{base}/cuenta/ingresar/")
    page.get_by_label("Nombre de usuario").fill(username)
    page.get_by_label("Contraseña").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name="Ingresar").click()
    if "/cuenta/ingresar/" in page.url:
        raise RuntimeError(f"{username} could not sign in (still on {page.url})")
    page.close()


def discover(context: Any, base: str) -> dict[str, str]:
    """The open participation of the signed-in official and its first section, as the person
    reaches them: from the diagnosis page, then the participation's page."""
    page = context.new_page()
    found: dict[str, str] = {}
    page.goto(f"{base}/diagnostico/")
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")
    participation = next((h for h in hrefs if re.search(r"/diagnostico/p/\d+/$", h)), None)
    if participation:
        found["{participation}"] = participation
        page.goto(base + participation)
        hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")
        section = next((h for h in hrefs if re.search(r"/diagnostico/p/\d+/seccion/[\w-]+/$", h)), None)
        if section:
            found["{section}"] = section
    page.close()
    return found


def measure(context: Any, url: str, network: Network, cpu_rate: float) -> Load:
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    result = Load()
    requests: set[str] = set()

    def sent(event: dict[str, Any]) -> None:
        if event["request"]["url"].startswith("http"):
            requests.add(event["requestId"] + event["request"]["url"])

    def finished(event: dict[str, Any]) -> None:
        result.bytes += int(event.get("encodedDataLength", 0))

    cdp.on("Network.requestWillBeSent", sent)
    cdp.on("Network.loadingFinished", finished)
    page.on("console", lambda m: result.console_errors.append(m.text) if m.type == "error" else None)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": network.latency_ms,
            "downloadThroughput": network.down_bytes_per_s,
            "uploadThroughput": network.up_bytes_per_s,
        },
    )
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": cpu_rate})
    try:
        response = page.goto(url, wait_until="load", timeout=PAGE_TIMEOUT_MS)
        result.status = response.status if response is not None else 0
        # Late LCP candidates (an element restyled by the full stylesheet) and the last bytes.
        page.wait_for_load_state("networkidle", timeout=PAGE_TIMEOUT_MS)
        result.final_path = page.evaluate("location.pathname + location.search")
        lcp = page.evaluate("window.__lcp")
        result.lcp_ms = round(lcp["time"], 1) if lcp and lcp.get("time") is not None else None
        result.lcp_element = (lcp or {}).get("element", "")
        fcp = page.evaluate("(performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime ?? null")
        result.fcp_ms = round(fcp, 1) if fcp is not None else None
    finally:
        result.requests = len(requests)
        with contextlib.suppress(Exception):
            cdp.detach()
        page.close()
    return result


# --------------------------------------------------------------------------- report


def median(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return round(statistics.median(present)) if present else None


def seconds(ms: float | None) -> str:
    return "—" if ms is None else f"{ms / 1000:.2f} s"


def report(rows: list[dict[str, Any]], networks: list[Network]) -> str:
    head = "| family | page | path | " + " | ".join(f"LCP {n.name}" for n in networks)
    head += " | FCP " + networks[0].name + " | KB transferred | requests | LCP element | "
    head += f"LCP < 2.5 s ({networks[0].name}) | < 200 KB |"
    lines = [head, "|---|---|---|" + "---:|" * (len(networks) + 3) + "---|---|---|"]
    for row in rows:
        first = row["networks"].get(networks[0].key, {})
        if not first:
            lines.append(f"| {row['family']} | {row['label']} | `{row['path']}` | skipped: {row.get('note', '')} |")
            continue
        lcps = [seconds(row["networks"].get(n.key, {}).get("lcp_ms")) for n in networks]
        ok_lcp = first.get("lcp_ms") is not None and first["lcp_ms"] < TARGET_LCP_MS and not row.get("note")
        ok_bytes = first["bytes"] < BUDGET_BYTES
        note = f" ({row['note']})" if row.get("note") else ""
        lines.append(
            f"| {row['family']} | {row['label']} | `{row['path']}` | {' | '.join(lcps)} | {seconds(first['fcp_ms'])} "
            f"| {first['bytes'] / 1024:.1f} | {first['requests']} | `{first['lcp_element']}` "
            f"| {'pass' if ok_lcp else '**FAIL**'}{note} | {'pass' if ok_bytes else '**FAIL**'} |"
        )
    return "\n".join(lines)


def git_revision() -> str:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False).stdout.strip()

    return git("rev-parse", "--short", "HEAD") + ("+dirty" if git("status", "--porcelain") else "")


# --------------------------------------------------------------------------- main


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--networks", nargs="+", choices=list(NETWORKS), default=list(NETWORKS))
    parser.add_argument("--runs", type=int, default=1, help="loads per page and profile (median)")
    parser.add_argument("--cpu", type=float, default=4.0, help="CPU slowdown (Emulation.setCPUThrottlingRate)")
    parser.add_argument("--only", nargs="+", default=[], help="only pages whose label or path contains a string")
    parser.add_argument("--fresh", action="store_true", help="rebuild the demo database")
    parser.add_argument("--label", default="", help="a note stored with the results (e.g. 'before')")
    parser.add_argument("--output", default=str(RESULTS / "lcp.json"))
    args = parser.parse_args()
    runs = max(1, min(args.runs, 10))
    networks = [NETWORKS[k] for k in args.networks]
    pages = [p for p in PAGES if not args.only or any(s in p[1] or s in p[2] for s in args.only)]

    from playwright.sync_api import sync_playwright

    env = server_env()
    started = time.monotonic()
    prepare(env, args.fresh)
    server, port = start_server(env)
    base = f"http://{run.HOST}:{port}"
    log(f"gunicorn (deploy/gunicorn.conf.py, production settings) on {base}")
    rows: list[dict[str, Any]] = []
    try:
        with sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            version = browser.version
            contexts: dict[str | None, Any] = {}
            found: dict[str, str] = {}
            for account in dict.fromkeys(p[3] for p in pages):
                context = browser.new_context(viewport=VIEWPORT, service_workers="block", locale="es-CL")
                context.add_init_script(OBSERVER)
                if account is not None:
                    sign_in(context, base, account)
                    found.update(discover(context, base) if any("{" in p[2] for p in pages if p[3] == account) else {})
                contexts[account] = context
            for family, label, path, account in pages:
                row: dict[str, Any] = {"family": family, "label": label, "path": path, "account": account}
                row["networks"] = {}
                rows.append(row)
                path = found.get(path, path)
                row["path"] = path
                if "{" in path:
                    row["note"] = "not found in the demo"
                    continue
                for network in networks:
                    loads = [measure(contexts[account], base + path, network, args.cpu) for _ in range(runs)]
                    last = loads[-1]
                    if last.status != 200 or last.final_path.split("?")[0] != path.split("?")[0]:
                        row["note"] = f"HTTP {last.status}, ended at {last.final_path}"
                    errors = sorted({e for load in loads for e in load.console_errors})
                    row["networks"][network.key] = {
                        "lcp_ms": median([load.lcp_ms for load in loads]),
                        "lcp_runs_ms": [load.lcp_ms for load in loads],
                        "fcp_ms": median([load.fcp_ms for load in loads]),
                        "bytes": int(statistics.median(load.bytes for load in loads)),
                        "requests": last.requests,
                        "lcp_element": last.lcp_element,
                        "console_errors": errors,
                    }
                    log(
                        f"{label} {path} {network.name}: LCP {seconds(row['networks'][network.key]['lcp_ms'])}, "
                        f"{last.bytes} B, {last.requests} requests{' ' + str(errors) if errors else ''}"
                    )
            browser.close()
    finally:
        server.stop()

    table = report(rows, networks)
    slow = networks[0].key
    failures = [
        r["label"]
        for r in rows
        # A page that answered an error or ended elsewhere (the login page) was not measured.
        if r.get("note")
        or r["networks"].get(slow, {}).get("lcp_ms") is None
        or r["networks"][slow]["lcp_ms"] >= TARGET_LCP_MS
    ]
    document = {
        "label": args.label,
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "revision": git_revision(),
        "options": {"networks": [asdict(n) for n in networks], "runs": runs, "cpu_slowdown": args.cpu},
        "viewport": VIEWPORT,
        "browser": f"Chromium {version}",
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "seconds": round(time.monotonic() - started, 1),
        "target": {"lcp_ms": TARGET_LCP_MS, "network": slow, "bytes": BUDGET_BYTES},
        "pages": rows,
        "failures": failures,
    }
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(document, indent=2), encoding="utf-8")
    print(table)
    print(
        f"\n{len(rows) - len(failures)} of {len(rows)} pages paint their largest element within 2.5 s on "
        f"{networks[0].name} (CPU {args.cpu:g}× slower, Chromium {version}); results in {output}."
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
