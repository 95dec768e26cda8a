import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse


def test_healthz_reports_database(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"
    assert response["Cache-Control"].startswith("no-store") or "no-store" in response["Cache-Control"]


def test_home_shows_live_numbers_and_areas(client, network):
    response = client.get("/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "345" in body
    for area in [
        "Seguridad pública municipal",
        "Atención primaria de salud",
        "Capital humano municipal",
        "Sostenibilidad ambiental",
        "Transformación digital",
    ]:
        assert area in body


def test_security_headers(client, db):
    response = client.get("/acerca/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


def test_english_under_prefix(client, network):
    response = client.get("/en/")
    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()


def test_unknown_page_is_a_friendly_404(client, db):
    response = client.get("/no-existe/")
    assert response.status_code == 404
    assert "Página no encontrada" in response.content.decode()


def test_unknown_api_path_is_json_404(client, db):
    response = client.get("/api/v1/no-existe/")
    assert response.status_code == 404
    assert response.json()["detail"]


def test_api_docs_page_lists_fixed_paths(client, db):
    body = client.get(reverse("api:docs")).content.decode()
    for path in ["/api/v1/communes/", "/api/v1/communes/{code}/", "/api/v1/organizations/", "/api/v1/auth/token/"]:
        assert path in body


def test_production_settings_refuse_the_development_key(monkeypatch):
    import importlib
    import sys

    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("HUBLOCAL_ALLOW_DEV_KEY", raising=False)
    for name in ["hublocal.settings.production", "hublocal.settings.base"]:
        sys.modules.pop(name, None)
    with pytest.raises(ImproperlyConfigured):
        importlib.import_module("hublocal.settings.production")
    for name in ["hublocal.settings.production", "hublocal.settings.base"]:
        sys.modules.pop(name, None)
