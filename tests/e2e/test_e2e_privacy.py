"""Data-subject rights in a real browser: a person downloads their data and asks for erasure,
the hub's administrator answers from the queue, and the privacy pages pass axe-core.

The person is a fresh account created by `staff` through the back office, so erasing it does
not disturb the demo accounts other browser tests sign in with."""

from __future__ import annotations

import io
import json
import re
import tempfile
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .support import axe_violations, create_account, describe, screenshot, sign_in

# Also on PostgreSQL (.ci/run): erasure deletes and anonymises across tables, under each engine's constraints.
pytestmark = [pytest.mark.e2e, pytest.mark.both_databases]

# Screenshots to look at by hand, beside the suite's own under tests/e2e/screenshots.
SHOTS = Path(tempfile.gettempdir()) / "shots"
PASSWORD = "una-clave-privada-larga-2026"


def _shot(page: Page, name: str) -> None:
    screenshot(page, name, folder=SHOTS)
    screenshot(page, name)


def _check_axe(page: Page, where: str) -> None:
    violations = axe_violations(page)
    assert not violations, f"{where}:\n{describe(violations)}"


def _click_and_wait(page: Page, locator) -> None:
    with page.expect_navigation():
        locator.click()


def test_person_downloads_data_asks_erasure_and_staff_answers(new_context, hub_url: str) -> None:
    username = "persona-e2e-privacidad"
    staff = new_context("staff").new_page()
    create_account(staff, username, PASSWORD)

    # The person: "Mis datos", both downloads, then the erasure request.
    person = new_context().new_page()
    sign_in(person, hub_url, username, PASSWORD)
    person.goto("/privacidad/")
    expect(person.get_by_role("heading", level=1)).to_have_text("Aviso de privacidad")
    _check_axe(person, "aviso de privacidad")
    person.goto("/cuenta/mis-datos/")
    expect(person.get_by_role("heading", level=1)).to_have_text("Mis datos")
    _check_axe(person, "mis datos")
    _shot(person, "privacy-my-data")

    with person.expect_download() as download:
        person.get_by_role("link", name="Descargar JSON").click()
    groups = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    account = next(g for g in groups if g["key"] == "accounts.user")
    assert account["rows"][0]["username"] == username and account["legal_basis_label"]
    with person.expect_download() as download:
        person.get_by_role("link", name=re.compile("Descargar ZIP")).click()
    names = zipfile.ZipFile(io.BytesIO(Path(download.value.path()).read_bytes())).namelist()
    assert any(n.endswith("datos.json") for n in names) and any(n.endswith(".csv") for n in names)

    # Withdrawing a consent is one button, like giving it.
    person.get_by_role("button", name=re.compile(r"Dar consentimiento\W+Noticias")).click()
    expect(person.get_by_role("status")).to_contain_text("Consentimiento otorgado")
    person.get_by_role("button", name=re.compile(r"Retirar consentimiento\W+Noticias")).click()
    expect(person.get_by_role("status")).to_contain_text("Consentimiento retirado")

    _click_and_wait(person, person.get_by_role("link", name="Pedir que borren mis datos"))
    expect(person.get_by_label("Derecho que ejerce")).to_have_value("erasure")
    _check_axe(person, "nueva solicitud")
    person.get_by_label("Detalle").fill("Dejé de colaborar con el Hub; por favor borren mi cuenta.")
    _click_and_wait(person, person.locator("main").get_by_role("button", name="Enviar solicitud"))
    expect(person.get_by_role("status")).to_contain_text("Le responderemos a más tardar")
    request_link = person.locator("main table").get_by_role("link").first
    request_id = request_link.inner_text().strip()

    # The hub's administrator: queue → detail → approve the erasure.
    staff.goto("/cuenta/gestion/solicitudes/")
    expect(staff.get_by_role("heading", level=1)).to_have_text("Solicitudes de datos personales")
    _check_axe(staff, "cola de solicitudes")
    _shot(staff, "privacy-queue")
    _click_and_wait(staff, staff.get_by_role("link", name=f"Solicitud {request_id}", exact=True))
    expect(staff.get_by_role("heading", level=1)).to_contain_text("Supresión")
    expect(staff.locator("main")).to_contain_text(f"{username}@example.cl")
    _check_axe(staff, "detalle de solicitud")
    staff.get_by_label("Acoger la solicitud").check()
    staff.get_by_label("Respuesta a la persona").fill("Suprimimos sus datos personales de Hub Local.")
    _click_and_wait(staff, staff.locator("main").get_by_role("button", name="Registrar y enviar respuesta"))
    expect(staff.get_by_role("status")).to_contain_text("Respuesta registrada")
    expect(staff.locator("main")).to_contain_text("Respondida")
    _shot(staff, "privacy-request-answered")

    # The erased account can no longer sign in.
    gone = new_context().new_page()
    sign_in(gone, hub_url, username, PASSWORD)
    expect(gone).to_have_url(re.compile(r"/cuenta/ingresar/"))


def test_staff_privacy_records_pass_axe(new_context) -> None:
    staff = new_context("staff").new_page()
    for path, heading in [
        ("/cuenta/gestion/tratamientos/", "Registro de actividades de tratamiento"),
        ("/cuenta/gestion/brechas/", "Registro de brechas de seguridad"),
        ("/cuenta/gestion/brechas/nueva/", "Registrar una brecha"),
    ]:
        staff.goto(path)
        expect(staff.get_by_role("heading", level=1)).to_have_text(heading)
        _check_axe(staff, path)
    _shot(staff, "privacy-breach-form")
