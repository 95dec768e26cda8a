"""Pilot reads."""

from __future__ import annotations

from .models import Pilot


def pilot_get(*, pk: int) -> Pilot | None:
    return (
        Pilot.objects.select_related("agreement", "agreement__municipality", "agreement__startup").filter(pk=pk).first()
    )
