"""Page weight for slow rural connections, and no third-party requests (no CDN, no trackers)."""

from __future__ import annotations

import json
import urllib.request

import pytest

from .support import Traffic

pytestmark = pytest.mark.e2e

BUDGET = 200 * 1024  # bytes on the wire, compressed, for a first visit with an empty cache
MAP = "/territorio/mapa.svg"  # cached map image, counted apart

PAGES = [
    (None, "/"),
    (None, "/municipios/"),
    (None, "/municipios/?region=13"),
    (None, "/municipios/13101/"),
    (None, "/organizaciones/"),
    (None, "/organizaciones/datamuni-spa/"),
    (None, "/personas/"),
    (None, "/acerca/"),
    (None, "/cuenta/ingresar/"),
    (None, "/api/v1/docs/"),
    (None, "/territorio/red/"),
    (None, "/en/municipios/"),
    ("staff", "/cuenta/gestion/"),
    ("staff", "/cuenta/gestion/auditoria/"),
    ("santiago", "/organizaciones/municipalidad-santiago/editar/"),
    # Open innovation: catalogue, calls, challenges, events, pilots, suppliers, programme.
    (None, "/soluciones/"),
    (None, "/soluciones/patentes-en-linea/"),
    (None, "/soluciones/startups/"),
    (None, "/soluciones/startups/datamuni-spa/"),
    (None, "/innovacion/"),
    (None, "/innovacion/convocatorias/"),
    (None, "/innovacion/convocatorias/municipia-2026/"),
    (None, "/innovacion/desafios/"),
    (None, "/innovacion/desafios/{challenge}/"),
    (None, "/innovacion/eventos/"),
    (None, "/pilotos/"),
    (None, "/pilotos/{pilot}/"),
    (None, "/pilotos/proveedores/"),
    (None, "/pilotos/proveedores/tramite-facil-spa/"),
    (None, "/pilotos/programa/"),
    ("startup-a", "/innovacion/recomendados/"),
    ("startup-a", "/propuestas/mias/"),
    ("staff", "/propuestas/convocatoria/{call}/evaluacion/"),
    ("staff", "/innovacion/desafios/{challenge}/"),
]


def _api(hub_url: str, path: str) -> list[dict]:
    with urllib.request.urlopen(f"{hub_url}/api/v1/{path}") as response:
        return json.load(response)["results"]


@pytest.fixture(scope="session")
def demo_ids(hub_url: str) -> dict[str, str]:
    """Ids of the demo objects some pages are named by, as an API client finds them."""
    challenges = {c["title"]: c["id"] for c in _api(hub_url, "challenges/?page_size=100")}
    calls = {c["slug"]: c["id"] for c in _api(hub_url, "calls/")}
    pilots = {p["status"]: p["id"] for p in _api(hub_url, "pilots/")}
    return {
        "{challenge}": str(challenges["Patentes comerciales sin filas ni papeles"]),
        "{call}": str(calls["municipia-2025"]),
        "{pilot}": str(pilots["running"]),  # the one with measurements and its chart
    }


@pytest.mark.parametrize(("user", "path"), PAGES, ids=[f"{u or 'anon'}:{p}" for u, p in PAGES])
def test_page_is_light_and_self_hosted(
    user: str | None, path: str, new_context, hub_url: str, demo_ids: dict[str, str]
) -> None:
    for placeholder, value in demo_ids.items():
        path = path.replace(placeholder, value)
    page = new_context(user=user, viewport="desktop").new_page()
    traffic = Traffic().attach(page)
    response = page.goto(path, wait_until="networkidle")
    assert response is not None and response.ok
    # Bring lazy images into view so that everything a reader would load is counted.
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_load_state("networkidle")

    assert traffic.foreign_hosts(hub_url) == set(), "requests left the server"
    total, rows = traffic.transferred(exclude=(MAP,))
    detail = "\n".join(f"  {size:>8} {encoding or '-':5} {url}" for url, size, encoding in rows)
    assert total < BUDGET, f"{path} weighs {total} bytes compressed:\n{detail}"
    for request in traffic.requests:
        if MAP in request.url and request.response() is not None:
            # Counted apart because a reader downloads it once: it must be compressed and cacheable.
            headers = request.response().headers
            assert headers.get("content-encoding") in ("gzip", "br", "zstd")
            assert "max-age=" in headers.get("cache-control", "") and "no-store" not in headers["cache-control"]
    # Text is sent compressed: the document and every stylesheet and script above 1 KB.
    for request in traffic.requests:
        if request.resource_type in ("document", "stylesheet", "script") and MAP not in request.url:
            sizes = request.sizes()
            response = request.response()
            assert response is not None
            if sizes["responseBodySize"] > 1024:
                assert response.headers.get("content-encoding") in ("gzip", "br", "zstd"), request.url
