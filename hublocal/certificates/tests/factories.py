"""Builders for certificate tests: certificates are issued through the service, as training will."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from hublocal.certificates import services

_seq = itertools.count(1)

SIGNATORIES = [
    {"name": "María Soto (demo)", "position": "Directora ejecutiva del Hub"},
    {"name": "Jorge Díaz (demo)", "position": "Coordinador académico"},
]


def issue(*, actor: Any, holder: Any = None, holder_name: str | None = None, **overrides: Any) -> Any:
    facts: dict[str, Any] = {
        "holder_name": holder_name
        if holder_name is not None
        else (holder.get_full_name() if holder is not None else "") or "Ana Pérez (prueba)",
        "title": "Innovación como herramienta de buen gobierno",
        "hours": 40,
        "start_date": date(2026, 3, 2),
        "end_date": date(2026, 6, 26),
        "completion_date": date(2026, 7, 3),
        "issuer_name": "Hub Nacional de Gobierno Local · AMUCH",
        "signatories": SIGNATORIES,
        "source": "tests.cohort",
        "source_id": next(_seq),
        "language": "es",
    }
    facts.update(overrides)
    return services.certificate_issue(actor=actor, holder_user=holder, **facts)
