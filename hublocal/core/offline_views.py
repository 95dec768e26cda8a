"""The installable web app: its manifest, its service worker and the "sin conexión" page.

The service worker (hublocal/static/js/sw.js) caches the static files and, for a signed-in
official, the diagnosis sections of open participations, which mark themselves cacheable with
the OFFLINE_CACHE_HEADER response header. It is served here rather than from /static/ so that
its scope is the whole site, and so that it is told the static files' real URLs: in
production they carry a content hash (ManifestStaticFilesStorage), and a new hash changes the
worker's text, which is how browsers notice that a new version must be installed."""

from __future__ import annotations

import functools
import hashlib
import json
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

# Set by pages a signed-in official may reopen without a connection (diagnosis sections of
# open participations). The worker caches nothing else that is private.
OFFLINE_CACHE_HEADER = "X-Offline-Cache"
OFFLINE_CACHE_PRIVATE = "private"

# Files every page needs, cached when the worker installs so the first offline visit works.
PRECACHED_STATIC = (
    "css/hub.css",
    "js/hub.js",
    "js/offline.js",
    "js/offline-answers.js",
    "vendor/htmx/htmx.min.js",
    "icons/icon.svg",
)
ICONS = (
    ("icons/icon.svg", "any", "image/svg+xml"),
    ("icons/icon-192.png", "192x192", "image/png"),
    ("icons/icon-512.png", "512x512", "image/png"),
)
THEME_COLOR = "#083a66"


def mark_offline_cacheable(response: HttpResponse) -> HttpResponse:
    """Let the service worker keep a copy of this private page on the signed-in device
    (cleared when the person signs out). Only for pages worth answering without a connection."""
    response[OFFLINE_CACHE_HEADER] = OFFLINE_CACHE_PRIVATE
    response["Cache-Control"] = "private, no-cache"
    return response


@functools.cache
def _worker_source() -> str:
    # The source file in development and tests; the collected copy where only that exists.
    path = finders.find("js/sw.js")
    if path:
        with open(path, encoding="utf-8") as fh:
            return fh.read()
    with staticfiles_storage.open("js/sw.js") as fh:
        return fh.read().decode("utf-8")


def _localized(name: str) -> dict[str, str]:
    paths = {}
    for code, _label in settings.LANGUAGES:
        with translation.override(code):
            paths[code.split("-")[0]] = reverse(name)
    return paths


def worker_config() -> dict[str, Any]:
    """What the worker needs to know about this deployment (prepended to sw.js as HUB)."""
    offline = _localized("offline")
    config: dict[str, Any] = {
        "staticPrefix": settings.STATIC_URL,
        "precache": [static(name) for name in PRECACHED_STATIC],
        "offline": offline,
        "logout": sorted(_localized("accounts:logout").values()),
        # A private page is never served offline after the longest a session may last.
        "privateMaxAgeSeconds": settings.SESSION_ABSOLUTE_HOURS * 3600,
        "privateHeader": OFFLINE_CACHE_HEADER,
    }
    source = _worker_source()
    config["version"] = hashlib.sha256((json.dumps(config, sort_keys=True) + source).encode()).hexdigest()[:12]
    return config


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    body = f"const HUB = {json.dumps(worker_config(), sort_keys=True)};\n{_worker_source()}"
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    # Served from the site's root, so it may control every page; checked on every visit.
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def manifest(request: HttpRequest) -> HttpResponse:
    # One per language (/manifest.webmanifest, /en/manifest.webmanifest): the app opens in it.
    start = reverse("core:home")
    data = {
        "name": _("Hub Local · Hub Nacional de Gobierno Local"),
        "short_name": "Hub Local",
        "description": _("Diagnóstico, innovación abierta y transferencia para los municipios de Chile."),
        "lang": translation.get_language() or settings.LANGUAGE_CODE,
        "start_url": start,
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOR,
        "icons": [{"src": static(path), "sizes": sizes, "type": kind, "purpose": "any"} for path, sizes, kind in ICONS],
    }
    response = JsonResponse(data, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_GET
def offline_page(request: HttpRequest) -> HttpResponse:
    """Shown by the worker instead of a page it cannot fetch. Rendered for anonymous use (the
    worker fetches it without cookies), so it never holds anything private."""
    return render(request, "offline/offline.html")
