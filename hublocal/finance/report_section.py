"""The finance section of the hub's annual report (hublocal/evaluation): each income line's
share and status and the five principles, in percentages only (no client, no amount), from the
same public summary as /finanzas/. The context is plain JSON, since a frozen report stores it."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import principles, selectors


def _status_label(status: str) -> str:
    return {
        principles.OK: _("Cumple"),
        principles.WARNING: _("Alerta: sobre 30%"),
        principles.BREACH: _("Incumple: sobre 35%"),
        principles.NO_DATA: _("Sin ingresos"),
    }.get(status, status)


def _pct(share: float | None) -> float | None:
    return None if share is None else round(share * 100, 1)


def context(year: int) -> dict[str, Any] | None:
    """The section's data for `year`, or None (no section) when the hub had no income that year."""
    summary = selectors.public_summary(year=year)
    if not summary["has_income"]:
        return None
    return {
        "year": year,
        "lines": [
            {
                "name": str(line["name"]),
                "pct": _pct(line["share"]),
                "status": line["status"],
                "status_label": _status_label(line["status"]),
            }
            for line in summary["lines"]
        ],  # fmt: skip
        "diversification": summary["checks"]["diversification"],
        "diversification_label": _status_label(summary["checks"]["diversification"]),
        "recurrent_pct": _pct(summary["recurrent_share"]),
        "unlinked_commercial": summary["flags"]["unlinked_commercial"],
        "stale_reviews": len(summary["flags"]["stale_reviews"] or []),
    }


def register() -> None:
    from hublocal.core import registry

    registry.register_report_section(
        "finance", 30, gettext_lazy("Finanzas y principios"), "finance/report_section.html", context
    )
