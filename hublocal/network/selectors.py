"""Network reads: the units with products and relations, the units map laid out for an SVG
graph, and the roadmap's stages with their evidence (also summarised for the about page)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch

from .models import Evidence, Relation, Stage, StageStatus, Unit


def units() -> list[Unit]:
    return list(
        Unit.objects.prefetch_related(
            "products",
            Prefetch("relations_out", queryset=Relation.objects.select_related("target")),
        )
    )


def unit_count() -> int:
    return Unit.objects.count()


@dataclass(frozen=True)
class Node:
    unit: Unit
    x: float
    y: float


@dataclass(frozen=True)
class Edge:
    relation: Relation
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True)
class UnitsMap:
    nodes: list[Node]
    edges: list[Edge]
    width: int
    height: int


def units_map(unit_list: list[Unit]) -> UnitsMap:
    """The units on a circle (the hub in the middle of the picture), with a line per relation.
    A fixed, deterministic layout: the same data always draws the same map, and the table beside
    it says everything the picture says."""
    width, height, radius = 640, 440, 170
    cx, cy = width / 2, height / 2
    n = max(len(unit_list), 1)
    at: dict[int, tuple[float, float]] = {}
    nodes = []
    for i, unit in enumerate(unit_list):
        angle = -math.pi / 2 + 2 * math.pi * i / n
        x, y = round(cx + radius * math.cos(angle), 1), round(cy + radius * math.sin(angle), 1)
        at[unit.pk] = (x, y)
        nodes.append(Node(unit, x, y))
    edges = []
    for unit in unit_list:
        for rel in unit.relations_out.all():
            if rel.target_id in at:
                (x1, y1), (x2, y2) = at[unit.pk], at[rel.target_id]
                edges.append(Edge(rel, x1, y1, x2, y2))
    return UnitsMap(nodes, edges, width, height)


def stages() -> list[Stage]:
    return list(Stage.objects.prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("id"))))


def stage_get(*, pk: int) -> Stage | None:
    return Stage.objects.filter(pk=pk).first()


def roadmap_summary() -> list[dict[str, Any]]:
    """The stages for the about page: number, title, status in words (one query)."""
    return [
        {"number": s.number, "title": s.title, "status": s.status, "status_label": StageStatus(s.status).label}
        for s in Stage.objects.only("number", "title", "status")
    ]
