"""Fixtures for engagement tests: demo municipalities and a simulated clock.

Every test passes `at`/`now` explicitly, counting days from T0, so nothing depends on the
real time the suite runs at."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from hublocal.directory import selectors as directory_selectors
from hublocal.engagement import services
from hublocal.engagement.models import Track
from hublocal.territory import selectors as territory_selectors

T0 = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
PROCESS = "diagnosis.campaign"
SUBJECT = "campaign:12"
LABEL = "Diagnóstico de madurez digital 2026"


def day(n: float) -> datetime:
    return T0 + timedelta(days=n)


def municipality(code: str) -> Any:
    commune = territory_selectors.commune_get(code=code)
    org = directory_selectors.municipality_for_commune(commune_id=commune.pk)
    assert org is not None, code
    return org


@pytest.fixture(autouse=True)
def _only_our_tracks(network) -> None:
    """The demo network comes with a diagnosis campaign already tracked; these tests count
    every message a run sends, so they start from no tracks (rolled back after each test)."""
    Track.objects.all().delete()


@pytest.fixture
def santiago(network) -> Any:
    return municipality("13101")


@pytest.fixture
def valparaiso(network) -> Any:
    return municipality("05101")


@pytest.fixture
def concepcion(network) -> Any:
    """A municipality with nobody designated in its escalation chain."""
    return municipality("08101")


@pytest.fixture
def open_track() -> Any:
    def make(org: Any, *, subject_key: str = SUBJECT, policy: services.Policy | None = None, **extra: Any) -> Any:
        return services.track_open(
            process=PROCESS,
            subject_key=subject_key,
            organization=org,
            label=LABEL,
            url="/diagnostico/p/1/",
            policy=policy or services.Policy(),
            actor=None,
            at=extra.pop("at", T0),
            **extra,
        )

    return make
