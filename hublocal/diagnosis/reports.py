"""What a diagnosis report says, and the PDF that says it.

`build_report` turns a result and its peer comparison into plain data (per-dimension lines,
strengths, gaps and next steps) that the web page, the PDF and the tests read alike.

Strengths and gaps are relative: each dimension's score is set against the mean of the
closest peer group that may be shown (same typology, else the nation; groups of fewer than
three municipalities are withheld), or against the municipality's own index when no group
may be shown. The best dimensions are the strengths, the worst the gaps. Next steps come from
the instrument's `recommendations[dimension][band]`, the band given by the dimension's score:
under 40 "low" (levels 1–2), under 60 "mid" (level 3), otherwise "high" (levels 4–5), as the methodology page says.
"""

from __future__ import annotations

import base64
import os
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from hublocal.core import registry
from hublocal.territory import selectors as territory_selectors

from . import charts, selectors
from .scoring import LEVELS, level_for

LOW_BELOW = 40.0
MID_BELOW = 60.0
MAX_STRENGTHS = 2
MAX_GAPS = 3


def band_for(score: float | None) -> str:
    if score is None or score < LOW_BELOW:
        return "low"
    return "mid" if score < MID_BELOW else "high"


def level_name(level: int | None) -> str:
    return str(dict(LEVELS).get(level, "—")) if level else "—"


def signed(value: float | None) -> str:
    if value is None:
        return "—"
    text = charts.num(abs(value))
    return f"+{text}" if value > 0 else (f"−{text}" if value < 0 else text)


@dataclass(frozen=True)
class Group:
    """A peer group as the report shows it."""

    group: str  # typology | region | nation
    key: str
    label: str
    size: int
    shown: bool
    overall_mean: float | None
    overall_percentile: float | None


@dataclass(frozen=True)
class PeerCell:
    shown: bool
    mean: float | None = None
    percentile: float | None = None
    gap: float | None = None

    @property
    def gap_text(self) -> str:
        return signed(self.gap)


@dataclass(frozen=True)
class DimensionLine:
    id: str
    title: str
    score: float | None
    level: int | None
    level_name: str
    band: str
    peers: list[PeerCell]  # in the order of Report.groups
    delta: float | None  # against the reference group (or the own index)
    recommendation: str

    @property
    def delta_text(self) -> str:
        return signed(self.delta)


@dataclass
class Report:
    participation: Any
    result: Any
    instrument: Any
    overall: float | None
    level: int | None
    level_name: str
    region_name: str
    typology_label: str
    groups: list[Group]
    dimensions: list[DimensionLine]
    reference: Group | None
    strengths: list[DimensionLine] = field(default_factory=list)
    gaps: list[DimensionLine] = field(default_factory=list)
    proposals: dict[str, Any] = field(default_factory=dict)

    @property
    def version_label(self) -> str:
        return f"{self.instrument.slug} v{self.instrument.version}"

    @property
    def other_steps(self) -> list[DimensionLine]:
        """Recommendations for the dimensions that are not gaps (gaps come first on the page)."""
        gap_ids = {d.id for d in self.gaps}
        return [d for d in self.dimensions if d.id not in gap_ids and d.recommendation]

    def group(self, name: str) -> Group | None:
        return next((g for g in self.groups if g.group == name), None)


def _group_label(comparison: Any, region_name: str, typology_label: str) -> str:
    if comparison.group == "typology":
        return _("Tipología %(t)s") % {"t": typology_label}
    if comparison.group == "region":
        return _("Región %(r)s") % {"r": region_name or comparison.key or "—"}
    return _("País")


