"""The matcher's in-memory index of the published catalogue.

`Index` is pure Python over plain documents (no database), so the benchmark in
`bench/matching.py` ranks exactly as the site does: `Index.from_documents(...)`.
`catalogue_index()` keeps one Index per process, built from `Solution.terms` (analysed when each
solution is saved) and rebuilt only when `CatalogueVersion` says the catalogue changed.

Scoring, 0–100 (`Index.match`):
- text relevance (70): BM25 of the challenge's terms against the solution's, relative to the score
  of a solution that would contain each of the challenge's terms once (`_TEXT_FULL` of it counts as
  a full match: a real solution never covers a whole challenge text);
- same priority area (12);
- typology fit (10): the challenge municipality's typology is among those the solution says it
  serves, or the solution serves all (empty list); half when the municipality is unclassified;
- track record (8): pilots already done, saturating at `_TRACK_FULL`.
Only solutions sharing at least one term with the challenge are candidates, so area, typology
and experience reorder relevant solutions but never bring in unrelated ones.
"""

from __future__ import annotations

import heapq
import math
import threading
import uuid
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple, TypeGuard

from django.core.cache import cache

from hublocal.core import spanish

from .models import CatalogueVersion, Solution

# BM25 parameters (Robertson/Zaragoza defaults); _K3 saturates repeated terms of the query, so
# a challenge that says "residuos" ten times does not drown its other concepts.
_K1 = 1.2
_B = 0.75
_K3 = 1.5

WEIGHT_TEXT = 70
WEIGHT_AREA = 12
WEIGHT_TYPOLOGY = 10
WEIGHT_TRACK = 8
_TEXT_FULL = 0.35
_TRACK_FULL = 5
_MAX_BONUS = WEIGHT_AREA + WEIGHT_TYPOLOGY + WEIGHT_TRACK
# Below this relevance a candidate shares only incidental words with the challenge.
MIN_RELEVANCE = 0.03

UNCLASSIFIED = frozenset({"", "sin_clasificar"})


class TypologyFit:
    LISTED = "listed"  # the solution names the municipality's typology
    ANY = "any"  # the solution serves every typology
    OTHER = "other"  # the solution names other typologies only
    UNKNOWN = "unknown"  # the municipality has no typology yet


@dataclass(frozen=True)
class Document:
    id: int
    terms: Sequence[str]
    area: str = ""
    typologies: Sequence[str] = ()
    pilots_done: int = 0
    organization_id: int | None = None


class SearchHit(NamedTuple):
    solution_id: int
    score: float


@dataclass(frozen=True)
class MatchHit:
    solution_id: int
    organization_id: int | None
    score: int
    relevance: float
    same_area: bool
    typology_fit: str
    pilots_done: int
    # Terms the challenge and the solution share, the most decisive first.
    shared_terms: tuple[str, ...] = field(default=())

    @property
    def typology_listed(self) -> bool:
        return self.typology_fit == TypologyFit.LISTED

    @property
    def serves_any_typology(self) -> bool:
        return self.typology_fit == TypologyFit.ANY


