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

import io
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

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
    report: Report, *, groups: tuple[str, ...] = ("typology", "region", "nation"), width: float = 680
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
        title=_("Puntajes por dimensión de %(c)s") % {"c": report.participation.commune_name},
        desc=desc,
    )


# --- PDF --------------------------------------------------------------------------------------


def _when(dt: Any) -> str:
    return date_format(timezone.localtime(dt), "j \\d\\e F \\d\\e Y") if dt else "—"


def report_pdf(report: Report, *, methodology_url: str = "") -> bytes:
    """The report as an A4 PDF. Deterministic for the same data (reportlab's invariant mode:
    no creation date or random document id), so it can be cached and compared."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_LEFT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import (
        KeepTogether,
        ListFlowable,
        ListItem,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    p = report.participation
    styles = getSampleStyleSheet()
    body = ParagraphStyle(
        "body", parent=styles["BodyText"], fontName="Helvetica", fontSize=9.5, leading=13, alignment=TA_LEFT
    )
    small = ParagraphStyle("small", parent=body, fontSize=8, leading=10.5, textColor=colors.HexColor("#4a5568"))
    cell = ParagraphStyle("cell", parent=body, fontSize=8.5, leading=11)
    h1 = ParagraphStyle(
        "h1",
        parent=styles["Title"],
        fontName="Helvetica-Bold",
        fontSize=18,
        leading=22,
        alignment=TA_LEFT,
        textColor=colors.HexColor("#083a66"),
        spaceAfter=4,
    )
    h2 = ParagraphStyle(
        "h2",
        parent=styles["Heading2"],
        fontName="Helvetica-Bold",
        fontSize=12.5,
        leading=16,
        textColor=colors.HexColor("#083a66"),
        spaceBefore=10,
        spaceAfter=4,
    )

    def para(text: str, style: Any = body) -> Any:
        return Paragraph(escape(text), style)

    title = _("Reporte de diagnóstico: %(i)s") % {"i": report.instrument.title}
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=1.8 * cm,
        bottomMargin=1.8 * cm,
        title=f"{title} · {p.commune_name}",
        author="Hub Local",
        subject=p.campaign.name,
        creator="Hub Local",
        invariant=1,
        initialFontName="Helvetica",
        lang="es",
    )
    footer = f"Hub Local · {p.commune_name} · {report.instrument.title} ({report.version_label})"

    def on_page(canvas: Any, document: Any) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 7.5)
        canvas.setFillColor(colors.HexColor("#4a5568"))
        canvas.drawString(2 * cm, 1.1 * cm, footer)
        canvas.drawRightString(A4[0] - 2 * cm, 1.1 * cm, _("Página %(n)s") % {"n": document.page})
        canvas.restoreState()

    story: list[Any] = [para(title, h1)]
    org_name = getattr(p.organization, "name", "") or p.commune_name
    facts = [
        (_("Municipio"), f"{org_name} ({p.commune_name}, {p.commune_code})"),
        (_("Región"), report.region_name or "—"),
        (_("Tipología"), report.typology_label),
        (_("Campaña"), p.campaign.name),
        (_("Fecha de envío"), _when(p.submitted_at or report.result.computed_at)),
        (_("Versión del instrumento"), f"{report.instrument.title} · {report.version_label}"),
    ]
    facts_table = Table([[para(k, small), para(v, cell)] for k, v in facts], colWidths=[4.2 * cm, None])
    facts_table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    story += [facts_table, Spacer(1, 8)]
    overall = charts.num(report.overall)
    summary = _("Índice general: %(o)s de 100 · nivel %(l)s (%(n)s).") % {
        "o": overall,
        "l": report.level or "—",
        "n": report.level_name,
    }
    nation = report.group("nation")
    if nation and nation.shown and nation.overall_mean is not None:
        summary += " " + _("Media nacional de la campaña: %(m)s; percentil %(p)s.") % {
            "m": charts.num(nation.overall_mean),
            "p": charts.num(nation.overall_percentile, 0),
        }
    story.append(Paragraph(f"<b>{escape(summary)}</b>", body))

    story.append(para(_("Puntajes por dimensión"), h2))
    head = [_("Dimensión"), _("Puntaje"), _("Nivel")] + [
        g.label if g.shown else f"{g.label} (n={g.size})" for g in report.groups
    ]
    rows = [[Paragraph(f"<b>{escape(h)}</b>", cell) for h in head]]
    for d in report.dimensions:
        row = [para(d.title, cell), para(charts.num(d.score), cell), para(f"{d.level or '—'} · {d.level_name}", cell)]
        for peer in d.peers:
            if not peer.shown:
                row.append(para(_("grupo muy pequeño"), small))
            else:
                row.append(
                    para(
                        _("%(m)s (p. %(p)s)") % {"m": charts.num(peer.mean), "p": charts.num(peer.percentile, 0)}, cell
                    )
                )
        rows.append(row)
    rows.append(
        [
            Paragraph(f"<b>{escape(_('Índice general'))}</b>", cell),
            Paragraph(f"<b>{overall}</b>", cell),
            para(f"{report.level or '—'} · {report.level_name}", cell),
        ]
        + [
            para(charts.num(g.overall_mean) if g.shown else _("grupo muy pequeño"), cell if g.shown else small)
            for g in report.groups
        ]
    )
    widths = [5.0 * cm, 1.7 * cm, 2.4 * cm] + [None] * len(report.groups)
    scores = Table(rows, colWidths=widths, repeatRows=1)
    scores.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef2f7")),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.HexColor("#d5dbe3")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    story += [
        scores,
        Spacer(1, 6),
        para(
            _(
                "Medias de cada grupo y percentil del municipio en él (p.). Los grupos de menos de 3 municipios "
                "no se muestran para no identificar a ninguno."
            ),
            small,
        ),
    ]

    scene = chart_scene(report, groups=("nation",))
    frame_w = A4[0] - 4 * cm
    story += [
        para(_("Dimensiones frente a la media nacional"), h2),
        charts.to_drawing(scene, scale=min(1.0, frame_w / scene.width)),
    ]

    def bullets(items: list[tuple[str, str]]) -> Any:
        """(bold lead, text) items; both escaped here."""
        return ListFlowable(
            [
                ListItem(Paragraph(f"<b>{escape(lead)}</b>: {escape(text)}", body), leftIndent=10)
                for lead, text in items
            ],
            bulletType="bullet",
            start="•",
            leftIndent=10,
            bulletFontName="Helvetica",
        )

    ref = (
        (_("respecto de la media del grupo «%(g)s»") % {"g": report.reference.label})
        if report.reference
        else _("respecto del índice general del municipio")
    )
    if report.strengths:
        story.append(
            KeepTogether(
                [
                    para(_("Fortalezas"), h2),
                    para(_("Dimensiones más altas %(r)s.") % {"r": ref}, small),
                    bullets([(d.title, f"{charts.num(d.score)} ({d.delta_text})") for d in report.strengths]),
                ]
            )
        )
    if report.gaps:
        story.append(
            KeepTogether(
                [
                    para(_("Brechas"), h2),
                    para(_("Dimensiones más bajas %(r)s.") % {"r": ref}, small),
                    bullets([(d.title, f"{charts.num(d.score)} ({d.delta_text})") for d in report.gaps]),
                ]
            )
        )
    steps = [d for d in report.gaps if d.recommendation] + report.other_steps
    if steps:
        story.append(para(_("Próximos pasos recomendados"), h2))
        story.append(bullets([(d.title, d.recommendation) for d in steps]))
    story += [
        Spacer(1, 10),
        para(
            _("Puntajes calculados con el método publicado del instrumento %(v)s.") % {"v": report.version_label}
            + (" " + _("Metodología: %(u)s") % {"u": methodology_url} if methodology_url else ""),
            small,
        ),
    ]
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buffer.getvalue()
