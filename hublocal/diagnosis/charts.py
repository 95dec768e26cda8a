"""Server-side charts: dimension bars beside peer means, the distribution histogram and the
choropleth map of the index.

Each bar chart or histogram is laid out once as a list of plain shapes (a tiny scene) and
drawn as SVG, which the web page inlines and the PDF report (WeasyPrint) embeds as a figure,
so the two never disagree. SVG uses presentation attributes only (fill, stroke, font-size): the
site's CSP forbids inline styles. Every chart has a <title>/<desc> and the pages always show
a table with the same numbers; colour is never the only cue (markers differ in shape and
the legend names them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any
from xml.sax.saxutils import escape

from django.utils.formats import number_format
from django.utils.translation import gettext as _

INK = "#1a2433"
MUTED = "#4a5568"
GRID = "#d5dbe3"
BAR = "#0b4f8a"
# Sequential five-band palette (ColorBrewer "Blues"), one band per maturity level; the
# lightest band still has a visible outline on white.
LEVEL_FILLS = ["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"]
NO_DATA = "#e2e5ea"
FONT = "Helvetica, Arial, sans-serif"


def num(value: float | None, digits: int = 1) -> str:
    """A score as people here read it (decimal comma in Spanish)."""
    if value is None:
        return "—"
    return number_format(value, digits)


# --- A tiny scene: shapes in SVG coordinates (y grows downwards) ------------------------------


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: str
    stroke: str = ""


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    stroke: str
    width: float = 1.0
    dash: tuple[float, ...] = ()


@dataclass(frozen=True)
class Text:
    x: float
    y: float
    text: str
    size: float = 12
    anchor: str = "start"  # start | middle | end
    fill: str = INK
    bold: bool = False


@dataclass(frozen=True)
class Poly:
    points: tuple[tuple[float, float], ...]
    fill: str
    stroke: str = ""


@dataclass
class Scene:
    width: float
    height: float
    title: str
    desc: str
    shapes: list[Any] = field(default_factory=list)


def _f(v: float) -> str:
    return f"{v:.1f}".rstrip("0").rstrip(".")


def to_svg(scene: Scene, *, dom_id: str) -> str:
    """Inline SVG (no <style>, no style attributes), labelled for assistive technology."""
    t_id, d_id = f"{dom_id}-title", f"{dom_id}-desc"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_f(scene.width)} {_f(scene.height)}" '
        f'width="{_f(scene.width)}" height="{_f(scene.height)}" role="img" id="{dom_id}" '
        f'aria-labelledby="{t_id} {d_id}" font-family="{FONT}">',
        f'<title id="{t_id}">{escape(scene.title)}</title><desc id="{d_id}">{escape(scene.desc)}</desc>',
    ]
    for s in scene.shapes:
        if isinstance(s, Rect):
            stroke = f' stroke="{s.stroke}"' if s.stroke else ""
            out.append(
                f'<rect x="{_f(s.x)}" y="{_f(s.y)}" width="{_f(s.w)}" height="{_f(s.h)}" fill="{s.fill}"{stroke}/>'
            )
        elif isinstance(s, Line):
            dash = f' stroke-dasharray="{" ".join(_f(d) for d in s.dash)}"' if s.dash else ""
            out.append(
                f'<line x1="{_f(s.x1)}" y1="{_f(s.y1)}" x2="{_f(s.x2)}" y2="{_f(s.y2)}" stroke="{s.stroke}" '
                f'stroke-width="{_f(s.width)}"{dash}/>'
            )
        elif isinstance(s, Poly):
            pts = " ".join(f"{_f(x)},{_f(y)}" for x, y in s.points)
            stroke = f' stroke="{s.stroke}"' if s.stroke else ""
            out.append(f'<polygon points="{pts}" fill="{s.fill}"{stroke}/>')
        elif isinstance(s, Text):
            weight = ' font-weight="700"' if s.bold else ""
            anchor = f' text-anchor="{s.anchor}"' if s.anchor != "start" else ""
            out.append(
                f'<text x="{_f(s.x)}" y="{_f(s.y)}" font-size="{_f(s.size)}" fill="{s.fill}"{anchor}{weight}>'
                f"{escape(s.text)}</text>"
            )
    out.append("</svg>")
    return "".join(out)


# --- Dimension bars with peer markers ---------------------------------------------------------


@dataclass(frozen=True)
class Series:
    """A peer mean drawn as a marker on every bar. `shape`: diamond | line | triangle."""

    key: str
    label: str
    shape: str
    color: str


SERIES_STYLES = {
    "typology": ("diamond", "#b3261e"),
    "region": ("triangle", "#8a5a00"),
    "nation": ("line", INK),
}


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None
    marks: dict[str, float | None] = field(default_factory=dict)


def _marker(shape: str, x: float, cy: float, half: float, color: str) -> list[Any]:
    if shape == "diamond":
        return [Poly(((x, cy - half), (x + half * 0.8, cy), (x, cy + half), (x - half * 0.8, cy)), color, "#ffffff")]
    if shape == "triangle":
        return [
            Poly(((x - half * 0.8, cy - half), (x + half * 0.8, cy - half), (x, cy + half * 0.4)), color, "#ffffff")
        ]
    # A white halo keeps the line visible where it crosses the (dark) bar.
    return [
        Line(x, cy - half - 2, x, cy + half + 2, "#ffffff", 5.5),
        Line(x, cy - half - 2, x, cy + half + 2, color, 2.5),
    ]


def _clip(label: str, limit: int) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def dimension_bars(
    *, bars: list[Bar], series: list[Series], title: str, desc: str, width: float = 680, compact: bool = False
) -> Scene:
    """Horizontal bars 0–100, one per dimension, with a marker per peer mean.

    `compact` is the phone layout: each dimension's name on its own line above its bar, so the
    bars get the whole width and the text is drawn at its reading size on a 360-px screen
    (the wide layout, scaled down to a phone, would print 5-px labels)."""
    if compact:
        return _dimension_bars_compact(bars=bars, series=series, title=title, desc=desc, width=width)
    label_w, right = 250.0, 46.0
    plot_w = width - label_w - right
    # Legend first (what each mark means, by shape as well as colour), wrapped to the width.
    legend: list[tuple[float, float, Any, str]] = []
    lx, ly = 8.0, 13.0
    for item, label in [(None, _("Su municipio")), *((s, s.label) for s in series)]:
        need = 22 + 6.0 * len(label) + 14
        if lx + need > width and lx > 8:
            lx, ly = 8.0, ly + 18
        legend.append((lx, ly, item, label))
        lx += need
    top = ly + 20
    row_h = 34.0
    height = top + row_h * len(bars) + 30
    scene = Scene(width, height, title, desc)
    sh = scene.shapes
    for x, y, item, label in legend:
        if item is None:
            sh.append(Rect(x, y - 5, 14, 10, BAR))
        else:
            sh.extend(_marker(item.shape, x + 7, y, 6, item.color))
        sh.append(Text(x + 20, y + 4, label, 11, fill=MUTED))
    for tick in range(0, 101, 20):
        x = label_w + plot_w * tick / 100
        sh.append(Line(x, top - 4, x, top + row_h * len(bars), GRID, 1))
        sh.append(Text(x, top + row_h * len(bars) + 16, str(tick), 10, "middle", MUTED))
    for i, bar in enumerate(bars):
        y = top + i * row_h
        cy = y + row_h / 2
        sh.append(Text(label_w - 8, cy + 4, _clip(bar.label, 40), 12, "end"))
        if bar.value is not None:
            w = plot_w * max(0.0, min(100.0, bar.value)) / 100
            sh.append(Rect(label_w, cy - 8, max(w, 1.5), 16, BAR))
            sh.append(Text(label_w + plot_w + 6, cy + 4, num(bar.value), 11, bold=True))
        else:
            sh.append(Text(label_w + 4, cy + 4, _("sin puntaje"), 11, fill=MUTED))
        for s in series:
            v = bar.marks.get(s.key)
            if v is not None:
                sh.extend(_marker(s.shape, label_w + plot_w * max(0.0, min(100.0, v)) / 100, cy, 9, s.color))
    return scene


def _legend(series: list[Series], width: float, size: float) -> tuple[list[tuple[float, float, Any, str]], float]:
    """Legend items (what each mark means, by shape as well as colour) wrapped to the width;
    returns the items and the baseline of their last line."""
    legend: list[tuple[float, float, Any, str]] = []
    lx, ly = 8.0, size + 2
    for item, label in [(None, _("Su municipio")), *((s, s.label) for s in series)]:
        need = 22 + size * 0.55 * len(label) + 14
        if lx + need > width and lx > 8:
            lx, ly = 8.0, ly + size + 8
        legend.append((lx, ly, item, label))
        lx += need
    return legend, ly


def _dimension_bars_compact(*, bars: list[Bar], series: list[Series], title: str, desc: str, width: float) -> Scene:
    left, right = 8.0, 44.0
    plot_w = width - left - right
    legend, ly = _legend(series, width, 13)
    top = ly + 22
    label_h, bar_h, gap = 18.0, 16.0, 14.0
    row_h = label_h + bar_h + gap
    height = top + row_h * len(bars) + 22
    scene = Scene(width, height, title, desc)
    sh = scene.shapes
    for x, y, item, label in legend:
        if item is None:
            sh.append(Rect(x, y - 5, 14, 10, BAR))
        else:
            sh.extend(_marker(item.shape, x + 7, y - 1, 6, item.color))
        sh.append(Text(x + 20, y + 4, label, 13, fill=MUTED))
    bottom = top + row_h * len(bars) - gap + 4
    for tick in range(0, 101, 25):
        x = left + plot_w * tick / 100
        sh.append(Line(x, top + label_h - 2, x, bottom, GRID, 1))
        anchor = "start" if tick == 0 else ("end" if tick == 100 else "middle")
        sh.append(Text(x, bottom + 15, str(tick), 12, anchor, MUTED))
    for i, bar in enumerate(bars):
        y = top + i * row_h
        sh.append(Text(left, y + 13, _clip(bar.label, int(width / 7.4)), 14, bold=True))
        cy = y + label_h + bar_h / 2
        if bar.value is not None:
            w = plot_w * max(0.0, min(100.0, bar.value)) / 100
            sh.append(Rect(left, cy - bar_h / 2, max(w, 1.5), bar_h, BAR))
            sh.append(Text(width - 4, cy + 5, num(bar.value), 13, "end", bold=True))
        else:
            sh.append(Text(left + 4, cy + 5, _("sin puntaje"), 13, fill=MUTED))
        for s in series:
            v = bar.marks.get(s.key)
            if v is not None:
                sh.extend(_marker(s.shape, left + plot_w * max(0.0, min(100.0, v)) / 100, cy, 9, s.color))
    return scene


# --- Distribution histogram -------------------------------------------------------------------


def level_fill(value: float | None) -> str:
    if value is None:
        return NO_DATA
    return LEVEL_FILLS[min(4, max(0, int(value // 20)))]


def histogram(*, counts: list[int], title: str, desc: str, width: float = 560, height: float = 230) -> Scene:
    """Municipalities per band of the index (bands of equal width over 0–100)."""
    scene = Scene(width, height, title, desc)
    sh = scene.shapes
    left, bottom, top = 36.0, 42.0, 14.0
    plot_w, plot_h = width - left - 10, height - top - bottom
    n = len(counts) or 1
    peak = max(counts) if counts and max(counts) > 0 else 1
    step = max(1, -(-peak // 4))
    for v in range(0, peak + 1, step):
        y = top + plot_h - plot_h * v / peak
        sh.append(Line(left, y, left + plot_w, y, GRID, 1))
        sh.append(Text(left - 6, y + 4, str(v), 10, "end", MUTED))
    bw = plot_w / n
    width_pts = 100 / n
    for i, c in enumerate(counts):
        x = left + i * bw
        h = plot_h * c / peak
        lo = i * width_pts
        sh.append(Rect(x + 2, top + plot_h - h, bw - 4, h, level_fill(lo), BAR))
        if c:
            sh.append(Text(x + bw / 2, top + plot_h - h - 4, str(c), 10, "middle"))
        sh.append(Text(x + bw / 2, top + plot_h + 14, f"{int(lo)}–{int(lo + width_pts)}", 9.5, "middle", MUTED))
    sh.append(Line(left, top + plot_h, left + plot_w, top + plot_h, INK, 1))
    sh.append(Text(left + plot_w / 2, height - 6, _("Índice general (0 a 100)"), 11, "middle", MUTED))
    return scene


# --- Choropleth map ---------------------------------------------------------------------------

_POINT = re.compile(r"(-?\d+(?:\.\d+)?) (-?\d+(?:\.\d+)?)")


@cache
def _compact(path: str) -> str:
    """The shipped paths ("M x yL x y…Z", absolute) rewritten with relative steps, about half
    the bytes: the whole map travels inside the page, so its weight counts."""
    out = []
    for sub in re.findall(r"M[^M]*", path):
        pts = [(float(a), float(b)) for a, b in _POINT.findall(sub)]
        if not pts:
            continue
        px, py = pts[0]
        body = f"M{_f(px)} {_f(py)}"
        steps = []
        for x, y in pts[1:]:
            dx, dy = x - px, y - py
            px, py = x, y
            if dx or dy:
                steps.append(f"{_f(dx)} {_f(dy)}".replace(" -", "-"))
        if steps:
            joined = steps[0]
            for s in steps[1:]:
                joined += s if s.startswith("-") else " " + s
            body += "l" + joined
        if sub.rstrip().endswith("Z"):
            body += "z"
        out.append(body)
    return "".join(out)


def legend_bands() -> list[dict[str, Any]]:
    """The map's bands, the same as the maturity levels."""
    from .scoring import LEVELS

    return [
        {"level": n, "name": str(name), "fill": LEVEL_FILLS[n - 1], "lo": (n - 1) * 20, "hi": n * 20}
        for n, name in LEVELS
    ]


