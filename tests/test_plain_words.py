"""People read words, not the codes the platform keys its records by.

Audit actions ("directory.organization_update") and engagement processes ("diagnosis.campaign",
subject "campaign:1") are registered with a label by the app that owns them; the pages that list
them show the label and the subject's name. These tests fail when a code reaches a page, or when
a service records an audit action that no app has put into words."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
from django.urls import reverse

from hublocal.core import registry

ROOT = Path(__file__).resolve().parent.parent / "hublocal"
APPS = "core|audit|accounts|privacy|territory|directory|engagement|diagnosis|solutions|innovation|proposals|pilots"
CODE = re.compile(rf"\b(?:{APPS})\.[a-z_]+\b")
SUBJECT_KEY = re.compile(r"\b(?:campaign|challenge|pilot|session):\d+\b")


def _text(html: str) -> str:
    """What a person reads: the page without tags, scripts and attribute values."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", " ", html))


def _codes(text: str) -> list[str]:
    return CODE.findall(text) + SUBJECT_KEY.findall(text)


def test_every_audit_action_recorded_by_a_service_has_words():
    literal = re.compile(r"""action=f?["']((?:""" + APPS + r""")\.[a-z_{}]+)["']""")
    found: set[str] = set()
    for path in ROOT.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for code in literal.findall(path.read_text(encoding="utf-8")):
            if "{" in code:  # f"pilots.pilot_{action}": each action the service accepts
                prefix = code.split("{")[0]
                found.update(f"{prefix}{a}" for a in ("pause", "resume", "cancel"))
            else:
                found.add(code)
    assert len(found) > 60, len(found)  # the scan really reads the services
    missing = sorted(code for code in found if registry.audit_action_label(code) == code)
    assert not missing, missing


def test_every_engagement_process_has_words():
    for code in ("diagnosis.campaign", "innovation.challenge", "pilots.pilot", "proposals.session"):
        label = str(registry.process_label(code))
        assert label and not CODE.search(label), code


@pytest.mark.django_db
def test_follow_up_pages_show_names_not_codes(client_for):
    from hublocal.engagement import selectors

    staff = client_for("staff")
    dashboard = staff.get("/seguimiento/")
    assert dashboard.status_code == 200
    text = _text(dashboard.content.decode())
    assert not _codes(text), _codes(text)[:5]
    assert "Campaña de diagnóstico" in text and "Diagnóstico de madurez digital 2026" in text
    for row in selectors.process_list():
        page = staff.get(
            reverse("engagement:process", kwargs={"process": row["process"], "subject_key": row["subject_key"]})
        )
        assert page.status_code == 200
        text = _text(page.content.decode())
        assert not _codes(text), (row["process"], _codes(text)[:5])
        assert str(registry.process_label(row["process"])) in text


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/cuenta/gestion/", "/seguimiento/organizacion/municipalidad-santiago/"])
def test_back_office_pages_show_no_codes(client_for, url):
    page = client_for("staff").get(url)
    assert page.status_code == 200
    text = _text(page.content.decode())
    assert not _codes(text), _codes(text)[:5]
