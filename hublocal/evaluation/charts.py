"""The dashboard's charts, drawn on the server as SVG with the diagnosis chart engine (a table
beside every chart gives the same figures)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from hublocal.diagnosis import selectors as ds


def _clip(label: str, limit: int) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def hbars(*, rows: list[tuple[str, float | None]], title: str, desc: str, dom_id: str, unit: str = "") -> str:
    """Horizontal bars from 0 to the largest figure (100 for a percentage), one per row."""
    width, label_w, right, row_h, top = 560.0, 190.0, 70.0, 26.0, 8.0
    plot_w = width - label_w - right
    values = [v for _label, v in rows if v is not None]
    maximum = 100.0 if unit == "%" else max([*values, 1.0])
    # A figure below zero (a fall in the index) is drawn from zero leftwards would need an axis in
    # the middle; the bar is drawn at its size from zero and the table keeps the sign.
    scene = ds.ChartScene(width, top + row_h * max(len(rows), 1) + 22, title, desc)
    sh = scene.shapes
    for i in range(5):
        x = label_w + plot_w * i / 4
        sh.append(ds.ChartLine(x, top, x, top + row_h * len(rows), ds.CHART_GRID, 1))
        sh.append(
            ds.ChartText(
                x, top + row_h * len(rows) + 14, ds.chart_num(maximum * i / 4, 0), 10, "middle", ds.CHART_MUTED
            )
        )
    for i, (label, value) in enumerate(rows):
        cy = top + i * row_h + row_h / 2
        sh.append(ds.ChartText(label_w - 8, cy + 4, _clip(label, 30), 12, "end"))
        if value is None:
            sh.append(ds.ChartText(label_w + 4, cy + 4, _("sin datos"), 11, fill=ds.CHART_MUTED))
            continue
        w = plot_w * min(abs(value), maximum) / maximum
        sh.append(ds.ChartRect(label_w, cy - 7, max(w, 1.5), 14, ds.CHART_BAR))
        sh.append(
            ds.ChartText(
                label_w + plot_w + 6, cy + 4, ds.chart_num(value) + (" %" if unit == "%" else ""), 11, bold=True
            )
        )
    return ds.chart_svg(scene, dom_id=dom_id)