class Index:
    """Inverted index: term → (document positions ascending, precomputed BM25 term weights)."""

    def __init__(self) -> None:
        self.ids: list[int] = []
        self.areas: list[str] = []
        self.typologies: list[frozenset[str]] = []
        self.pilots: list[int] = []
        self.organizations: list[int | None] = []
        self.postings: dict[str, tuple[array, array]] = {}
        self.by_organization: dict[int, list[int]] = {}
        self.position: dict[int, int] = {}
        self.average_length = 0.0
        self.version: int | None = None
        self.generation: str | None = None

    def __len__(self) -> int:
        return len(self.ids)

    # --- building -----------------------------------------------------------------------------

    @classmethod
    def from_documents(cls, documents: Iterable[Document]) -> Index:
        return cls.from_rows((d.id, d.terms, d.area, d.typologies, d.pilots_done, d.organization_id) for d in documents)

    @classmethod
    def from_rows(cls, rows: Iterable[tuple]) -> Index:
        """Rows of (id, terms, area, typologies, pilots_done, organization_id), as the database
        gives them; one pass, no model objects."""
        index = cls()
        raw: dict[str, tuple[array, array]] = {}
        lengths = array("i")
        typology_sets: dict[tuple[str, ...], frozenset[str]] = {}
        for solution_id, terms, area, typologies, pilots_done, organization_id in rows:
            position = len(index.ids)
            index.ids.append(solution_id)
            index.position[solution_id] = position
            index.areas.append(area or "")
            key = tuple(sorted(typologies or ()))
            index.typologies.append(typology_sets.setdefault(key, frozenset(key)))
            index.pilots.append(int(pilots_done or 0))
            index.organizations.append(organization_id)
            if organization_id is not None:
                index.by_organization.setdefault(organization_id, []).append(position)
            terms = terms or []
            lengths.append(len(terms))
            for term, tf in Counter(terms).items():
                entry = raw.get(term)
                if entry is None:
                    entry = raw[term] = (array("i"), array("H"))
                entry[0].append(position)
                entry[1].append(min(tf, 65535))
        count = len(index.ids)
        index.average_length = (sum(lengths) / count) if count else 0.0
        average = index.average_length or 1.0
        norms = [_K1 * (1 - _B + _B * length / average) for length in lengths]
        scale = _K1 + 1
        for term, (positions, tfs) in raw.items():
            weights = array("f", [tf * scale / (tf + norms[p]) for p, tf in zip(positions, tfs, strict=True)])
            index.postings[term] = (positions, weights)
        return index

    # --- scoring ------------------------------------------------------------------------------

    def idf(self, term: str) -> float:
        entry = self.postings.get(term)
        if entry is None:
            return 0.0
        df = len(entry[0])
        return math.log(1 + (len(self.ids) - df + 0.5) / (df + 0.5))

    def query_weights(self, terms: Iterable[str]) -> dict[str, float]:
        """idf × saturated query frequency, for the query terms present in the catalogue."""
        weights = {}
        for term, qtf in Counter(terms).items():
            if term in self.postings:
                weights[term] = self.idf(term) * qtf * (_K3 + 1) / (qtf + _K3)
        return weights

    def _bm25_all(self, weights: dict[str, float]) -> list[float]:
        """BM25 of every document, term at a time (0.0 for documents sharing no term)."""
        scores = [0.0] * len(self.ids)
        for term, qw in weights.items():
            positions, term_weights = self.postings[term]
            for p, w in zip(positions, term_weights):  # noqa: B905 (same length by construction; hot loop)
                scores[p] += qw * w
        return scores

    def _bm25_some(self, weights: dict[str, float], positions: Sequence[int]) -> dict[int, float]:
        """BM25 for a few documents (a startup's solutions): binary search in each posting list."""
        scores = dict.fromkeys(positions, 0.0)
        for term, qw in weights.items():
            term_positions, term_weights = self.postings[term]
            size = len(term_positions)
            for p in positions:
                i = bisect_left(term_positions, p)
                if i < size and term_positions[i] == p:
                    scores[p] += qw * term_weights[i]
        return scores

    def shared_terms(self, weights: dict[str, float], position: int) -> tuple[str, ...]:
        contributions = []
        for term, qw in weights.items():
            term_positions, term_weights = self.postings[term]
            i = bisect_left(term_positions, position)
            if i < len(term_positions) and term_positions[i] == position:
                contributions.append((-(qw * term_weights[i]), term))
        contributions.sort()
        return tuple(term for _, term in contributions)

    def match(
        self,
        query_terms: Sequence[str],
        *,
        area: str = "",
        typology: str = "",
        limit: int = 10,
        organization_id: int | None = None,
    ) -> list[MatchHit]:
        """The `limit` best solutions for a challenge's terms (optionally only those of one
        organisation), best first; ties broken by solution id for a stable order."""
        weights = self.query_weights(query_terms)
        if not weights or limit <= 0:
            return []
        ideal = sum(weights.values()) * _TEXT_FULL
        floor = MIN_RELEVANCE * ideal
        bm25: list[float] | dict[int, float]
        if organization_id is None:
            bm25 = self._bm25_all(weights)
            universe: Sequence[int] = range(len(bm25))
            values: Iterable[float] = bm25
        else:
            bm25 = self._bm25_some(weights, self.by_organization.get(organization_id, []))
            universe = list(bm25)
            values = bm25.values()
        typology = "" if typology in UNCLASSIFIED else typology
        fits: dict[frozenset[str], tuple[float, str]] = {}
        ranked: list[tuple[float, int, int, float, str]] = []

        def add(p: int) -> None:
            relevance = min(1.0, bm25[p] / ideal)
            typologies = self.typologies[p]
            fit = fits.get(typologies)
            if fit is None:
                fit = fits[typologies] = _typology_fit(typologies, typology)
            total = (
                WEIGHT_TEXT * relevance
                + (WEIGHT_AREA if area and self.areas[p] == area else 0)
                + fit[0]
                + WEIGHT_TRACK * min(self.pilots[p], _TRACK_FULL) / _TRACK_FULL
            )
            ranked.append((total, -self.ids[p], p, relevance, fit[1]))

        # Exact top `limit` without composing the score of every document: compose it for the
        # best ones by BM25 first (the seed); their last place sets the BM25 below which no other
        # document could overtake it even with every bonus (at most _MAX_BONUS points); compose
        # it then only for the documents between that bar and the seed.
        top_values = heapq.nlargest(max(limit * 8, 64), values)
        if not top_values:
            return []
        cutoff = max(top_values[-1], floor)
        for p in [p for p in universe if bm25[p] >= cutoff]:
            add(p)
        if len(ranked) >= limit and cutoff > floor:
            last_place = heapq.nlargest(limit, ranked)[-1][0]
            bar = max(floor, (last_place - _MAX_BONUS) / WEIGHT_TEXT * ideal)
            if bar < cutoff:
                for p in [p for p in universe if bar <= bm25[p] < cutoff]:
                    add(p)
        best = heapq.nlargest(limit, ranked)
        return [
            MatchHit(
                solution_id=self.ids[p],
                organization_id=self.organizations[p],
                score=round(total),
                relevance=relevance,
                same_area=bool(area) and self.areas[p] == area,
                typology_fit=fit,
                pilots_done=self.pilots[p],
                shared_terms=self.shared_terms(weights, p),
            )
            for total, _, p, relevance, fit in best
        ]

    def search(self, text: str, *, limit: int = 50, area: str | None = None) -> list[SearchHit]:
        """The catalogue search box: BM25 of the analysed query, best first."""
        return self.search_terms(spanish.analyze(text), limit=limit, area=area)

    def search_terms(self, terms: Sequence[str], *, limit: int = 50, area: str | None = None) -> list[SearchHit]:
        """BM25 alone over already analysed terms (no area, typology or track record)."""
        weights = self.query_weights(terms)
        if not weights or limit <= 0:
            return []
        scores = self._bm25_all(weights)
        candidates = [p for p, score in enumerate(scores) if score and (not area or self.areas[p] == area)]
        best = heapq.nlargest(limit, candidates, key=lambda p: (scores[p], -self.ids[p]))
        return [SearchHit(self.ids[p], round(scores[p], 4)) for p in best]


