"""Account security in a real browser, as a new user meets it: a forgotten password reset from the
login page with the link e-mailed to them, a second factor enrolled from "Mi cuenta" and used to
sign in, the demo account `seguridad` signing in with its published TOTP secret, and the lockout
after repeated wrong passwords. axe-core on every new page.

The person is a fresh account created by `staff`, so changing its password never ends the
sessions other browser tests share."""

from __future__ import annotations

import base64
import re
import time
from pathlib import Path

import pytest
from django_otp.oath import totp
from playwright.sync_api import Page, expect

from .support import axe_violations, create_account, describe, screenshot, sign_in

pytestmark = pytest.mark.e2e

FIRST_PASSWORD = "clave-inicial-de-prueba-2026"
NEW_PASSWORD = "otra-clave-bastante-larga-2026"
DEMO_TOTP_SECRET = "HUBLOCALDEMOSEGURIDADTOTPSECRET2"  # published in the README


def _code(base32_secret: str) -> str:
    return f"{totp(base64.b32decode(base32_secret.replace(' ', '').upper())):06d}"


def _check_axe(page: Page, where: str) -> None:
    violations = axe_violations(page)
    assert not violations, f"{where}:\n{describe(violations)}"


def _submit(page: Page, name: str) -> None:
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name=name).click()


def _create_account(staff: Page, username: str) -> None:
    # The back office applies the password rules: "123" is refused with a message.
    staff.goto("/cuenta/gestion/usuarios/nuevo/")
    staff.get_by_label("Nombre de usuario").fill(username)
    staff.get_by_label("Correo").fill(f"{username}@example.cl")
    staff.get_by_label("Organización (identificador)").fill("datamuni-spa")
    staff.get_by_label("Contraseña inicial").fill("123")
    _submit(staff, "Crear cuenta")
    expect(staff.locator("main")).to_contain_text("al menos 12 caracteres")
    create_account(staff, username, FIRST_PASSWORD)


def _reset_link(mail_dir: Path, address: str) -> str:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        for message in sorted(mail_dir.glob("*.log"), key=lambda p: p.stat().st_mtime, reverse=True):
            text = message.read_text(encoding="utf-8", errors="replace")
            if address in text:
                found = re.search(r"https?://\S+/cuenta/clave/restablecer/\S+", text)
                if found:
                    return found.group(0)
        time.sleep(0.3)
    raise AssertionError(f"no reset e-mail for {address} in {mail_dir}")


def test_forgotten_password_then_second_factor(new_context, hub_url: str, hub_mail_dir: Path) -> None:
    username = "persona-e2e-cuenta"
    staff = new_context("staff").new_page()
    _create_account(staff, username)

    # Forgotten password, from the login page.
    person = new_context().new_page()
    person.goto("/cuenta/ingresar/")
    with person.expect_navigation():
        person.get_by_role("link", name="¿Olvidó su contraseña?").click()
    _check_axe(person, "restablecer contraseña")
    person.get_by_label("Correo").fill(f"{username}@example.cl")
    _submit(person, "Enviar enlace")
    expect(person.locator("main")).to_contain_text("Si el correo corresponde a una cuenta")
    _check_axe(person, "enlace enviado")

    link = _reset_link(hub_mail_dir, f"{username}@example.cl")
    person.goto(link)
    expect(person.get_by_role("heading", level=1)).to_have_text("Nueva contraseña")
    _check_axe(person, "nueva contraseña")
    person.get_by_label(re.compile(r"^Contraseña nueva:?$")).fill("corta")
    person.get_by_label("Contraseña nueva (confirmación)").fill("corta")
    _submit(person, "Guardar contraseña")
    expect(person.locator("main")).to_contain_text("al menos 12 caracteres")
    person.get_by_label(re.compile(r"^Contraseña nueva:?$")).fill(NEW_PASSWORD)
    person.get_by_label("Contraseña nueva (confirmación)").fill(NEW_PASSWORD)
    _submit(person, "Guardar contraseña")
    expect(person.locator("main")).to_contain_text("Contraseña restablecida")
    screenshot(person, "accounts-reset-complete")
    # The link works once.
    person.goto(link)
    expect(person.get_by_role("alert")).to_contain_text("ya no es válido")

    # The old password no longer works; the new one does.
    sign_in(person, hub_url, username, FIRST_PASSWORD)
    expect(person).to_have_url(re.compile(r"/cuenta/ingresar/"))
    sign_in(person, hub_url, username, NEW_PASSWORD)
    expect(person).not_to_have_url(re.compile(r"/cuenta/ingresar/"))

    # Second factor from "Mi cuenta": scan (here: read the key), confirm with a code.
    person.goto("/cuenta/")
    with person.expect_navigation():
        person.get_by_role("link", name="Activar verificación en dos pasos").click()
    expect(person.locator(".qr svg")).to_be_visible()
    _check_axe(person, "activar verificación en dos pasos")
    screenshot(person, "accounts-mfa-enrol")
    secret = person.locator("code.secret").inner_text()
    person.get_by_label("Código que muestra la aplicación").fill("000000" if _code(secret) != "000000" else "111111")
    _submit(person, "Activar")
    expect(person.locator("main")).to_contain_text("El código no coincide")
    person.get_by_label("Código que muestra la aplicación").fill(_code(secret))
    _submit(person, "Activar")
    codes = person.locator("main li code")
    expect(codes).to_have_count(10)
    _check_axe(person, "códigos de recuperación")
    screenshot(person, "accounts-mfa-codes")
    recovery = codes.first.inner_text().strip()

    # Signing in now takes the code too; a recovery code works once.
    person.context.clear_cookies()
    sign_in(person, hub_url, username, NEW_PASSWORD)
    expect(person.get_by_role("heading", level=1)).to_have_text("Verificación en dos pasos")
    _check_axe(person, "paso del código")
    person.get_by_label("Código de verificación").fill(recovery)
    _submit(person, "Verificar e ingresar")
    expect(person).not_to_have_url(re.compile(r"/cuenta/ingresar/"))
    person.context.clear_cookies()
    sign_in(person, hub_url, username, NEW_PASSWORD)
    person.get_by_label("Código de verificación").fill(recovery)
    _submit(person, "Verificar e ingresar")
    expect(person.locator("main")).to_contain_text("no es válido")


def test_demo_security_account_signs_in_with_its_published_secret(new_context, hub_url: str) -> None:
    page = new_context().new_page()
    sign_in(page, hub_url, "seguridad")
    expect(page.get_by_role("heading", level=1)).to_have_text("Verificación en dos pasos")
    page.get_by_label("Código de verificación").fill(_code(DEMO_TOTP_SECRET))
    _submit(page, "Verificar e ingresar")
    page.goto("/cuenta/mfa/")
    expect(page.get_by_role("heading", name="Activa", exact=True)).to_be_visible()
    _check_axe(page, "verificación activa")
    page.goto("/cuenta/")
    _check_axe(page, "mi cuenta")
    screenshot(page, "accounts-seguridad-account")


def test_five_wrong_passwords_lock_the_account_from_this_address(new_context, hub_url: str) -> None:
    page = new_context().new_page()
    for _ in range(5):
        sign_in(page, hub_url, "persona-que-no-existe", "no-es-la-clave-123")
    expect(page.locator("main")).to_contain_text("15 minutos")
    _check_axe(page, "bloqueo")
    screenshot(page, "accounts-lockout")
