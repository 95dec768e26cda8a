"""Never link to what the person cannot open.

For each demo role (and the anonymous public), walk the site as that person would: start from
the home page and the role's main pages, follow every same-site link (GET only, breadth first,
bounded) and assert that none answers 403, 404 or 405. A 404 counts too: private objects answer
404 to those who may not see them, so a link to one is as broken as a link to a 403.

Links that change state or leave the page flow are not followed (sign-out, language switch,
downloads, the admin, the API); query strings are dropped (filters and pages of the same list)."""

from __future__ import annotations

import os
import re
from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client
from django.urls import Resolver404, resolve

# Pages each role works from, besides the home page (a link found nowhere else still gets checked).
MAIN_PAGES: dict[str | None, list[str]] = {
    None: ["/", "/municipios/", "/innovacion/", "/soluciones/", "/pilotos/", "/diagnostico/"],
    "staff": ["/", "/cuenta/gestion/", "/seguimiento/", "/innovacion/", "/propuestas/sesiones/", "/pilotos/"],
    "analista": ["/", "/cuenta/gestion/", "/seguimiento/", "/diagnostico/", "/pilotos/"],
    "santiago": ["/", "/cuenta/", "/diagnostico/", "/innovacion/", "/propuestas/sesiones/", "/pilotos/"],
    "valparaiso": ["/", "/cuenta/", "/diagnostico/", "/innovacion/", "/pilotos/"],
    "startup-a": ["/", "/cuenta/", "/propuestas/mias/", "/innovacion/", "/soluciones/", "/pilotos/"],
    "startup-b": ["/", "/cuenta/", "/propuestas/mias/", "/innovacion/"],
    "partner": ["/", "/cuenta/", "/innovacion/", "/pilotos/"],
}

# Per role: at most this many pages fetched (the eight walks take about 30 s together).
MAX_PAGES = 120
PER_KIND = 3
PER_PAIR = 2

SKIP = re.compile(
    r"""^/(?:en/)?(?:
        admin/ | api/ | static/ | media/ | i18n/ | bench/ | healthz
      | cuenta/salir | cuenta/ingresar | cuenta/gestion/auditoria/exportar
    )""",
    re.X,
)
# Downloads: files, exports, reports (their permission is the page's that links to them).
DOWNLOAD = re.compile(r"(\.(csv|xlsx|pdf|json|png|svg|zip)$)|/(descargar|exportar|adjuntos)/")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def _links(base: str, html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    found = []
    for href in parser.hrefs:
        if href.startswith(("mailto:", "tel:", "javascript:", "#")):
            continue
        parts = urlsplit(urljoin(base, href))
        if parts.netloc not in ("", "testserver"):
            continue
        path = parts.path
        if SKIP.match(path) or DOWNLOAD.search(path):
            continue
        found.append(path)
    return found


def _pattern(path: str) -> str:
    try:
        return resolve(path).view_name
    except Resolver404:
        return path


def _routed(path: str) -> bool:
    try:
        resolve(path)
    except Resolver404:
        return False
    return True


def _crawl(client: Client, starts: list[str], signed_in: bool) -> tuple[list[tuple[str, int, str]], int]:
    """Breadth-first walk; returns the broken links as (target, status, page that links it).

    Pages of one kind (one URL name) look alike, so a few of each are enough: a link from a
    kind of page to another kind is fetched for PER_PAIR instances, and only PER_KIND pages of
    each kind are read for further links. The public may be sent to sign in (a link to "my
    data" asks who you are); a signed-in person never should."""
    queue: deque[tuple[str, str]] = deque((url, "(inicio)") for url in starts)
    seen = set(starts)
    pairs: Counter[tuple[str, str]] = Counter()
    read: Counter[str] = Counter()
    broken: list[tuple[str, int, str]] = []
    fetched = 0
    while queue and fetched < MAX_PAGES:
        url, referrer = queue.popleft()
        response = client.get(url)
        fetched += 1
        status = response.status_code
        if status in (403, 404, 405):
            broken.append((url, status, referrer))
            continue
        if status in (301, 302):
            target = urlsplit(response["Location"]).path
            if signed_in and "/cuenta/ingresar" in target and referrer != "(inicio)":
                broken.append((url, status, referrer))  # a signed-in link that asks to sign in again
            continue
        if status != 200:
            broken.append((url, status, referrer))  # a server error is a broken link too
            continue
        kind = _pattern(url)
        if "text/html" not in response.get("Content-Type", "") or read[kind] >= PER_KIND:
            continue
        read[kind] += 1
        for link in _links(url, response.content.decode()):
            if link in seen:
                continue
            seen.add(link)
            pair = (kind, _pattern(link))
            if pairs[pair] < PER_PAIR:
                pairs[pair] += 1
                queue.append((link, url))
    if os.environ.get("SHOW_CRAWL"):
        print(f"\n{fetched} pages; kinds read: {sorted(read)}")
    return broken, fetched


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(MAIN_PAGES), ids=lambda r: r or "anonymous")
def test_no_link_leads_to_a_refusal(role, client_for):
    client = client_for(role)
    client.raise_request_exception = False  # a 500 is reported with the rest, not raised
    starts = MAIN_PAGES[role] + (["/inicio/"] if role and _routed("/inicio/") else [])
    broken, fetched = _crawl(client, starts, signed_in=role is not None)
    assert fetched > 10, fetched  # the walk really went somewhere
    assert not broken, "\n".join(f"{status} {url} (enlazado desde {ref})" for url, status, ref in broken)
