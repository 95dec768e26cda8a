""" "Lo que funcionó en municipios como el mío": resources, finished pilots and replications of a
municipality's peers (diagnosis.neighbours), ranked, each with the reason in words.

The rank of an item is how close its municipality is (1 / (1 + distance)) plus what shows it
worked: a pilot's share of indicators met, a replication implemented with measured results (more
when a reviewer confirmed it), a resource's evidence level. A bounded number of queries whatever
the number of peers: one per kind of item, plus the cached peer computation."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hublocal.core.registry import NextStep
from hublocal.diagnosis import neighbours
from hublocal.directory import selectors as directory_selectors
from hublocal.library import selectors as library_selectors
from hublocal.pilots import selectors as pilots_selectors

from . import selectors
from .models import Status

DEFAULT_PEERS = 10


@dataclass
class Item:
    kind: str  # "resource" | "pilot" | "replication"
    kind_label: str
    title: str
    url: str
    peer_code: str
    peer_name: str
    reason: str
    score: float
    areas: list[str] = field(default_factory=list)
    replicate_url: str = ""  # where a municipality records that it replicates it


@dataclass
class Experience:
    peer_set: neighbours.PeerSet
    items: list[Item]
    organizations: dict[str, Any]  # commune code -> municipality organisation


def _join(parts: list[str]) -> str:
    return "; ".join(p for p in parts if p)


def experience(*, commune_code: str, k: int = DEFAULT_PEERS, limit: int = 15) -> Experience | None:
    """What worked in the k municipalities most like this one; None for an unknown commune."""
    peer_set = neighbours.peers(commune_code=commune_code, k=k)
    if peer_set is None:
        return None
    by_code = {p.code: p for p in peer_set.peers}
    closeness = {p.code: 1.0 / (1.0 + p.distance) for p in peer_set.peers}
    orgs = {o.commune.code: o for o in directory_selectors.municipalities(codes=list(by_code))}
    org_code = {o.pk: code for code, o in orgs.items()}
    items: list[Item] = []

    def peer_reason(code: str) -> list[str]:
        peer = by_code[code]
        return [peer.name + ": " + (_join(peer.reasons) or _("municipio cercano en el conjunto de datos"))]

    for pilot in pilots_selectors.finished_pilots_of_municipalities(organization_ids=list(org_code), limit=limit):
        code = org_code[pilot.agreement.municipality_id]
        n, met = pilot.n_indicators, pilot.n_met
        share = met / n if n else 0.0
        items.append(
            Item(
                kind="pilot",
                kind_label=_("Piloto"),
                title=pilot.title,
                url=reverse("pilots:pilot_detail", args=[pilot.pk]),
                peer_code=code,
                peer_name=by_code[code].name,
                reason=_join(
                    [
                        *peer_reason(code),
                        ngettext(
                            "piloto con %(met)d de %(n)d indicador cumplido",
                            "piloto con %(met)d de %(n)d indicadores cumplidos",
                            n,
                        )
                        % {"met": met, "n": n},
                    ]
                ),
                score=closeness[code] + share,
                areas=[pilot.agreement.challenge.area] if pilot.agreement.challenge_id else [],
                replicate_url=reverse("replications:replicate_pilot", args=[pilot.pk]),
            )
        )

    replications = [
        r
        for r in selectors.replication_list(commune="").filter(commune_code__in=list(by_code))[: limit * 2]
        if r.status != Status.ABANDONED
    ]
    targets = library_selectors.resources_public_by_ids(
        ids=[r.resource_id for r in replications if r.resource_id is not None]
    )
    for r in replications:
        resource = targets.get(r.resource_id) if r.resource_id is not None else None
        if r.resource_id is not None and resource is None:
            continue  # retired since: not something to reuse now
        worked = r.status == Status.IMPLEMENTED and r.n_results > 0
        parts = peer_reason(r.commune_code)
        if worked:
            parts.append(
                ngettext(
                    "replicación implementada con %(n)d resultado medido",
                    "replicación implementada con %(n)d resultados medidos",
                    r.n_results,
                )
                % {"n": r.n_results}
            )
            if r.confirmed_at:
                parts.append(_("confirmada por el Hub"))
        else:
            parts.append(_("replicación %(status)s") % {"status": r.get_status_display().lower()})
        target_url = (
            resource.get_absolute_url() if resource is not None else reverse("pilots:pilot_detail", args=[r.pilot_id])
        )
        items.append(
            Item(
                kind="replication",
                kind_label=_("Replicación"),
                title=r.target_title,
                url=target_url,
                peer_code=r.commune_code,
                peer_name=by_code[r.commune_code].name,
                reason=_join(parts),
                score=closeness[r.commune_code] + (0.8 if worked else 0.2) + (0.2 if r.confirmed_at else 0.0),
                areas=list(resource.areas) if resource is not None else [],
                replicate_url=reverse("replications:replicate_resource", args=[r.resource_id])
                if r.resource_id is not None
                else reverse("replications:replicate_pilot", args=[r.pilot_id]),
            )
        )

    for resource in library_selectors.resources_by_organizations(organization_ids=list(org_code), limit=limit):
        code = org_code.get(resource.organization_id)
        if code is None:
            # Co-authored by a peer (the library lists its authors on the version): which one is
            # not in the resource row, so the reason says so without naming it.
            parts = [_("coautoría de un municipio parecido")]
            closeness_of = sum(closeness.values()) / len(closeness) if closeness else 0.0
            peer_name = ""
        else:
            parts = peer_reason(code)
            closeness_of = closeness[code]
            peer_name = by_code[code].name
        if resource.evidence_level:
            parts.append(_("nivel de evidencia %(n)d de 5") % {"n": resource.evidence_level})
        items.append(
            Item(
                kind="resource",
                kind_label=resource.kind_label,
                title=resource.title,
                url=resource.get_absolute_url(),
                peer_code=code or "",
                peer_name=peer_name,
                reason=_join(parts),
                score=closeness_of + resource.evidence_level / 5.0,
                areas=list(resource.areas),
                replicate_url=reverse("replications:replicate_resource", args=[resource.pk]),
            )
        )
    items.sort(key=lambda i: (-i.score, i.title))
    return Experience(peer_set=peer_set, items=items[:limit], organizations=orgs)


# At most this share of the next steps comes from peers, so the resources mapped to each weak
# dimension (the library's recommender) keep their place beside them.
PEER_SHARE = 3


def recommend(commune_code: str, dimensions: list[tuple[str, str]], limit: int) -> list[NextStep]:
    """The "peers" next-steps recommender (core.registry): what worked in peer municipalities
    in the areas of the weakest dimensions. An item addresses an area, not one dimension, so it
    is filed under the weakest dimension of its area."""
    found = experience(commune_code=commune_code, limit=max(limit * 3, 15))
    if found is None:
        return []
    worst_of_area: dict[str, str] = {}
    for area, dim in dimensions:
        worst_of_area.setdefault(area, dim)
    out: list[NextStep] = []
    for item in found.items:
        shared = [a for a in worst_of_area if a in item.areas]
        if not shared:
            continue
        out.append(
            NextStep(
                title=item.title,
                url=item.url,
                kind=_("%(kind)s en un municipio como el suyo") % {"kind": item.kind_label},
                reason=item.reason,
                area=shared[0],
                dimension=worst_of_area[shared[0]],
                score=item.score,
            )
        )
        if len(out) >= max(1, limit // PEER_SHARE):
            break
    return out


PANEL_ITEMS = 5


def profile_panel(*, commune_code: str, organization: Any, user: Any) -> dict[str, Any] | None:
    """The municipality profile's "lo que funcionó en municipios como este" section, with the
    municipality's own replications."""
    found = experience(commune_code=commune_code, limit=PANEL_ITEMS)
    own = selectors.replications_of_municipality(organization_id=organization.pk) if organization else []
    if (found is None or not found.items) and not own:
        return None
    return {
        "items": found.items if found else [],
        "peers": found.peer_set.peers[:5] if found else [],
        "own": own[:10],
        "code": commune_code,
    }


