"""Fixtures: a call and a challenge built directly with the innovation models (so these tests do
not depend on innovation's services), uploaded files of every kind, and a private MEDIA_ROOT."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from hublocal.directory import selectors as directory_selectors
from hublocal.innovation.models import Call, Challenge, ChallengeMunicipality, Criterion
from hublocal.proposals import services
from hublocal.proposals.models import CommitteeMember

CRITERIA = [("Pertinencia", 60), ("Costo", 40)]


@pytest.fixture(autouse=True)
def media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _municipality(code: str) -> Any:
    return directory_selectors.municipalities(codes=[code]).get()


def make_call(*, opens_days: int = -10, closes_days: int = 10, slug: str = "prueba") -> Call:
    now = timezone.now()
    call = Call.objects.create(
        title=f"Convocatoria {slug}",
        slug=f"conv-{slug}",
        description="Una convocatoria de prueba.",
        eligibility="Startups.",
        opens_at=now + timedelta(days=opens_days),
        closes_at=now + timedelta(days=closes_days),
        status="published",
        published_at=now + timedelta(days=opens_days - 1),
    )
    for i, (name, weight) in enumerate(CRITERIA):
        Criterion.objects.create(call=call, name=name, weight=weight, order=i)
    return call


def make_challenge(call: Call, *, title: str = "Desafío de prueba", status: str = "published") -> Challenge:
    santiago, valparaiso = _municipality("13101"), _municipality("05101")
    challenge = Challenge.objects.create(
        title=title,
        area="digital",
        owner=santiago,
        problem="Un problema.",
        affected="Vecinos.",
        current_process="En papel.",
        success="Menos filas.",
        call=call,
        status=status,
    )
    ChallengeMunicipality.objects.create(challenge=challenge, organization=santiago)
    ChallengeMunicipality.objects.create(challenge=challenge, organization=valparaiso)
    return challenge


@pytest.fixture
def open_call(network):
    return make_call()


@pytest.fixture
def challenge(open_call):
    return make_challenge(open_call)


@pytest.fixture
def closed_call(network):
    return make_call(opens_days=-40, closes_days=-5, slug="cerrada")


@pytest.fixture
def closed_challenge(closed_call):
    return make_challenge(closed_call, title="Desafío cerrado", status="closed")


TERMS = {
    "approach": "Una bandeja única en línea.",
    "price_min": 1_000_000,
    "price_max": 2_000_000,
    "timeline_weeks": 12,
    "timeline": "Tres etapas.",
}


def submit(user: Any, challenge: Challenge, now: Any = None, **overrides: Any) -> Any:
    return services.proposal_submit(actor=user, challenge=challenge, now=now, **{**TERMS, **overrides})


@pytest.fixture
def proposal_a(users, challenge):
    return submit(users["startup-a"], challenge)


@pytest.fixture
def proposal_b(users, challenge):
    return submit(users["startup-b"], challenge)


@pytest.fixture
def evaluated(users, closed_call, closed_challenge):
    """Two proposals submitted while the (now closed) call was open; staff and analista on the committee."""
    during = closed_call.opens_at + timedelta(days=2)
    a = submit(users["startup-a"], closed_challenge, now=during)
    b = submit(users["startup-b"], closed_challenge, now=during)
    for name in ("staff", "analista"):
        CommitteeMember.objects.create(call=closed_call, user=users[name])
    return a, b


def pdf_bytes(size: int = 2000) -> bytes:
    """A PDF-looking file of exactly `size` bytes."""
    head, tail = b"%PDF-1.4\n", b"\n%%EOF\n"
    return head + b"0" * max(0, size - len(head) - len(tail)) + tail


def office_bytes(kind: str = "word") -> bytes:
    out = io.BytesIO()
    # A fixed timestamp: the bytes are test parameters, and xdist workers that collect them a
    # second apart must see the same test ids (a zip entry stores its time by default).
    stamp = (2026, 1, 1, 0, 0, 0)
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(zipfile.ZipInfo("[Content_Types].xml", stamp), "<Types/>")
        z.writestr(zipfile.ZipInfo(f"{kind}/document.xml", stamp), "<doc/>")
    return out.getvalue()


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 100


def upload(name: str = "propuesta.pdf", content: bytes | None = None, content_type: str = "application/pdf") -> Any:
    return SimpleUploadedFile(name, pdf_bytes() if content is None else content, content_type=content_type)