def build_report(*, participation: Any, result: Any, proposals: list[Any] | None = None) -> Report:
    """The report of one submitted participation. Queries: the peer comparison (bounded,
    see selectors.peer_comparison) and one for the region's name."""
    instrument = selectors.instrument_of(participation.campaign.instrument_version)
    region = territory_selectors.region_list().filter(code=result.region_code).first() if result.region_code else None
    region_name = region.name if region else result.region_code
    typology_label = str(dict(territory_selectors.Typology.choices).get(result.typology, result.typology))
    comparisons = selectors.peer_comparison(result=result)
    groups = [
        Group(
            group=c.group,
            key=c.key,
            label=_group_label(c, region_name, typology_label),
            size=c.size,
            shown=c.shown,
            overall_mean=c.overall_mean,
            overall_percentile=c.overall_percentile,
        )
        for c in comparisons
    ]
    by_group = {c.group: c for c in comparisons}
    reference_name = next(
        (g for g in ("typology", "nation") if by_group.get(g) and by_group[g].shown and by_group[g].dimensions), None
    )
    reference = next((g for g in groups if g.group == reference_name), None)
    scores = result.dimensions or {}
    lines: list[DimensionLine] = []
    for dim in instrument.dimensions:
        score = scores.get(dim.id)
        peers = []
        for c in comparisons:
            stats = c.dimensions.get(dim.id) if c.shown else None
            peers.append(
                PeerCell(shown=c.shown, mean=stats["mean"], percentile=stats["percentile"], gap=stats["gap"])
                if stats
                else PeerCell(shown=c.shown)
            )
        delta: float | None = None
        if score is not None:
            ref_stats = by_group[reference_name].dimensions.get(dim.id) if reference_name else None
            if ref_stats and ref_stats.get("mean") is not None:
                delta = round(score - ref_stats["mean"], 1)
            elif result.overall is not None:
                delta = round(score - result.overall, 1)
        band = band_for(score)
        lines.append(
            DimensionLine(
                id=dim.id,
                title=dim.title,
                score=score,
                level=level_for(score),
                level_name=level_name(level_for(score)),
                band=band,
                peers=peers,
                delta=delta,
                recommendation=(instrument.recommendations.get(dim.id) or {}).get(band, "")
                if score is not None
                else "",
            )
        )
    scored = [d for d in lines if d.score is not None]
    ranked = sorted(scored, key=lambda d: (d.delta or 0.0, d.score or 0.0), reverse=True)
    n_strengths = min(MAX_STRENGTHS, len(ranked) // 2)
    strengths = ranked[:n_strengths]
    gaps = list(reversed(ranked[n_strengths:]))[:MAX_GAPS]
    return Report(
        participation=participation,
        result=result,
        instrument=instrument,
        overall=result.overall,
        level=result.level,
        level_name=level_name(result.level),
        region_name=region_name,
        typology_label=typology_label,
        groups=groups,
        dimensions=lines,
        reference=reference,
        strengths=strengths,
        gaps=gaps,
        proposals={p.dimension: p for p in (proposals or [])},
    )


def chart_scene(
    report: Report,
    *,
    groups: tuple[str, ...] = ("typology", "region", "nation"),
    width: float = 680,
    compact: bool = False,
) -> charts.Scene:
    """Bars of the municipality's dimensions with the means of the peer groups that are shown."""
    # Short legend labels; the table beside the chart names each group in full.
    short = {"typology": _("Media tipología"), "region": _("Media región"), "nation": _("Media país")}
    series = []
    for g in report.groups:
        if g.group in groups and g.shown:
            shape, color = charts.SERIES_STYLES[g.group]
            series.append(charts.Series(g.group, short[g.group], shape, color))
    index = {g.group: i for i, g in enumerate(report.groups)}
    bars = [
        charts.Bar(d.title, d.score, {s.key: d.peers[index[s.key]].mean for s in series}) for d in report.dimensions
    ]
    names = ", ".join(f"{s.label} ({g.label})" for s in series for g in report.groups if g.group == s.key)
    desc = _("Puntaje de 0 a 100 de cada dimensión de %(c)s%(peers)s. Los mismos datos están en la tabla.") % {
        "c": report.participation.commune_name,
        "peers": (_("; marcas: %(s)s") % {"s": names}) if series else "",
    }
    return charts.dimension_bars(
        bars=bars,
        series=series,
        width=width,
        compact=compact,
        title=_("Puntajes por dimensión de %(c)s") % {"c": report.participation.commune_name},
        desc=desc,
    )


# --- PDF --------------------------------------------------------------------------------------


def _when(dt: Any) -> str:
    return date_format(timezone.localtime(dt), "j \\d\\e F \\d\\e Y") if dt else "—"


WEAKEST = 3
NEXT_STEPS = 6


def weakest_dimensions(report: Report, n: int = WEAKEST) -> list[tuple[str, str]]:
    """The report's n lowest-scored dimensions, worst first, as (area, dimension) codes."""
    area = report.instrument.area
    scored = sorted((d for d in report.dimensions if d.score is not None), key=lambda d: (d.score, d.id))
    return [(area, d.id) for d in scored[:n]]


def recommended_steps(report: Report, limit: int = NEXT_STEPS) -> list[registry.NextStep]:
    """What the registered recommenders (library, peers…) propose for the weakest dimensions;
    diagnosis does not know them, it only asks the registry."""
    return registry.next_steps(report.result.commune_code, weakest_dimensions(report), limit)


def report_pdf(report: Report, *, methodology_url: str = "", next_steps: list[Any] | None = None) -> bytes:
    """The report as a tagged A4 PDF (PDF/UA-1): a structure tree in reading order (headings,
    paragraphs, lists, tables with header cells), the document language, its title shown in
    the viewer's title bar, and the chart as a figure whose alternative text says what it shows
    (the table before it carries the same numbers). Drawn by WeasyPrint from an HTML template
    close to the results page. Deterministic for the same data (a fixed identifier derived from
    the content, no creation date), so it can be cached and compared."""
    import hashlib

    from django.template.loader import render_to_string
    from django.utils.translation import get_language
    from weasyprint import HTML

    p = report.participation
    scene = chart_scene(report, groups=("nation",))
    chart = charts.to_svg(scene, dom_id="grafico")
    nation = report.group("nation")
    lang = get_language() or "es"
    context = {
        "report": report,
        "p": p,
        "lang": "es-CL" if lang.startswith("es") else lang,
        "org_name": getattr(p.organization, "name", "") or p.commune_name,
        "submitted": _when(p.submitted_at or report.result.computed_at),
        "overall": charts.num(report.overall),
        "nation": nation if nation and nation.shown and nation.overall_mean is not None else None,
        "nation_mean": charts.num(nation.overall_mean) if nation else "",
        "nation_percentile": charts.num(nation.overall_percentile, 0) if nation else "",
        "rows": [
            {
                "d": d,
                "score": charts.num(d.score),
                "peers": [
                    {"shown": c.shown, "mean": charts.num(c.mean), "percentile": charts.num(c.percentile, 0)}
                    for c in d.peers
                ],
            }
            for d in report.dimensions
        ],
        "group_means": [{"g": g, "mean": charts.num(g.overall_mean)} for g in report.groups],
        "strengths": [(d.title, f"{charts.num(d.score)} ({d.delta_text})") for d in report.strengths],
        "gaps": [(d.title, f"{charts.num(d.score)} ({d.delta_text})") for d in report.gaps],
        "steps": [d for d in report.gaps if d.recommendation] + report.other_steps,
        "chart_src": "data:image/svg+xml;base64," + base64.b64encode(chart.encode()).decode(),
        "chart_alt": f"{scene.title}. {scene.desc}",
        "chart_width": scene.width,
        "methodology_url": methodology_url,
        # (title, absolute url, kind, reason): links printed in full, a PDF may end up on paper.
        "next_steps": next_steps or [],
    }
    html = render_to_string("diagnosis/report_pdf.html", context)
    # The embedded font subsets carry a "modified" time; fontTools takes it from
    # SOURCE_DATE_EPOCH (reproducible builds) when set, so a report's bytes do not change each second.
    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")
    identifier = hashlib.sha256(html.encode()).hexdigest()[:32].encode()
    return HTML(string=html, base_url=None).write_pdf(  # type: ignore[no-any-return]
        pdf_variant="pdf/ua-1", pdf_identifier=identifier
    )
