"""Certificates' source for the hub's indicators (hublocal.evaluation): certificates issued per
year to people of each organisation. A certificate names a person: its row is for the hub's
staff only; the public sees the municipality counted, not who was certified."""

from __future__ import annotations

from django.urls import reverse

from hublocal.core import registry
from hublocal.core.registry import IndicatorRow

from . import selectors


def issued(year: int) -> list[IndicatorRow]:
    return [
        IndicatorRow(
            value=1,
            record_ref=f"certificates.certificate:{r['pk']}",
            label=r["title"],
            url=reverse("certificates:verify", args=[r["code"]]),
            organization_id=r["organization_id"],
            is_public=False,
        )
        for r in selectors.indicator_certificates(year=year)
    ]


def register() -> None:
    registry.register_indicator_source("certificates.issued", issued)