def _typology_fit(typologies: frozenset[str], typology: str) -> tuple[float, str]:
    if not typologies:
        return float(WEIGHT_TYPOLOGY), TypologyFit.ANY
    if not typology:
        return WEIGHT_TYPOLOGY / 2, TypologyFit.UNKNOWN
    if typology in typologies:
        return float(WEIGHT_TYPOLOGY), TypologyFit.LISTED
    return 0.0, TypologyFit.OTHER


# --- the process-wide catalogue index -------------------------------------------------------------

_lock = threading.Lock()
_current: Index | None = None
# A marker in the shared cache: version numbers can repeat when a transaction that bumped them is
# rolled back (every test does), so an index is current only for its (version, generation) pair.
# Clearing the cache starts a new generation and every process rebuilds once.
_GENERATION_KEY = "solutions:catalogue-index:generation"


def _generation() -> str:
    generation = cache.get(_GENERATION_KEY)
    if generation is None:
        cache.add(_GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        generation = cache.get(_GENERATION_KEY) or ""
    return generation


def _is_current(index: Index | None, version: int | None, generation: str) -> TypeGuard[Index]:
    return index is not None and version is not None and index.version == version and index.generation == generation


def catalogue_index() -> Index:
    """The index of PUBLISHED solutions. One query (the catalogue version) when warm; a rebuild
    (one streamed query, no model objects) when the version changed or its row does not exist."""
    global _current
    version = CatalogueVersion.objects.filter(pk=1).values_list("version", flat=True).first()
    generation = _generation()
    current = _current
    if _is_current(current, version, generation):
        return current
    with _lock:
        # Another thread may have rebuilt it while this one waited.
        if _is_current(_current, version, generation):
            return _current
        rows = (
            Solution.objects.filter(is_published=True)
            .order_by("pk")
            .values_list("pk", "terms", "area", "typologies", "pilots_done", "organization_id")
            .iterator(chunk_size=2000)
        )
        fresh = Index.from_rows(rows)
        fresh.version = version
        fresh.generation = generation
        _current = fresh
        return fresh


def reset() -> None:
    """Forget the process's index (tests that change solutions without the services)."""
    global _current
    with _lock:
        _current = None
