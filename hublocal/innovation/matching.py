"""Explainable matching between challenges and catalogue solutions.

The ranking itself is `solutions.index.Index.match` (pure, benchmarked in bench/matching.py);
this module feeds it a challenge's terms, area and municipality typology, and turns the hit's
components into sentences a municipal official or a startup can read.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hublocal.core import spanish
from hublocal.core.areas import Area
from hublocal.solutions import selectors as solution_selectors
from hublocal.territory.selectors import Typology

from .models import CallStatus, Challenge, ChallengeStatus

# Ranking one challenge against 50,000 solutions takes 20–50 ms of CPU; the hits only change
# when the challenge's terms change or a new index is built (its build id), so they are kept
# in the shared cache under both and computed once for every process. A day bounds the
# space taken by challenges nobody opens again.
_HITS_TIMEOUT = 24 * 3600

# How many shared concepts a reason names; the full list stays in `shared_terms`.
_REASON_TERMS = 4
_SHARED_TERMS = 8


@dataclass(frozen=True)
class SolutionMatch:
    solution: Any
    score: int
    reasons: list[str]
    shared_terms: list[str]


@dataclass(frozen=True)
class ChallengeMatch:
    challenge: Challenge
    score: int
    reasons: list[str]
    shared_terms: list[str]
    # The startup's solution that fits the challenge best.
    solution: Any


def challenge_texts(challenge: Challenge) -> tuple[str, ...]:
    """The fields that describe the problem (what Challenge.terms is built from)."""
    return (
        challenge.title,
        challenge.problem,
        challenge.affected,
        challenge.current_process,
        challenge.constraints,
        challenge.success,
    )


def _query_terms(challenge: Challenge) -> list[str]:
    return list(challenge.terms) if challenge.terms else spanish.document_terms(*challenge_texts(challenge))


def _typology(challenge: Challenge) -> str:
    commune = getattr(challenge.owner, "commune", None)
    return getattr(commune, "typology", "") or ""


def _readable(terms: tuple[str, ...], display: dict[str, str]) -> list[str]:
    """Readable forms of the shared terms, each once (two stems may read the same)."""
    out: list[str] = []
    for term in terms:
        text = display.get(term) or spanish.concept_label(term) or term
        if text not in out:
            out.append(text)
        if len(out) == _SHARED_TERMS:
            break
    return out


def _reasons(hit: Any, shared: list[str], area: str, typology: str) -> list[str]:
    reasons = []
    if shared:
        reasons.append(_("Comparten los conceptos: %(terms)s") % {"terms": ", ".join(shared[:_REASON_TERMS])})
    if hit.same_area:
        reasons.append(_("Misma área prioritaria: %(area)s") % {"area": Area(area).label})
    if hit.typology_listed:
        label = dict(Typology.choices).get(typology, typology)
        reasons.append(_("Pensada para municipios de tipología %(typology)s") % {"typology": str(label).lower()})
    elif hit.serves_any_typology:
        reasons.append(_("Ofrecida a municipios de todas las tipologías"))
    if hit.pilots_done:
        reasons.append(
            ngettext(
                "%(n)s piloto previo en municipios",
                "%(n)s pilotos previos en municipios",
                hit.pilots_done,
            )
            % {"n": hit.pilots_done}
        )
    return reasons


def matching_pending() -> bool:
    """Whether the matcher has no index yet (right after a deployment, before the task queue's
    first build): the pages then say the recommendations are being prepared instead of "nothing
    fits", which would be false."""
    return bool(getattr(solution_selectors.catalogue_index(), "pending", False))


def _hits_key(index: Any, terms: Any, area: str, typology: str, limit: int, organization_id: int | None) -> str:
    raw = repr((tuple(terms), area, typology, limit, organization_id))
    return f"match:{index.build_id}:{hashlib.sha256(raw.encode()).hexdigest()[:40]}"


