"""Network reads: the units with products and relations, the units map laid out for an SVG
graph, and the roadmap's stages with their evidence (also summarised for the about page)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch

from hublocal.territory import selectors as territory_selectors

from .models import AmuchMembership, Evidence, InternationalNetwork, Relation, Stage, StageStatus, Unit
from .permissions import Action, can


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


# --- AMUCH membership and international networks ----------------------------------------------

# Ranks on the map: a commune that is an active member shows as such even if it is also in a network.
MAP_ACTIVE, MAP_SUSPENDED, MAP_FORMER, MAP_NETWORK = "active", "suspended", "former", "network"


def memberships() -> list[AmuchMembership]:
    """Every municipality's AMUCH membership with its commune, by name (one query)."""
    return list(
        AmuchMembership.objects.select_related("organization", "organization__commune").order_by("organization__name")
    )


def membership_for(*, organization_id: int) -> AmuchMembership | None:
    return AmuchMembership.objects.filter(organization_id=organization_id).first()


def networks() -> list[InternationalNetwork]:
    """The international networks with their countries and known municipalities (three queries)."""
    return list(
        InternationalNetwork.objects.prefetch_related(
            "countries", Prefetch("communes", queryset=territory_selectors.commune_list())
        )
    )


def network_get(*, slug: str) -> InternationalNetwork | None:
    return InternationalNetwork.objects.filter(slug=slug).prefetch_related("countries", "communes").first()


@dataclass(frozen=True)
class NetworkMap:
    shapes: list[Any]
    meta: dict[str, Any]
    statuses: dict[str, str]  # Chilean commune code -> MAP_* status


def network_map(*, member_list: list[AmuchMembership], network_list: list[InternationalNetwork]) -> NetworkMap:
    """The Chilean communes taking part: AMUCH members by status, then those only in a network."""
    statuses: dict[str, str] = {}
    for net in network_list:
        for commune in net.communes.all():
            statuses[commune.code] = MAP_NETWORK
    for m in member_list:
        home = m.organization.commune
        if home is not None:
            statuses[home.code] = m.status
    return NetworkMap(
        shapes=territory_selectors.chile_map_shapes(), meta=territory_selectors.chile_map_meta(), statuses=statuses
    )


def countries_taking_part(network_list: list[InternationalNetwork]) -> list[dict[str, Any]]:
    """Every country in some network, with the networks it belongs to, by country name."""
    out: dict[str, dict[str, Any]] = {}
    for net in network_list:
        for country in net.countries.all():
            row = out.setdefault(country.code, {"code": country.code, "name": country.name, "networks": []})
            row["networks"].append(net.name)
    return sorted(out.values(), key=lambda r: r["name"])


def profile_panel(*, commune_code: str, organization: Any, user: Any) -> dict[str, Any] | None:
    """The municipality page's "Membresía AMUCH" panel (one query); staff also see where to set it."""
    if organization is None:
        return None
    membership = membership_for(organization_id=organization.pk)
    can_edit = can(user, Action.EDIT_MEMBERSHIP)
    if membership is None and not can_edit:
        return None
    return {"membership": membership, "can_edit": can_edit, "organization": organization}


# --- Agreements as roadmap evidence (issue 14): an agreement linked to a stage through
# core.registry's agreement link kinds is shown on the roadmap as that stage's evidence.
STAGE_LINK_KIND = "network.stage"


def stages_for_agreement_links(ids: list[int]) -> dict[int, tuple[str, str]]:
    from django.urls import reverse

    url = reverse("network:roadmap")
    return {
        pk: (f"{number}. {title}", f"{url}#etapa-{number}")
        for pk, number, title in Stage.objects.filter(pk__in=ids).values_list("pk", "number", "title")
    }


def stages_for_agreement_choices(user: Any) -> list[tuple[int, str]]:
    """The roadmap is public: every stage may be cited."""
    return [(pk, f"{number}. {title}") for pk, number, title in Stage.objects.values_list("pk", "number", "title")]


def stage_agreements(stage_ids: list[int], *, user: Any) -> dict[int, list[Any]]:
    """{stage id: [agreements this person may see, cited as its evidence]} in two queries."""
    from hublocal.agreements import selectors as agreement_selectors

    return agreement_selectors.agreements_linked_to_many(STAGE_LINK_KIND, stage_ids, user=user)


def unit_get(*, slug: str) -> Unit | None:
    return Unit.objects.filter(slug=slug).first()
