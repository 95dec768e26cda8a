"""What people do on Hub Local, step by step in a real browser against the served app."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import Page, expect

from .support import DEMO_PASSWORD, screenshot, sign_in

# Also on PostgreSQL (.ci/run): sign-in, lockout counters and the audit trail are written to the database.
pytestmark = [pytest.mark.e2e, pytest.mark.both_databases, pytest.mark.service_worker]


def _mark_document(page: Page) -> None:
    """Tag the live document; the tag survives htmx swaps but not a full page load."""
    page.evaluate("window.__e2eNoReload = true")


def _not_reloaded(page: Page) -> bool:
    return page.evaluate("window.__e2eNoReload === true")


def test_visitor_finds_a_municipality_and_reads_it_in_english(page: Page) -> None:
    page.goto("/municipios/")
    expect(page.locator("#results .result-count")).to_have_text("345 comunas")
    _mark_document(page)

    # Live filtering: typing without accents finds Ñuñoa, without reloading the page.
    page.get_by_label("Nombre o código").press_sequentially("nunoa", delay=30)
    results = page.locator("#results")
    expect(results.get_by_role("link", name="Ñuñoa")).to_be_visible()
    expect(results.locator(".result-count")).to_have_text("1 comuna")
    expect(page).to_have_url(re.compile(r"[?&]q=nunoa"))
    assert _not_reloaded(page), "the search reloaded the whole page instead of updating the results"

    page.get_by_label("Nombre o código").fill("")
    page.get_by_label("Región").select_option("13")
    expect(results.locator(".result-count")).to_have_text("52 comunas")
    expect(results.get_by_role("link", name="Puente Alto")).to_be_visible()
    assert _not_reloaded(page)
    screenshot(page, "journey-region-13-desktop")

    with page.expect_navigation():
        results.get_by_role("link", name="Santiago", exact=True).click()
    expect(page).to_have_url(re.compile(r"/municipios/13101/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Santiago")
    expect(page.get_by_text("13101", exact=True)).to_be_visible()

    # The language switch is a plain link to the same page in the other language (the URL
    # carries the language; no form, so public pages stay cacheable).
    languages = page.get_by_role("list", name="Idioma")
    expect(languages.get_by_role("link", name="Español")).to_have_attribute("aria-current", "true")
    with page.expect_navigation():
        languages.get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(r"/en/municipios/13101/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Municipalities")).to_be_visible()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()
    screenshot(page, "journey-santiago-english-desktop")


def test_organization_list_filters_live(page: Page) -> None:
    page.goto("/organizaciones/")
    _mark_document(page)
    page.get_by_label("Tipo").select_option("startup")
    results = page.locator("#results")
    expect(results.get_by_role("link", name="DataMuni SpA (demo)")).to_be_visible()
    expect(results.get_by_role("link", name=re.compile("Municipalidad"))).to_have_count(0)
    page.get_by_label("Nombre o RUT").press_sequentially("tramite", delay=30)
    expect(results.locator(".result-count")).to_have_text("1 organización")
    expect(results.get_by_role("link", name="Trámite Fácil SpA (demo)")).to_be_visible()
    assert _not_reloaded(page)


def _edit_santiago(page: Page, fields: dict[str, str]) -> None:
    page.goto("/organizaciones/municipalidad-santiago/editar/")
    for label, value in fields.items():
        page.get_by_role("textbox", name=label).fill(value)
    with page.expect_navigation():
        page.get_by_role("button", name="Guardar").click()


def test_municipal_official_signs_in_edits_and_designates(new_context, hub_url: str) -> None:
    page = new_context().new_page()

    # Wrong password: a clear message, still on the sign-in page.
    sign_in(page, hub_url, "santiago", DEMO_PASSWORD + "x")
    expect(page.get_by_role("alert")).to_contain_text("Usuario o contraseña incorrectos")
    expect(page).to_have_url(re.compile(r"/cuenta/ingresar/"))
    screenshot(page, "journey-login-wrong-password-desktop")
    sign_in(page, hub_url, "santiago")
    expect(page.get_by_role("link", name="Daniela Soto (demo)")).to_be_visible()

    # Edit the municipality's description from its profile.
    page.goto("/municipios/13101/")
    with page.expect_navigation():
        page.get_by_role("link", name="Editar perfil").click()
    description = f"Municipio de la capital; prueba de navegador {time.time_ns()}."
    page.get_by_label("Descripción").fill(description)
    with page.expect_navigation():
        page.get_by_role("button", name="Guardar").click()
    expect(page.get_by_role("status")).to_contain_text("Cambios guardados")
    expect(page.get_by_text(description)).to_be_visible()

    # Invalid website: a message next to the field, nothing saved.
    _edit_santiago(page, {"Descripción": "No debe guardarse (sitio).", "Sitio web": "santiago punto cl"})
    expect(page.get_by_role("alert")).to_contain_text("Ingrese una dirección completa, p. ej. https://ejemplo.cl")
    expect(page.locator("#id_website")).to_have_attribute("aria-invalid", "true")
    # Invalid RUT (wrong check digit): a clear message, nothing saved.
    _edit_santiago(page, {"Descripción": "No debe guardarse (RUT).", "RUT": "76.111.222-0"})
    expect(page.get_by_role("alert")).to_contain_text("dígito verificador del RUT no es correcto")
    screenshot(page, "journey-org-edit-errors-desktop")
    page.goto("/organizaciones/municipalidad-santiago/")
    expect(page.get_by_text(description)).to_be_visible()
    expect(page.get_by_text("No debe guardarse")).to_have_count(0)

    # Designate the municipal administrator as focal point.
    page.goto("/municipios/13101/")
    with page.expect_navigation():
        page.get_by_role("link", name="Designar contactos").click()
    page.get_by_label("Rol").select_option(label="Punto focal")
    page.get_by_label("Persona").select_option(label="Rodrigo Herrera (demo)")
    with page.expect_navigation():
        page.get_by_role("button", name="Guardar designación").click()
    expect(page.get_by_role("status")).to_contain_text("Designación guardada")
    contacts = page.locator("section", has=page.get_by_role("heading", name="Contactos designados"))
    expect(contacts.locator("dt", has_text="Punto focal").locator("+ dd")).to_have_text("Rodrigo Herrera (demo)")

    # Another municipality's profile is not hers to edit.
    response = page.goto("/organizaciones/municipalidad-valparaiso/editar/")
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Acceso restringido")


def test_startup_edits_only_its_own_profile(new_context) -> None:
    page = new_context(user="startup-a").new_page()
    page.goto("/organizaciones/datamuni-spa/")
    with page.expect_navigation():
        page.get_by_role("link", name="Editar perfil").click()
    text = f"Tableros municipales; actualizado {time.time_ns()}."
    page.get_by_label("Descripción").fill(text)
    with page.expect_navigation():
        page.get_by_role("button", name="Guardar").click()
    expect(page.get_by_role("status")).to_contain_text("Cambios guardados")
    expect(page.get_by_text(text)).to_be_visible()

    page.goto("/organizaciones/tramite-facil-spa/")
    expect(page.get_by_role("link", name="Editar perfil")).to_have_count(0)
    response = page.goto("/organizaciones/tramite-facil-spa/editar/")
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Acceso restringido")


def test_staff_registers_an_organization_and_an_account_and_audits_them(new_context) -> None:
    page = new_context(user="staff").new_page()
    page.goto("/cuenta/gestion/")
    with page.expect_navigation():
        page.get_by_role("link", name="Nueva organización").click()
    page.get_by_label("Tipo").select_option("startup")
    page.get_by_label("Nombre").fill("Municipia Labs SpA")
    page.get_by_role("textbox", name="RUT").fill("76111222-8")
    page.get_by_label("Sitio web").fill("https://municipia.example")
    with page.expect_navigation():
        page.get_by_role("button", name="Guardar").click()
    expect(page.get_by_role("status")).to_contain_text("Organización creada")
    expect(page.get_by_role("heading", level=1)).to_have_text("Municipia Labs SpA")
    expect(page.get_by_text("76.111.222-8")).to_be_visible()  # stored in the canonical format
    slug = page.url.rstrip("/").rsplit("/", 1)[-1]

    # The same RUT again, typed differently: refused with a message, nothing created.
    page.goto("/organizaciones/nueva/")
    page.get_by_label("Tipo").select_option("startup")
    page.get_by_label("Nombre").fill("Municipia Labs Duplicada SpA")
    page.get_by_role("textbox", name="RUT").fill("76.111.222-8")
    with page.expect_navigation():
        page.get_by_role("button", name="Guardar").click()
    expect(page.get_by_role("alert")).to_contain_text("Ya existe una organización registrada con ese RUT")
    screenshot(page, "journey-duplicate-rut-desktop")

    # An account for a member of the new organisation.
    page.goto("/cuenta/gestion/usuarios/")
    with page.expect_navigation():
        page.get_by_role("link", name="Nueva cuenta").click()
    page.get_by_label("Nombre de usuario").fill("e2e-municipia")
    page.get_by_label("Correo").fill("equipo@municipia.example")
    page.get_by_label(re.compile(r"^Nombre:?$")).fill("Rocío")
    page.get_by_label("Apellido").fill("Ibáñez")
    page.get_by_label("Rol").select_option("startup")
    page.get_by_label("Organización (identificador)").fill(slug)
    page.get_by_label("Contraseña inicial").fill("una-clave-larga-2025")
    with page.expect_navigation():
        page.get_by_role("button", name="Crear cuenta").click()
    expect(page.get_by_role("status")).to_contain_text("Cuenta «e2e-municipia» creada")
    expect(page.get_by_role("cell", name=re.compile(r"^e2e-municipia equipo@municipia\.example"))).to_be_visible()

    # Both actions are in the audit log, attributed to staff.
    page.goto("/cuenta/gestion/auditoria/")
    rows = page.locator("tbody tr")
    org_row = rows.filter(has_text="organization_create").filter(has_text="Municipia Labs SpA")
    expect(org_row).to_have_count(1)
    expect(org_row.locator("td").nth(1)).to_have_text("staff")
    user_row = rows.filter(has_text="user_create").filter(has_text="e2e-municipia")
    expect(user_row).to_have_count(1)
    expect(user_row.locator("td").nth(1)).to_have_text("staff")
    expect(rows.filter(has_text="Municipia Labs Duplicada")).to_have_count(0)
    screenshot(page, "journey-audit-desktop")
