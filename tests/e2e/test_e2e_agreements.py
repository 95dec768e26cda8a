"""Agreements in a real browser: `staff` records a three-party agreement with obligations and a
milestone after three refused attempts (an obligation past the end, a party twice, an amount
without currency: clear errors, nothing saved), amends it and sees the amendment history; an
anonymous visitor reads it in the public register with its withheld amount and the reason;
amending it once terminated is refused. axe-core on every page; screenshots in
/tmp/shots-agreements/ (and tests/e2e/screenshots/)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .support import axe_violations, describe, screenshot

pytestmark = pytest.mark.e2e

SHOTS = Path("/tmp/shots-agreements")  # noqa: S108 — where the brief asks for pictures to look at
TITLE = "Licencia de gestión documental para tres partes"


def _shot(page: Page, name: str) -> None:
    screenshot(page, name, folder=SHOTS)
    screenshot(page, f"agreements-{name}")


def _no_violations(page: Page) -> None:
    violations = axe_violations(page)
    assert not violations, describe(violations)


def _fill_agreement(page: Page, *, late: bool = False, twice: bool = False, no_currency: bool = False) -> None:
    today = date.today()
    page.get_by_label("Tipo").select_option("commercial")
    page.get_by_label("Título").fill(TITLE)
    page.get_by_label("Objeto").fill("Licencia anual del sistema de gestión documental para dos municipios.")
    page.get_by_label("Inicio de vigencia").fill(today.isoformat())
    page.get_by_label("Término de vigencia").fill((today + timedelta(days=365)).isoformat())
    page.get_by_label("Estado").select_option("in_force")
    page.get_by_label("Monto (opcional)").fill("480")
    page.get_by_label("Moneda").select_option("" if no_currency else "UF")
    page.get_by_label("Parte 1: organización").select_option(label="DataMuni SpA (demo)")
    page.get_by_label("Parte 1: rol").select_option("provider")
    page.get_by_label("Parte 1: nombre de quien firma").fill("Valentina Muñoz")
    page.get_by_label("Parte 2: organización").select_option(label="Municipalidad de Santiago")
    page.get_by_label("Parte 2: rol").select_option("principal")
    third = "Municipalidad de Santiago" if twice else "Municipalidad de Valparaíso"
    page.get_by_label("Parte 3: organización").select_option(label=third)
    page.get_by_label("Parte 3: rol").select_option("principal")
    page.get_by_label("Obligación 1: parte obligada").select_option("1")
    page.get_by_label("Obligación 1: descripción").fill("Disponibilidad mensual sobre 99,5 %.")
    due = today + timedelta(days=400 if late else 180)
    page.get_by_label("Obligación 1: plazo").fill(due.isoformat())
    page.get_by_label("Obligación 2: parte obligada").select_option("2")
    page.get_by_label("Obligación 2: descripción").fill("Designar la contraparte técnica.")
    page.get_by_label("Obligación 2: plazo").fill((today + timedelta(days=20)).isoformat())
    page.get_by_label("Hito 1: nombre").fill("Puesta en marcha")
    page.get_by_label("Hito 1: fecha").fill((today + timedelta(days=30)).isoformat())
    page.get_by_label("Reserva 1: campo reservado").select_option("amount")
    page.get_by_label("Reserva 1: causal legal (Ley 20.285, art. 21)").select_option("commercial_secret")


def _submit(page: Page) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="Registrar convenio").click()


def test_staff_records_amends_and_the_public_sees_the_withheld_reason(new_context) -> None:
    staff = new_context(user="staff").new_page()
    staff.goto("/convenios/nuevo/")
    expect(staff.get_by_role("heading", level=1)).to_have_text("Registrar convenio")
    _no_violations(staff)

    # 1. Bad input first: each refused with a clear message, nothing saved.
    for bad, message in (
        ({"late": True}, "vence después del término"),
        ({"twice": True}, "aparece dos veces"),
        ({"no_currency": True}, "Un monto necesita su moneda"),
    ):
        _fill_agreement(staff, **bad)
        _submit(staff)
        expect(staff.locator(".error-summary")).to_contain_text(message)
        _no_violations(staff)
    _shot(staff, "1-errores")
    staff.goto("/convenios/")
    expect(staff.get_by_text(TITLE)).to_have_count(0)

    # 2. Recorded with three parties, two obligations, a milestone and the amount withheld.
    staff.goto("/convenios/nuevo/")
    _fill_agreement(staff)
    _submit(staff)
    expect(staff.locator(".messages")).to_contain_text("Convenio registrado")
    expect(staff.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(staff.get_by_text("Puesta en marcha")).to_be_visible()
    detail_url = staff.url

    # 3. Amended: a new version, the history shows the original and the change with its reason.
    with staff.expect_navigation():
        staff.get_by_role("link", name="Modificar el convenio").click()
    _no_violations(staff)
    staff.get_by_label("Monto (opcional)").fill("520")
    staff.get_by_label("Motivo de la modificación").fill("Se agregan dos módulos al sistema.")
    with staff.expect_navigation():
        staff.get_by_role("button", name="Registrar modificación").click()
    expect(staff.locator(".messages")).to_contain_text("nueva versión")
    history = staff.get_by_role("table", name="Historial de modificaciones")
    expect(history).to_contain_text("Texto original")
    expect(history).to_contain_text("Se agregan dos módulos al sistema.")
    _no_violations(staff)
    _shot(staff, "2-historial-desktop")

    # 4. The anonymous register: the agreement is there; its amount says why it is withheld.
    public = new_context().new_page()
    public.goto("/convenios/")
    _no_violations(public)
    with public.expect_navigation():
        public.get_by_role("link", name=TITLE).click()
    expect(public.get_by_text("Reservado: Secreto comercial o económico (art. 21 N° 2)").first).to_be_visible()
    expect(public.locator("main")).not_to_contain_text("520")
    _no_violations(public)
    phone = new_context(viewport="phone").new_page()
    phone.goto(detail_url)
    expect(phone.get_by_role("heading", level=1)).to_be_visible()
    _no_violations(phone)
    _shot(phone, "3-publico-390")

    # 5. Terminated, it can no longer be amended.
    staff.goto(detail_url)
    staff.get_by_label("Motivo del término").fill("Las partes acordaron el término anticipado.")
    with staff.expect_navigation():
        staff.get_by_role("button", name="Terminar el convenio").click()
    expect(staff.get_by_text("ya no admite modificaciones")).to_be_visible()
    staff.goto(detail_url + "modificar/")
    expect(staff.locator(".error-summary")).to_contain_text("no se puede modificar")
    staff.get_by_label("Motivo de la modificación").fill("Intento tardío.")
    with staff.expect_navigation():
        staff.get_by_role("button", name="Registrar modificación").click()
    expect(staff.locator(".error-summary")).to_contain_text("no se puede modificar")
    _shot(staff, "4-terminado")


SAAS_TITLE = "Licencia SaaS de tableros de gestión para tres municipios (demo)"


def _pdf(text: str) -> bytes:
    # The server checks the content's magic number, not a full PDF (as the library does).
    return b"%PDF-1.4\n% " + text.encode() + b"\n%%EOF\n"


def test_documents_public_version_and_links(new_context) -> None:
    """Issue 14: on the demo SaaS licence (amount withheld), `staff` uploads an annex after a
    refused file, then its redacted public version; links the agreement to the demo project after
    a refused choice; the public sees only the public version, and the project shows the agreement."""
    staff = new_context(user="staff").new_page()
    staff.goto("/convenios/")
    with staff.expect_navigation():
        staff.get_by_role("link", name=SAAS_TITLE).click()
    detail_url = staff.url
    docs = staff.get_by_role("table", name="Documentos del convenio y sus versiones")
    expect(docs).to_contain_text("Contrato de licencia firmado")
    expect(docs).to_contain_text("Versión 1 (PDF)")
    expect(docs).to_contain_text("versión pública")

    # 1. A program renamed as PDF: refused with a clear message, nothing saved.
    staff.get_by_label("Tipo (si es un documento nuevo)").select_option("annex")
    staff.get_by_label("Título (si es un documento nuevo)").fill("Anexo técnico")
    staff.get_by_label("Archivo").set_input_files(
        {"name": "anexo.pdf", "mimeType": "application/pdf", "buffer": b"MZ\x90\x00 programa"}
    )
    with staff.expect_navigation():
        staff.get_by_role("button", name="Subir documento").click()
    expect(staff.locator(".error-summary")).to_contain_text("dice ser PDF")
    expect(staff.locator("main")).not_to_contain_text("Anexo técnico")
    _no_violations(staff)
    _shot(staff, "5-documento-rechazado")

    # 2. The real annex, then its redacted version marked public.
    staff.get_by_label("Tipo (si es un documento nuevo)").select_option("annex")
    staff.get_by_label("Título (si es un documento nuevo)").fill("Anexo técnico")
    staff.get_by_label("Archivo").set_input_files(
        {"name": "anexo.pdf", "mimeType": "application/pdf", "buffer": _pdf("Anexo tecnico con precios")}
    )
    with staff.expect_navigation():
        staff.get_by_role("button", name="Subir documento").click()
    expect(staff.locator(".messages")).to_contain_text("Documento subido")
    staff.locator("select[name=document]").select_option(label="Anexo técnico")
    staff.get_by_label("Archivo").set_input_files(
        {"name": "anexo-publico.pdf", "mimeType": "application/pdf", "buffer": _pdf("Anexo tecnico [precios tachados]")}
    )
    staff.get_by_label("Es la versión pública (con las partes reservadas tachadas)").check()
    with staff.expect_navigation():
        staff.get_by_role("button", name="Subir documento").click()
    row = staff.get_by_role("row", name="Anexo técnico")
    expect(row).to_contain_text("Versión 2 (PDF)")
    expect(row).to_contain_text("Versión 1 (PDF)")

    # 3. Links: nothing chosen is refused; then the demo project.
    with staff.expect_navigation():
        staff.get_by_role("button", name="Agregar vínculo").click()
    expect(staff.locator(".error-summary")).to_be_visible()
    staff.get_by_label("Vincular a").select_option(label="Red de observatorios comunales de seguridad")
    with staff.expect_navigation():
        staff.get_by_role("button", name="Agregar vínculo").click()
    expect(staff.locator(".messages")).to_contain_text("Vínculo agregado")
    expect(staff.locator("main")).to_contain_text("Proyecto colaborativo: Red de observatorios comunales de seguridad")
    _no_violations(staff)
    _shot(staff, "6-documentos-vinculos-desktop")

    # 4. The public: only the redacted versions are offered; the project lists the agreement.
    public = new_context(viewport="phone").new_page()
    public.goto(detail_url)
    row = public.get_by_role("row", name="Anexo técnico")
    expect(row).to_contain_text("Versión 2 (PDF)")
    expect(row).not_to_contain_text("Versión 1 (PDF)")
    _no_violations(public)
    _shot(public, "7-documentos-publico-390")
    with public.expect_download() as download:
        row.get_by_role("link", name="Versión 2 (PDF)").click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF-")
    public.goto("/proyectos/red-observatorios-comunales-seguridad/")
    expect(public.locator("main")).to_contain_text(SAAS_TITLE)
    _no_violations(public)
