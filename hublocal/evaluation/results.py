"""Reads of the results framework and the annual report: progress of every objective and result
(from an indicator's latest snapshot against the year's target, or from milestones), its history
over the snapshot dates, and everything the annual report shows. A fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from hublocal.core import registry

from . import definitions, selectors
from .models import AnnualReport, IndicatorSnapshot, IndicatorTarget, Milestone, ResultNode

HISTORY_POINTS = 8  # the last dates shown: a table that fits a phone


def measure_progress(value: float | None, target: float | None) -> float | None:
    """Value against target in % (capped at 100). No figure or no target: unknown (None). A
    target of 0 commits to nothing, so any figure meets it."""
    if value is None or target is None:
        return None
    if target <= 0:
        return 100.0
    return round(min(100.0, 100 * value / target), 1)


def milestone_progress(milestones: list[Milestone], at: date | None = None) -> float | None:
    """Weight of the milestones done (by `at`, when given) over the total weight; no milestones:
    unknown (None)."""
    total = sum(m.weight for m in milestones if m.weight > 0)
    if not milestones or total <= 0:
        return None
    done = sum(m.weight for m in milestones if m.weight > 0 and m.done_on and (at is None or m.done_on <= at))
    return round(100 * done / total, 1)


@dataclass
class NodeView:
    node: ResultNode
    progress: float | None
    basis: str  # "indicator" | "milestones" | "results" | ""
    value: float | None = None
    target: float | None = None
    measure_name: str = ""
    milestones: list[Milestone] = field(default_factory=list)
    children: list[NodeView] = field(default_factory=list)
    history: list[float | None] = field(default_factory=list)


def _mean(values: list[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return round(sum(known) / len(known), 1) if known else None


def node_queryset(year: int) -> QuerySet[ResultNode]:
    return (
        ResultNode.objects.filter(year=year)
        .select_related("responsible_org")
        .prefetch_related(Prefetch("milestones", queryset=Milestone.objects.order_by("due_on", "pk")))
        .order_by("order", "pk")
    )


def framework(*, year: int) -> tuple[list[NodeView], list[date]]:
    """The objectives of `year` with their results, progress and history (at most HISTORY_POINTS
    dates: the snapshot dates of the year and the milestones' completion dates). Four queries."""
    nodes = list(node_queryset(year))
    keys = sorted({n.measure_key for n in nodes if n.measure_key})
    goal = dict(IndicatorTarget.objects.filter(year=year, measure_key__in=keys).values_list("measure_key", "value"))
    points: dict[str, list[tuple[date, float | None]]] = {k: [] for k in keys}
    for key, on, value in (
        IndicatorSnapshot.objects.filter(year=year, measure_key__in=keys)
        .order_by("computed_on")
        .values_list("measure_key", "computed_on", "value")
    ):
        points[key].append((on, value))
    dates = sorted(
        {on for pts in points.values() for on, _v in pts}
        | {m.done_on for n in nodes for m in n.milestones.all() if m.done_on}
    )[-HISTORY_POINTS:]
    names = {k: m.name for k, m in definitions.measures().items()}

    def at(key: str, day: date | None) -> float | None:
        value = None
        for on, v in points.get(key, []):
            if day is None or on <= day:
                value = v
        return value

    def view(node: ResultNode, children: list[NodeView]) -> NodeView:
        milestones = list(node.milestones.all())
        if node.measure_key:
            value, target = at(node.measure_key, None), goal.get(node.measure_key)
            history = [measure_progress(at(node.measure_key, d), target) for d in dates]
            return NodeView(
                node, measure_progress(value, target), "indicator", value, target,
                names.get(node.measure_key, node.measure_key), milestones, children, history,
            )  # fmt: skip
        if milestones:
            history = [milestone_progress(milestones, d) for d in dates]
            return NodeView(
                node, milestone_progress(milestones), "milestones", None, None, "", milestones, children, history
            )
        if children:
            history = [_mean([c.history[i] for c in children]) for i in range(len(dates))]
            return NodeView(node, _mean([c.progress for c in children]), "results", children=children, history=history)
        return NodeView(node, None, "", history=[None for _d in dates])

    by_parent: dict[int, list[ResultNode]] = {}
    for n in nodes:
        if n.parent_id:
            by_parent.setdefault(n.parent_id, []).append(n)
    out = []
    for n in nodes:
        if n.parent_id is None:
            out.append(view(n, [view(c, []) for c in by_parent.get(n.pk, [])]))
    return out, dates


def framework_years() -> list[int]:
    return sorted(ResultNode.objects.order_by().values_list("year", flat=True).distinct(), reverse=True)


def node_get(pk: int) -> ResultNode | None:
    if not 0 < pk < 2**31:
        return None
    return ResultNode.objects.filter(pk=pk).select_related("responsible_org", "parent").first()


def milestone_get(pk: int) -> Milestone | None:
    if not 0 < pk < 2**31:
        return None
    return Milestone.objects.filter(pk=pk).select_related("node").first()


def objectives(year: int | None = None) -> QuerySet[ResultNode]:
    qs = ResultNode.objects.filter(kind=ResultNode.Kind.OBJECTIVE)
    return qs.filter(year=year) if year else qs


# ------------------------------------------------------------------------------- annual report
def report_get(year: int) -> AnnualReport | None:
    return AnnualReport.objects.filter(year=year).first()


def frozen_reports() -> QuerySet[AnnualReport]:
    return AnnualReport.objects.filter(frozen_at__isnull=False).defer("data").order_by("-year")


def _node_data(v: NodeView) -> dict[str, Any]:
    n = v.node
    return {
        "kind": n.kind,
        "title": n.title,
        "description": n.description,
        "responsible": n.responsible,
        "starts_on": n.starts_on.isoformat(),
        "ends_on": n.ends_on.isoformat(),
        "basis": v.basis,
        "measure": v.measure_name,
        "value": v.value,
        "target": v.target,
        "progress": v.progress,
        "milestones": [
            {
                "title": m.title,
                "weight": m.weight,
                "due_on": m.due_on.isoformat(),
                "done_on": m.done_on.isoformat() if m.done_on else None,
                "evidence_url": m.evidence_url,
            }
            for m in v.milestones
        ],  # fmt: skip
        "children": [_node_data(c) for c in v.children],
    }


def report_data(*, year: int, highlights: str) -> dict[str, Any]:
    """Everything the annual report of `year` shows, as JSON: what freezing stores and the only
    thing a frozen report reads."""
    figures, computed_on = selectors.dashboard(year=year, filters={"typology": "", "region": "", "country": ""})
    tree, _dates = framework(year=year)
    sections = []
    for s in registry.report_sections():
        context = s.context(year)
        if context is not None:
            sections.append({"key": s.key, "title": str(s.title), "template_name": s.template_name, "context": context})
    return {
        "year": year,
        "generated_at": timezone.now().isoformat(),
        "computed_on": computed_on.isoformat() if computed_on else None,
        "highlights": highlights,
        "indicators": [
            {
                "name": ind.indicator.name,
                "measures": [
                    {
                        "key": mf.measure.key,
                        "name": mf.measure.name,
                        "unit": mf.measure.unit,
                        "value": mf.value,
                        "target": mf.target,
                        "progress": mf.progress,
                    }
                    for mf in ind.measures
                ],  # fmt: skip
            }
            for ind in figures
        ],
        "results": [_node_data(v) for v in tree],
        "sections": sections,
    }
