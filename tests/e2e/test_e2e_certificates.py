"""Certificates in a real browser: a certificate issued through the service (as training will
issue it) is opened by an anonymous visitor from its QR address and shown valid; `staff` revokes
it (a missing reason is refused first); the page and the public API then say revoked; the holder
finds it in "Mis certificados" and the notices in "Avisos". axe-core at 390 px and on desktop."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from . import hub
from .conftest import VAR_DIRS
from .support import axe_violations, describe, screenshot

pytestmark = pytest.mark.e2e

SHOTS = Path(tempfile.gettempdir()) / "shots-notifycert"
REASON = "Se detectó un error en el registro de asistencia del módulo presencial."

ISSUE = """
from datetime import date
from django.contrib.auth import get_user_model
from hublocal.certificates import services
holder = get_user_model().objects.get(username="valparaiso")
staff = get_user_model().objects.get(username="staff")
c = services.certificate_issue(
    actor=staff, holder_user=holder, holder_name="Valentina Rojas Muñoz",
    title="Innovación como herramienta de buen gobierno", hours=60,
    start_date=date(2026, 3, 2), end_date=date(2026, 6, 26), completion_date=date(2026, 7, 3),
    issuer_name="Hub Nacional de Gobierno Local · AMUCH",
    signatories=[{"name": "María Soto", "position": "Directora ejecutiva del Hub"}],
    source="e2e.cohort", source_id=1)
print("CODE=" + c.code)
"""


@pytest.fixture(scope="module")
def certificate_code(hub_url: str) -> str:
    """Issue through the service in the served hub's own database (the browser tests never touch
    the ORM of the test process)."""
    stdout = hub.shell(VAR_DIRS[hub_url], hub_url, ISSUE)
    match = re.search(r"CODE=([A-Z0-9]{10})", stdout)
    assert match, stdout[-2000:]
    return match.group(1)


def _shot(page: Page, name: str) -> None:
    screenshot(page, name, folder=SHOTS)
    screenshot(page, f"certificates-{name}")


def _axe(page: Page, where: str) -> None:
    violations = axe_violations(page)
    assert not violations, f"{where}:\n{describe(violations)}"


def _display(code: str) -> str:
    return f"{code[:5]}-{code[5:]}"


def test_qr_visit_valid_then_staff_revokes(new_context, hub_url: str, certificate_code: str) -> None:
    code = certificate_code
    verify_path = f"/certificados/verificar/{code}/"

    # An anonymous visitor scans the QR on a phone.
    phone = new_context(None, "phone").new_page()
    phone.goto(verify_path)
    expect(phone.get_by_role("heading", level=1)).to_have_text(f"Certificado {_display(code)}")
    expect(phone.get_by_role("status")).to_contain_text("Válido")
    expect(phone.locator("main")).to_contain_text("Valentina Rojas Muñoz")
    expect(phone.locator("main")).to_contain_text("Innovación como herramienta de buen gobierno")
    _axe(phone, "verificación (390 px)")
    _shot(phone, "verify-valid-phone")

    # Typed by hand, lower case with a dash and spaces: the same page.
    desktop = new_context(None, "desktop").new_page()
    desktop.goto("/certificados/verificar/")
    _axe(desktop, "formulario de verificación")
    desktop.get_by_label("Código del certificado").fill(f" {_display(code).lower()} ")
    with desktop.expect_navigation():
        desktop.locator("main").get_by_role("button", name="Verificar").click()
    assert desktop.url.endswith(verify_path)
    expect(desktop.get_by_role("status")).to_contain_text("Válido")
    _axe(desktop, "verificación (escritorio)")
    _shot(desktop, "verify-valid-desktop")

    with desktop.expect_download() as download:
        desktop.get_by_role("link", name="Descargar la credencial (JSON)").click()
    assert download.value.suggested_filename == f"credencial-{code}.json"

    # An unknown code: a friendly 404.
    response = desktop.goto("/certificados/verificar/ZZZZZZZZZZ/")
    assert response is not None and response.status == 404
    expect(desktop.get_by_role("status")).to_contain_text("No existe un certificado con ese código")
    _axe(desktop, "código desconocido")
    _shot(desktop, "verify-unknown")

    # staff revokes it from the register; a missing reason is refused first.
    staff = new_context("staff").new_page()
    staff.goto(f"/certificados/?q={code}")
    _axe(staff, "registro de certificados")
    _shot(staff, "staff-list")
    with staff.expect_navigation():
        staff.locator("main").get_by_role("link", name=re.compile(f"Revocar\\W+{_display(code)}")).click()
    with staff.expect_navigation():
        staff.locator("main").get_by_role("button", name="Revocar el certificado").click()
    expect(staff.locator(".errorlist")).to_contain_text("requerido")
    _axe(staff, "revocar sin motivo")
    _shot(staff, "revoke-missing-reason")
    staff.get_by_label("Motivo de la revocación").fill(REASON)
    with staff.expect_navigation():
        staff.locator("main").get_by_role("button", name="Revocar el certificado").click()
    assert staff.url.endswith(verify_path)
    expect(staff.locator(".messages").first).to_contain_text("revocado")

    # The visitor's page and the public API both say revoked, with the date and the reason.
    phone.reload()
    expect(phone.get_by_role("status")).to_contain_text("Revocado el")
    expect(phone.get_by_role("status")).to_contain_text(REASON)
    _axe(phone, "revocado (390 px)")
    _shot(phone, "verify-revoked-phone")
    api = phone.request.get(f"/api/v1/certificates/verify/{code}/")
    body = api.json()
    assert api.status == 200 and body["status"] == "revoked" and body["reason"] == REASON and body["revoked_at"]

    # The holder: "Mis certificados" and the notices (issued, revoked) in "Avisos".
    holder = new_context("valparaiso", "phone").new_page()
    holder.goto("/certificados/mios/")
    # The demo may give the holder other certificates: this one's row.
    row = holder.locator("tr", has=holder.locator(f'a[href$="/verificar/{code}/"]'))
    expect(row).to_contain_text("Revocado el")
    _axe(holder, "mis certificados (390 px)")
    _shot(holder, "mine-phone")
    with holder.expect_download() as download:
        row.get_by_role("link", name=re.compile("^PDF")).click()
    assert Path(download.value.path()).read_bytes()[:5] == b"%PDF-"
    holder.goto("/avisos/")
    expect(holder.locator("main")).to_contain_text("Certificado emitido")
    expect(holder.locator("main")).to_contain_text("Certificado revocado")
    expect(holder.locator(".user-nav")).to_contain_text("Avisos")
    _axe(holder, "avisos (390 px)")
    _shot(holder, "inbox-phone")
    with holder.expect_navigation():
        holder.get_by_role("button", name="Marcar todos como leídos").click()
    expect(holder.locator("main")).to_contain_text("Tiene 0 avisos sin leer")
