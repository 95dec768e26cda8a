"""The installable web app (issue 17, item 3): service worker, manifest, "Sin conexión" page,
and the sign-out response that clears what the worker kept on the device."""

from __future__ import annotations

import json

import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.urls import reverse

from hublocal.core import offline_views


def _worker_config(body: str) -> dict:
    first, _, rest = body.partition("\n")
    assert first.startswith("const HUB = ") and first.endswith(";")
    assert 'addEventListener("fetch"' in rest
    return json.loads(first.removeprefix("const HUB = ").removesuffix(";"))


def test_service_worker_is_served_for_the_whole_site(client_for):
    response = client_for(None).get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache"
    config = _worker_config(response.content.decode())
    assert config["offline"] == {"es": "/sin-conexion/", "en": "/en/sin-conexion/"}
    assert config["logout"] == ["/cuenta/salir/", "/en/cuenta/salir/"]
    assert config["privateHeader"] == offline_views.OFFLINE_CACHE_HEADER
    assert config["precache"] == [static(name) for name in offline_views.PRECACHED_STATIC]
    for name in offline_views.PRECACHED_STATIC:
        assert finders.find(name), name


def test_service_worker_knows_hashed_static_urls(client_for, settings, tmp_path):
    """Production stores static files under hashed names (ManifestStaticFilesStorage): the
    worker is told those, and a new hash gives a new worker, which browsers then install."""
    paths = {name: name.replace(".", ".0123456789ab.", 1) for name in offline_views.PRECACHED_STATIC}
    (tmp_path / "staticfiles.json").write_text(json.dumps({"paths": paths, "version": "1.1", "hash": "x"}))
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    config = _worker_config(client_for(None).get("/sw.js").content.decode())
    assert "/static/css/hub.0123456789ab.css" in config["precache"]
    assert all(".0123456789ab." in url for url in config["precache"])
    paths["css/hub.css"] = "css/hub.ba9876543210.css"
    (tmp_path / "staticfiles.json").write_text(json.dumps({"paths": paths, "version": "1.1", "hash": "y"}))
    settings.STATIC_ROOT = tmp_path  # setting it again reloads the manifest
    changed = _worker_config(client_for(None).get("/sw.js").content.decode())
    assert changed["version"] != config["version"]


@pytest.mark.parametrize(("url", "start"), [("/manifest.webmanifest", "/"), ("/en/manifest.webmanifest", "/en/")])
def test_manifest_makes_the_site_installable(client_for, url, start):
    # Each language's pages link their own manifest, so the installed app opens in it.
    response = client_for(None).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    data = json.loads(response.content)
    assert data["start_url"] == start
    assert data["scope"] == "/"
    assert data["display"] == "standalone"
    assert data["short_name"] == "Hub Local"
    sizes = {icon["sizes"] for icon in data["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in data["icons"]:
        assert finders.find(icon["src"].removeprefix("/static/")), icon["src"]


@pytest.mark.parametrize(("url", "lang"), [("/sin-conexion/", "es-cl"), ("/en/sin-conexion/", "en")])
def test_offline_page_in_each_language(client_for, url, lang):
    response = client_for(None).get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert f'<html lang="{lang}">' in page
    assert "data-offline-fallback" in page


def test_every_page_links_the_manifest_and_registers_the_worker(client_for, users):
    page = client_for("valparaiso").get(reverse("core:home")).content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest"' in page
    assert 'data-sw="/sw.js"' in page
    assert f'data-user="{users["valparaiso"].pk}"' in page
    assert 'data-logout="/cuenta/salir/"' in page
    assert '/static/js/offline.js" defer' in page
    anonymous = client_for(None).get(reverse("core:home")).content.decode()
    assert 'data-user=""' in anonymous
    english = client_for(None).get("/en/").content.decode()
    assert '<link rel="manifest" href="/en/manifest.webmanifest"' in english


def test_signing_out_clears_what_this_device_kept(client_for):
    client = client_for("valparaiso")
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert "_auth_user_id" not in client.session


def test_sign_out_refused_for_get_clears_nothing(client_for):
    response = client_for("valparaiso").get(reverse("accounts:logout"))
    assert response.status_code == 405
    assert "Clear-Site-Data" not in response
