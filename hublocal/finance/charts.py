"""Geometry of the server-drawn SVG charts (no JavaScript): the templates draw rectangles at the
positions computed here, and show the same numbers in a table beside each chart. Every chart is
WIDTH units wide and scales with the page (a 390-px phone draws it at about a third)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from . import principles

BAR_HEIGHT = 26
GAP = 10
WIDTH = 1000


def share_bars(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Horizontal bars of each line's share (0..100% of the width), with the 30% and 35% lines."""
    bars = []
    for i, r in enumerate(rows):
        share = r["share"]
        pct = float(share) * 100 if share is not None else 0.0
        bars.append({**r, "pct": round(pct, 1), "width": round(pct * WIDTH / 100, 1), "y": i * (BAR_HEIGHT + GAP)})
    return {
        "bars": bars,
        "height": len(rows) * (BAR_HEIGHT + GAP),
        "warning_x": float(principles.WARNING_ABOVE) * WIDTH,
        "breach_x": float(principles.BREACH_ABOVE) * WIDTH,
    }


def value_bars(values: list[tuple[str, Decimal]], *, height: int = 160) -> dict[str, Any]:
    """Vertical bars (months), scaled to the largest value."""
    top = max((v for _label, v in values), default=Decimal(0))
    n = max(len(values), 1)
    step = WIDTH / n
    bars = []
    for i, (label, v) in enumerate(values):
        h = float(v / top) * height if top > 0 else 0.0
        bars.append(
            {
                "label": label,
                "value": v,
                "x": round(i * step + step * 0.15, 2),
                "w": round(step * 0.7, 2),
                "h": round(h, 1),
                "y": round(height - h, 1),
            }
        )
    return {"bars": bars, "height": height, "top": top}


def paired_bars(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Budget and actual per line, side by side, scaled to the largest of both."""
    top = max([r["budget"] or Decimal(0) for r in rows] + [r["actual"] for r in rows] + [Decimal(0)])
    out = []
    for i, r in enumerate(rows):
        b = float((r["budget"] or 0) / top) * WIDTH if top > 0 else 0.0
        a = float(r["actual"] / top) * WIDTH if top > 0 else 0.0
        out.append({**r, "bw": round(b, 2), "aw": round(a, 2), "y": i * 52})
    return {"bars": out, "height": len(rows) * 52 + 6}