def choropleth(
    *,
    shapes: list[Any],
    meta: dict[str, Any],
    values: dict[str, float],
    title: str,
    desc: str,
    dom_id: str = "mapa-indice",
) -> str:
    """Communes filled by the band of their index; communes without a result are hatched
    grey, so "no data" is told by pattern, not only by colour. Legend drawn inside the SVG."""
    # gettext calls stay outside f-strings: xgettext does not see inside them.
    santiago_label = escape(_("Gran Santiago (ampliado)"))
    index_label = escape(_("Índice general"))
    missing_label = escape(_("Sin resultado"))
    width, height = float(meta["width"]), float(meta["height"])
    total_h = height
    t_id, d_id = f"{dom_id}-title", f"{dom_id}-desc"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_f(width)} {_f(total_h)}" width="{_f(width)}" '
        f'height="{_f(total_h)}" role="img" id="{dom_id}" aria-labelledby="{t_id} {d_id}" font-family="{FONT}">',
        f'<title id="{t_id}">{escape(title)}</title><desc id="{d_id}">{escape(desc)}</desc>',
        '<defs><pattern id="sin-datos" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#f4f5f7"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#c2c9d3" stroke-width="1.5"/></pattern></defs>',
        f'<rect width="{_f(width)}" height="{_f(total_h)}" fill="#ffffff"/>',
        '<g stroke="#ffffff" stroke-width="0.4">',
    ]
    for shape in shapes:
        value = values.get(shape.code)
        if value is None:
            fill, label = "url(#sin-datos)", _("sin resultado")
        else:
            fill, label = level_fill(value), num(value)
        name = escape(f"{shape.name}: {label}")
        out.append(f'<path d="{_compact(shape.path)}" fill="{fill}"><title>{name}</title></path>')
    out.append("</g>")
    labels = {"norte": _("Norte"), "centro": _("Centro"), "sur": _("Sur")}
    for panel in meta.get("panels", []):
        out.append(
            f'<text x="{_f(panel["x"] + 4)}" y="{_f(height - 8)}" font-size="15" fill="{MUTED}">'
            f"{escape(str(labels.get(panel['name'], panel['name'])))}</text>"
        )
    inset = meta.get("santiago_inset")
    if inset:
        out.append(
            f'<text x="{_f(inset["x"])}" y="{_f(inset["y"] - 8)}" font-size="12" fill="{MUTED}">{santiago_label}</text>'
        )
    for island in meta.get("insets", {}).values():
        out.append(
            f'<text x="{_f(island["x"])}" y="{_f(island["y"] - 8)}" font-size="11" fill="{MUTED}">'
            f"{escape(island['label'])}</text>"
        )
    # Legend in the free space of the southern panel's upper right.
    lx = width - 150
    ly = 14.0
    out.append(f'<text x="{_f(lx)}" y="{_f(ly)}" font-size="12" font-weight="700" fill="{INK}">{index_label}</text>')
    for i, band in enumerate(reversed(legend_bands())):
        y = ly + 10 + i * 24
        out.append(
            f'<rect x="{_f(lx)}" y="{_f(y)}" width="18" height="16" fill="{band["fill"]}" stroke="{MUTED}" '
            f'stroke-width="0.6"/><text x="{_f(lx + 24)}" y="{_f(y + 12.5)}" font-size="11" fill="{INK}">'
            f"{band['lo']}–{band['hi']} · {escape(band['name'])}</text>"
        )
    y = ly + 10 + 5 * 24
    out.append(
        f'<rect x="{_f(lx)}" y="{_f(y)}" width="18" height="16" fill="url(#sin-datos)" stroke="{MUTED}" '
        f'stroke-width="0.6"/><text x="{_f(lx + 24)}" y="{_f(y + 12.5)}" font-size="11" fill="{INK}">'
        f"{missing_label}</text>"
    )
    out.append("</svg>")
    return "".join(out)
