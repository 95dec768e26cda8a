"""Answering a diagnosis without a connection (issue 17, scope 3 and 4), on a 390-px phone.

The service worker (hublocal/static/js/sw.js) keeps the sections an official opens; answers
given offline wait on the device (hublocal/static/js/offline-answers.js) and go through the
answers API when the connection returns, refusing to overwrite a colleague's newer answer.

Playwright applies `context.set_offline` to service workers only with the variable below set
before its driver starts (it is read by the driver, which the session fixture launches after
collection). Without it the worker would quietly reach the server while "offline".
"""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from .support import axe_violations, create_account, describe, screenshot, sign_in, wait_until

# Also on PostgreSQL (.ci/run): saving answers sent late relies on each engine's row versions and locks.
pytestmark = [pytest.mark.e2e, pytest.mark.both_databases, pytest.mark.service_worker]

COLLEAGUE_PASSWORD = "colega-del-municipio-2026"

CAMPAIGN = re.compile("madurez digital 2026")
# Sections of Valparaíso's diagnosis used here (by position): other browser tests answer the first.
SECTION_SYNC, SECTION_CONFLICT, SECTION_SIGN_OUT = 2, 3, 4


def _section_url(page: Page, index: int) -> str:
    page.goto("/diagnostico/")
    with page.expect_navigation():
        page.get_by_role("link", name=CAMPAIGN).first.click()
    href = page.locator("ol.list-plain a").nth(index).get_attribute("href")
    assert href and "/seccion/" in href
    return href


def _open_and_keep(page: Page, url: str) -> None:
    """Open a section online and wait until the service worker has kept it on the device."""
    page.goto(url)
    wait_until(
        page,
        "navigator.serviceWorker.ready.then(() => caches.open('hub-private'))"
        ".then(c => c.match(location.origin + location.pathname)).then(Boolean)",
    )


def _answer_offline(page: Page, count: int) -> dict[str, str]:
    """Choose, in the first `count` questions with options, an option not chosen yet."""
    chosen: dict[str, str] = {}
    blocks = page.locator("#section-form fieldset.question-block:has(input[type=radio])")
    for i in range(count):
        block = blocks.nth(i)
        radio = block.locator("input[type=radio]:not(:checked)").first
        chosen[block.get_attribute("data-question") or ""] = radio.get_attribute("value") or ""
        radio.check()
    return chosen


def _as_saved(value: str) -> Any:
    """A radio's value as the API returns the saved answer (yes/no as booleans, scales as numbers)."""
    if value in ("si", "no"):
        return value == "si"
    return int(value) if value.isdigit() else value


def _answers(context: BrowserContext, participation: str) -> dict[str, Any]:
    response = context.request.get(f"/api/v1/diagnosis/participations/{participation}/answers/")
    assert response.status == 200, response.text()
    return response.json()["answers"]


def _csrf(context: BrowserContext) -> str:
    return next(c["value"] for c in context.cookies() if c["name"] == "csrftoken")


def _viewport_shot(page: Page, name: str) -> None:
    """What the person sees on the 390 × 844 screen (support.screenshot takes the whole page)."""
    screenshot(page, name, full_page=False)


def _participation(url: str) -> str:
    match = re.search(r"/p/(\d+)/", url)
    assert match
    return match.group(1)


def test_answers_given_offline_are_sent_when_the_link_returns(new_context) -> None:
    context = new_context(user="valparaiso", viewport="phone")
    page = context.new_page()
    url = _section_url(page, SECTION_SYNC)
    pk = _participation(url)
    before = _answers(context, pk)
    _open_and_keep(page, url)

    context.set_offline(True)
    response = page.reload()
    assert response is not None and response.from_service_worker
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    chosen = _answer_offline(page, 3)
    status = page.locator("#offline-status")
    expect(status).to_contain_text("3 respuestas esperando envío")
    expect(status).to_contain_text("Sin conexión")
    expect(page.get_by_role("button", name="Enviar ahora")).to_be_visible()
    page.locator("#offline-panel").scroll_into_view_if_needed()
    _viewport_shot(page, "offline-waiting-390")
    violations = axe_violations(page)
    assert not violations, describe(violations)

    context.set_offline(False)
    expect(status).to_contain_text("fueron enviadas")
    expect(page.get_by_role("button", name="Enviar ahora")).to_be_hidden()
    after = _answers(context, pk)
    for qid, value in chosen.items():
        assert after[qid]["value"] == _as_saved(value), qid
        assert after[qid]["updated_by"] == "valparaiso"
        assert after[qid]["version"] == (before[qid]["version"] + 1 if qid in before else 1)
    # Their history: the participation page lists each change.
    page.goto(f"/diagnostico/p/{pk}/")
    history = page.locator("section[aria-labelledby=history-title]")
    for qid in chosen:
        expect(history).to_contain_text(qid)


