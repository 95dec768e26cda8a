"""Training evaluation in a real browser: `santiago`, seated in a cohort whose sessions ended,
finds the open surveys on "Mis cursos" from a 390-px phone, answers a module's satisfaction
survey (first with items missing: a clear error and nothing saved), then the final
self-assessment; `staff` opens the demo's finished cohort report with charts and tables and
downloads its PDF. axe-core on every page; screenshots in /tmp/shots-training-evaluation/."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .support import axe_violations, describe, screenshot
from .test_e2e_training import _run

pytestmark = pytest.mark.e2e

SHOTS = Path(tempfile.gettempdir()) / "shots-training-evaluation"

# A cohort taught by docente whose two modules are over, with santiago seated (idempotent).
SETUP = """
from datetime import timedelta
from django.contrib.auth import get_user_model
from django.utils import timezone
from hublocal.training import selectors, services
from hublocal.training.models import Application, Cohort
User = get_user_model()
now = timezone.now()
cohort = Cohort.objects.filter(name="Cohorte evaluada (e2e)").first()
if cohort is None:
    programme = services.programme_create(
        actor=None, title="Gobierno abierto municipal (e2e)", hours=8, status="published",
        instructors=[User.objects.get(username="docente")],
    )
    cohort = services.cohort_create(
        actor=None, programme=programme, name="Cohorte evaluada (e2e)", starts_on=(now - timedelta(days=3)).date(),
        ends_on=now.date(), capacity=10, applications_open_at=now - timedelta(days=20),
        applications_close_at=now - timedelta(days=5), status="running",
    )
    for i, start in enumerate((now - timedelta(days=2), now - timedelta(hours=5))):
        title = f"Datos abiertos {i + 1}"
        module = services.module_add(actor=None, programme=programme, title=title, mode="virtual", hours=4)
        end = start + timedelta(hours=2)
        services.session_create(actor=None, cohort=cohort, module=module, starts_at=start, ends_at=end)
    services.application_enrol(actor=None, cohort=cohort, user=User.objects.get(username="santiago"))
print("COHORT=%d" % cohort.pk)
"""
COUNT = """
from hublocal.training.models import SurveyResponse
print("N=%d" % SurveyResponse.objects.filter(cohort__name="Cohorte evaluada (e2e)").count())
"""
REPORT = """
from hublocal.training.models import Cohort
print("COHORT=%d" % Cohort.objects.get(name="Cohorte regional 2025 · municipios rurales").pk)
"""


def _shot(page: Page, name: str) -> None:
    screenshot(page, name, folder=SHOTS)
    screenshot(page, f"training-evaluation-{name}")


def _axe(page: Page, where: str) -> None:
    violations = axe_violations(page)
    assert not violations, f"{where}:\n{describe(violations)}"


def _value(out: str, key: str) -> str:
    return next(line.split("=", 1)[1] for line in out.splitlines() if line.startswith(key + "="))


def test_participant_answers_surveys_and_staff_reads_the_report(new_context, hub_url: str) -> None:
    _run(hub_url, SETUP)

    # 1. santiago, on a phone, finds the open surveys on "Mis cursos".
    phone = new_context("santiago", "phone").new_page()
    phone.goto("/formacion/mis-cursos/")
    expect(phone.get_by_role("heading", name="Encuestas por responder")).to_be_visible()
    _axe(phone, "mis cursos (390)")
    _shot(phone, "1-mis-cursos-390")
    with phone.expect_navigation():
        phone.get_by_role("link", name="Encuesta del módulo «Datos abiertos 2»").click()
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Encuesta de satisfacción")
    _axe(phone, "encuesta (390)")

    # 2. Bad input first: only one item answered → a clear error, nothing saved.
    phone.locator('input[name="q_contenido"][value="4"]').check()
    with phone.expect_navigation():
        phone.get_by_role("button", name="Enviar respuestas").click()
    expect(phone.get_by_role("alert")).to_contain_text("no se guardó nada")
    expect(phone.locator("#q-docente .errorlist")).to_contain_text("Responda esta pregunta.")
    expect(phone.locator('input[name="q_contenido"][value="4"]')).to_be_checked()
    _axe(phone, "encuesta con errores (390)")
    _shot(phone, "2-encuesta-error-390")
    assert _value(_run(hub_url, COUNT), "N") == "0"

    # 3. Every item answered, with a comment.
    for item, value in (("docente", "5"), ("materiales", "4"), ("aplicabilidad", "5")):
        phone.locator(f'input[name="q_{item}"][value="{value}"]').check()
    phone.get_by_label("Comentario (opcional). No escriba nombres de personas.").fill(
        "Los casos de otros municipios fueron muy útiles."
    )
    with phone.expect_navigation():
        phone.get_by_role("button", name="Enviar respuestas").click()
    expect(phone.locator(".messages")).to_contain_text("Gracias")

    # 4. The final self-assessment (the cohort's last session is over).
    with phone.expect_navigation():
        phone.get_by_role("link", name="Autoevaluación final de «Gobierno abierto municipal (e2e)»").click()
    _axe(phone, "autoevaluación (390)")
    for item in ("problemas", "usuarios", "ideacion", "prototipos", "datos"):
        phone.locator(f'input[name="q_{item}"][value="4"]').check()
    with phone.expect_navigation():
        phone.get_by_role("button", name="Enviar respuestas").click()
    expect(phone.locator(".messages")).to_contain_text("Gracias")
    assert _value(_run(hub_url, COUNT), "N") == "2"

    # 5. staff opens the finished demo cohort's report: charts with tables, then the PDF.
    cohort = _value(_run(hub_url, REPORT), "COHORT")
    staff = new_context("staff", "desktop").new_page()
    staff.goto(f"/formacion/cohortes/{cohort}/informe/")
    expect(staff.get_by_role("heading", level=1)).to_contain_text("Informe de la cohorte")
    expect(staff.locator("svg#chart-satisfaction")).to_be_visible()
    expect(staff.locator("svg#chart-learning")).to_be_visible()
    expect(staff.get_by_role("table", name="Asistencia por sesión").first).to_be_visible()
    _axe(staff, "informe (escritorio)")
    _shot(staff, "3-informe-desktop")
    # The PDF is an export job drawn by the task queue (immediate here): the button asks for it,
    # "Mis exportaciones" hands it over. Give a loaded machine time.
    staff.get_by_role("button", name="Descargar PDF").click()
    staff.wait_for_url("**/exportaciones/**", timeout=120_000)
    expect(staff.locator(".messages")).to_contain_text("segundo plano")
    _axe(staff, "mis exportaciones (PDF del informe)")
    _shot(staff, "3b-exportaciones-pdf")
    with staff.expect_download(timeout=120_000) as download:
        staff.get_by_role("link", name=re.compile("Descargar Informe de la cohorte")).first.click()
    path = download.value.path()
    assert Path(path).read_bytes().startswith(b"%PDF")
    staff_phone = new_context("staff", "phone").new_page()
    staff_phone.goto(f"/formacion/cohortes/{cohort}/informe/")
    _axe(staff_phone, "informe (390)")
    _shot(staff_phone, "4-informe-390")