# --- Next steps for the municipality's own weakest dimensions (issue 13, item 9) ----------------
# Besides what worked for its peers (resources, pilots, replications: the page's items already),
# the page recommends training programmes and technical assistance for the weakest dimensions of
# the municipality's latest published diagnosis, through the same registry as the results page.
# Only those two recommenders: the library's and the peers' would repeat the page (and its queries).
OWN_STEP_KEYS = ("training", "assistance")

WEAKEST = 3
NEXT_STEPS = 6


def weakest_dimensions(*, commune_code: str, n: int = WEAKEST) -> list[tuple[str, str]]:
    """The n lowest-scored dimensions across the latest published result of each instrument,
    worst first, as (area, dimension) codes; [] without a published diagnosis. One query."""
    from hublocal.diagnosis import selectors as diagnosis_selectors

    scored: list[tuple[float, str, str]] = []
    for result in diagnosis_selectors.latest_public_results_for_commune(commune_code=commune_code):
        area = result.instrument_version.area
        for dim, score in (result.dimensions or {}).items():
            if isinstance(score, int | float):
                scored.append((float(score), area, dim))
    scored.sort()
    return [(area, dim) for _score, area, dim in scored[:n]]


def own_next_steps(*, commune_code: str, limit: int = NEXT_STEPS) -> list[NextStep]:
    """Programmes and assistance for the weakest dimensions (two queries at most)."""
    from hublocal.core import registry

    dimensions = weakest_dimensions(commune_code=commune_code)
    if not dimensions:
        return []
    return registry.next_steps(commune_code, dimensions, limit, keys=OWN_STEP_KEYS)