def test_a_colleagues_newer_answer_is_never_overwritten(new_context, browser, hub_url) -> None:
    context = new_context(user="valparaiso", viewport="phone")
    page = context.new_page()
    url = _section_url(page, SECTION_CONFLICT)
    pk = _participation(url)
    _open_and_keep(page, url)

    context.set_offline(True)
    page.reload()
    chosen = _answer_offline(page, 3)
    expect(page.locator("#offline-status")).to_contain_text("3 respuestas esperando envío")
    disputed = next(iter(chosen))
    block = page.locator(f"fieldset[data-question='{disputed}']")
    theirs = next(
        v
        for v in block.locator("input[type=radio]").evaluate_all("els => els.map(e => e.value)")
        if v != chosen[disputed]
    )
    mine_label = block.locator(f"label:has(input[value='{chosen[disputed]}'])").inner_text().strip()
    theirs_label = block.locator(f"label:has(input[value='{theirs}'])").inner_text().strip()

    # Meanwhile a colleague, another official of Valparaíso with a connection, saves the same
    # answer differently (staff gives them an account through the back office first).
    colleague_name = f"colega-{uuid.uuid4().hex[:6]}"
    staff = new_context(user="staff").new_page()
    create_account(staff, colleague_name, COLLEAGUE_PASSWORD, role="municipal", organization="municipalidad-valparaiso")
    colleague = browser.new_context(base_url=hub_url)
    try:
        other = colleague.new_page()
        sign_in(other, hub_url, colleague_name, COLLEAGUE_PASSWORD)
        current = _answers(colleague, pk).get(disputed, {"version": 0})
        saved = colleague.request.patch(
            f"/api/v1/diagnosis/participations/{pk}/answers/",
            data={"answers": {disputed: {"value": _as_saved(theirs), "version": current["version"]}}},
            headers={"X-CSRFToken": _csrf(colleague)},
        )
        assert saved.status == 200, saved.text()
    finally:
        colleague.close()

    context.set_offline(False)
    conflict = page.locator(".offline-conflict")
    expect(conflict).to_have_count(1)
    expect(page.locator("#offline-status")).to_contain_text("Hay otra respuesta guardada: elija cuál queda")
    expect(page.locator("#offline-panel")).to_contain_text("se guardó una respuesta distinta")
    # Both answers, side by side, and who saved the other one.
    expect(conflict).to_contain_text(mine_label)
    expect(conflict).to_contain_text(theirs_label)
    expect(conflict).to_contain_text(f"Guardada por {colleague_name}")
    # Nothing was overwritten: the server keeps the colleague's answer; the other two went through.
    now = _answers(context, pk)
    assert now[disputed]["value"] == _as_saved(theirs)
    for qid, value in chosen.items():
        if qid != disputed:
            assert now[qid]["value"] == _as_saved(value)
    screenshot(page, "offline-conflict-phone")
    page.locator("#offline-panel").scroll_into_view_if_needed()
    _viewport_shot(page, "offline-conflict-390")
    violations = axe_violations(page)
    assert not violations, describe(violations)

    conflict.get_by_role("button", name="Quedarse con la mía").click()
    expect(conflict).to_have_count(0)
    expect(page.locator("#offline-status")).to_contain_text("fueron enviadas")
    final = _answers(context, pk)
    assert final[disputed]["value"] == _as_saved(chosen[disputed])
    assert final[disputed]["version"] == now[disputed]["version"] + 1


def test_signing_out_leaves_nothing_private_on_the_device(new_context) -> None:
    # A session of its own: signing out must not end the one other tests share.
    context = new_context(viewport="phone")
    page = context.new_page()
    sign_in(page, "", "valparaiso")
    url = _section_url(page, SECTION_SIGN_OUT)
    _open_and_keep(page, url)
    question = page.locator("#section-form .q-text").first.inner_text()

    # One answer waits on the device (its sending is refused here), so signing out asks first.
    page.route("**/api/v1/diagnosis/participations/*/answers/", lambda route: route.abort())
    context.set_offline(True)
    page.reload()
    _answer_offline(page, 1)
    expect(page.locator("#offline-status")).to_contain_text("1 respuesta esperando envío")
    context.set_offline(False)
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.get_by_role("button", name="Salir").click()
    expect(page.get_by_role("link", name="Ingresar")).to_be_visible()

    # Nothing private is left: no kept page, no stored answer. The three clean-ups (the
    # Clear-Site-Data header, the page script, the worker) run asynchronously: allow them the
    # few seconds a loaded machine may take, far less than it takes to lose the connection.
    wait_until(page, "caches.has('hub-private').then(kept => !kept)", timeout=25)
    wait_until(
        page,
        """new Promise(resolve => {
            const open = indexedDB.open('hub-offline', 1);
            open.onupgradeneeded = () => open.result.createObjectStore('pending', {keyPath: 'key'});
            open.onsuccess = () => {
              const req = open.result.transaction('pending').objectStore('pending').count();
              req.onsuccess = () => { open.result.close(); resolve(req.result === 0); };
            };
          })""",
        timeout=10,
    )

    # Offline, the section's address shows the "Sin conexión" page, nothing of the diagnosis.
    wait_until(page, "navigator.serviceWorker.ready.then(() => !!navigator.serviceWorker.controller)")
    wait_until(page, "caches.keys().then(keys => keys.some(k => k.startsWith('hub-static-')))")
    context.set_offline(True)
    response = page.goto(url)
    assert response is not None and response.from_service_worker
    expect(page.get_by_role("heading", level=1)).to_have_text("Sin conexión")
    expect(page.locator("#section-form")).to_have_count(0)
    expect(page.locator("body")).not_to_contain_text(question)
    expect(page.locator("body")).not_to_contain_text("Jorge Alarcón")
    violations = axe_violations(page)
    assert not violations, describe(violations)
