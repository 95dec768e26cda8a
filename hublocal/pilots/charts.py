"""Server-rendered SVG line chart of an indicator's measurements, with its baseline and target.

No JavaScript and no inline styles (the CSP forbids them): presentation attributes only.
Every chart carries a <title>/<desc> and the page shows the same numbers in a table beside
it; the baseline and the target differ by dash pattern and label, not only by colour."""

from __future__ import annotations

from datetime import date
from xml.sax.saxutils import escape

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

INK = "#1a2433"
MUTED = "#4a5568"
GRID = "#d5dbe3"
SERIES = "#0b4f8a"
BASELINE = "#8a5a00"
TARGET = "#1e6b3a"
FONT = "Helvetica, Arial, sans-serif"


def num(value: float | None, digits: int = 1) -> str:
    """A value as people here read it (decimal comma in Spanish, no useless zeros)."""
    if value is None:
        return "—"
    if float(value).is_integer():
        return number_format(int(value), 0, force_grouping=True)
    return number_format(value, digits, force_grouping=True)


def _f(v: float) -> str:
    return f"{v:.1f}".rstrip("0").rstrip(".")


def _nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """Round tick values covering [lo, hi]."""
    span = hi - lo or abs(hi) or 1.0
    raw = span / count
    magnitude = 10 ** int(f"{raw:e}".split("e")[1])
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = (lo // step) * step
    ticks = []
    value = start
    while value <= hi + step * 0.001:
        ticks.append(round(value, 10))
        value += step
    return ticks


def line_chart(
    *,
    points: list[tuple[date, float]],
    baseline: float,
    target: float,
    unit: str,
    title: str,
    dom_id: str,
    start: date | None = None,
    width: float = 640,
    height: float = 260,
) -> str:
    """The measurements as a line over time, with horizontal baseline and target lines."""
    left, right, top, bottom = 64.0, 118.0, 16.0, 44.0
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [v for _d, v in points] + [baseline, target]
    lo, hi = min(values), max(values)
    pad = (hi - lo) * 0.1 or abs(hi) * 0.1 or 1.0
    ticks = _nice_ticks(lo - pad, hi + pad)
    y_lo, y_hi = ticks[0], ticks[-1]

    def y_of(v: float) -> float:
        return top + plot_h - plot_h * (v - y_lo) / ((y_hi - y_lo) or 1)

    dates = [d for d, _v in points]
    first = min([*dates, start] if start else dates) if dates else start
    last = max(dates) if dates else start
    span_days = ((last - first).days if first and last else 0) or 1

    def x_of(d: date) -> float:
        if first is None or first == last:
            return left + plot_w / 2
        return left + plot_w * (d - first).days / span_days

    if points:
        latest = points[-1]
        desc = _(
            "%(n)s mediciones entre %(first)s y %(last)s. Última: %(value)s %(unit)s. "
            "Línea base %(baseline)s; meta %(target)s."
        ) % {
            "n": len(points),
            "first": date_format(points[0][0], "SHORT_DATE_FORMAT"),
            "last": date_format(latest[0], "SHORT_DATE_FORMAT"),
            "value": num(latest[1]),
            "unit": unit,
            "baseline": num(baseline),
            "target": num(target),
        }
    else:
        desc = _("Aún no hay mediciones. Línea base %(baseline)s; meta %(target)s.") % {
            "baseline": num(baseline),
            "target": num(target),
        }
    baseline_label = escape(_("Línea base %(v)s") % {"v": num(baseline)})
    target_label = escape(_("Meta %(v)s") % {"v": num(target)})
    t_id, d_id = f"{dom_id}-title", f"{dom_id}-desc"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_f(width)} {_f(height)}" width="{_f(width)}" '
        f'height="{_f(height)}" role="img" id="{dom_id}" aria-labelledby="{t_id} {d_id}" font-family="{FONT}">',
        f'<title id="{t_id}">{escape(title)}</title><desc id="{d_id}">{escape(desc)}</desc>',
        f'<rect x="0" y="0" width="{_f(width)}" height="{_f(height)}" fill="#ffffff"/>',
    ]
    for tick in ticks:
        y = y_of(tick)
        out.append(f'<line x1="{_f(left)}" y1="{_f(y)}" x2="{_f(left + plot_w)}" y2="{_f(y)}" stroke="{GRID}"/>')
        out.append(
            f'<text x="{_f(left - 6)}" y="{_f(y + 4)}" font-size="11" fill="{MUTED}" text-anchor="end">'
            f"{escape(num(tick, 2))}</text>"
        )
    out.append(
        f'<text x="12" y="{_f(top + plot_h / 2)}" font-size="11" fill="{MUTED}" text-anchor="middle" '
        f'transform="rotate(-90 12 {_f(top + plot_h / 2)})">{escape(unit)}</text>'
    )
    axis_y = top + plot_h
    out.append(f'<line x1="{_f(left)}" y1="{_f(axis_y)}" x2="{_f(left + plot_w)}" y2="{_f(axis_y)}" stroke="{INK}"/>')
    for y_val, color, dash, label in (
        (baseline, BASELINE, "2 4", baseline_label),
        (target, TARGET, "8 4", target_label),
    ):
        y = y_of(y_val)
        out.append(
            f'<line x1="{_f(left)}" y1="{_f(y)}" x2="{_f(left + plot_w)}" y2="{_f(y)}" stroke="{color}" '
            f'stroke-width="2" stroke-dasharray="{dash}"/>'
        )
        out.append(f'<text x="{_f(left + plot_w + 6)}" y="{_f(y + 4)}" font-size="11" fill="{color}">{label}</text>')
    if first is not None:
        out.append(
            f'<text x="{_f(left)}" y="{_f(axis_y + 18)}" font-size="11" fill="{MUTED}">'
            f"{escape(date_format(first, 'SHORT_DATE_FORMAT'))}</text>"
        )
        if last is not None and last != first:
            out.append(
                f'<text x="{_f(left + plot_w)}" y="{_f(axis_y + 18)}" font-size="11" fill="{MUTED}" '
                f'text-anchor="end">{escape(date_format(last, "SHORT_DATE_FORMAT"))}</text>'
            )
    if points:
        coords = [(x_of(d), y_of(v)) for d, v in points]
        if len(coords) > 1:
            path = " ".join(f"{_f(x)},{_f(y)}" for x, y in coords)
            out.append(f'<polyline points="{path}" fill="none" stroke="{SERIES}" stroke-width="2.5"/>')
        for (x, y), (d, v) in zip(coords, points, strict=True):
            label = escape(f"{date_format(d, 'SHORT_DATE_FORMAT')}: {num(v)} {unit}")
            out.append(
                f'<circle cx="{_f(x)}" cy="{_f(y)}" r="4.5" fill="{SERIES}" stroke="#ffffff" stroke-width="1.5">'
                f"<title>{label}</title></circle>"
            )
    else:
        out.append(
            f'<text x="{_f(left + plot_w / 2)}" y="{_f(top + plot_h / 2)}" font-size="13" fill="{MUTED}" '
            f'text-anchor="middle">{escape(_("Sin mediciones todavía"))}</text>'
        )
    out.append("</svg>")
    return "".join(out)