def _hits(index: Any, challenges: list[Challenge], *, limit: int, organization_id: int | None = None) -> list[Any]:
    """`index.match` for each challenge, from the shared cache when this build already ranked the
    same terms, area and typology (one cache round trip for all of them). The key is made of
    the ranking's inputs, so an edited or re-analysed challenge is simply a new key."""
    wanted = [(c, _query_terms(c), _typology(c)) for c in challenges]
    keys: list[str | None] = [
        None if index.build_id is None else _hits_key(index, terms, c.area, typology, limit, organization_id)
        for c, terms, typology in wanted
    ]  # no build id: an index built for one request only (tests without a catalogue version)
    found = cache.get_many([k for k in keys if k]) if any(keys) else {}
    result, fresh = [], {}
    for (challenge, terms, typology), key in zip(wanted, keys, strict=True):
        hits = found.get(key) if key else None
        if hits is None:
            hits = index.match(
                terms, area=challenge.area, typology=typology, limit=limit, organization_id=organization_id
            )
            if key:
                fresh[key] = hits
        result.append(hits)
    if fresh:
        cache.set_many(fresh, _HITS_TIMEOUT)
    return result


def matches_for_challenge(*, challenge: Challenge, limit: int = 10) -> list[SolutionMatch]:
    """The published solutions that best fit a challenge, best first, each with its reasons.
    Queries: the catalogue version (plus a rebuild when the catalogue changed) and one for the
    solutions shown; the challenge should come with owner__commune loaded (challenge_get does)."""
    index = solution_selectors.catalogue_index()
    typology = _typology(challenge)
    hits = _hits(index, [challenge], limit=limit)[0]
    if not hits:
        return []
    solutions = solution_selectors.solutions_by_ids(ids=[hit.solution_id for hit in hits])
    display = spanish.display_forms(*challenge_texts(challenge))
    matches = []
    for hit in hits:
        solution = solutions.get(hit.solution_id)
        if solution is None or not solution.is_published:
            continue  # unpublished since the index was built; the next call rebuilds it
        shared = _readable(hit.shared_terms, display)
        matches.append(
            SolutionMatch(
                solution=solution,
                score=hit.score,
                reasons=_reasons(hit, shared, challenge.area, typology),
                shared_terms=shared,
            )
        )
    return matches


def open_challenges_for_matching() -> list[Challenge]:
    """Published challenges in a call that is open now (what a startup may still apply to)."""
    now = timezone.now()
    return list(
        Challenge.objects.filter(
            status=ChallengeStatus.PUBLISHED,
            call__status=CallStatus.PUBLISHED,
            call__opens_at__lte=now,
            call__closes_at__gt=now,
        )
        .select_related("owner", "owner__commune", "call")
        .order_by("pk")
    )


def matches_for_startup(*, organization: Any, limit: int = 10) -> list[ChallengeMatch]:
    """The open challenges that best fit one of the organisation's published solutions, best
    first, each with the solution that fits it best. Queries: the catalogue version, the open
    challenges, and one for the solutions shown, whatever the number of challenges."""
    index = solution_selectors.catalogue_index()
    if not index.by_organization.get(organization.pk):
        return []
    best = []
    challenges = open_challenges_for_matching()
    for challenge, hits in zip(
        challenges, _hits(index, challenges, limit=1, organization_id=organization.pk), strict=True
    ):
        if hits:
            best.append((hits[0].score, -challenge.pk, challenge, hits[0], _typology(challenge)))
    best.sort(key=lambda item: item[:2], reverse=True)
    best = best[:limit]
    solutions = solution_selectors.solutions_by_ids(ids=[item[3].solution_id for item in best])
    matches = []
    for score, _order, challenge, hit, typology in best:
        solution = solutions.get(hit.solution_id)
        if solution is None or not solution.is_published:
            continue
        shared = _readable(hit.shared_terms, spanish.display_forms(*challenge_texts(challenge)))
        matches.append(
            ChallengeMatch(
                challenge=challenge,
                score=score,
                reasons=_reasons(hit, shared, challenge.area, typology),
                shared_terms=shared,
                solution=solution,
            )
        )
    return matches
