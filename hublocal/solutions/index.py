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
import json
import math
import sys
import threading
import time
import uuid
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.core.cache import cache
from django.db import transaction
from django.db.models import Subquery
from django.utils import timezone

from hublocal.core import spanish

from .models import CatalogueVersion, MatcherIndex, Solution

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
# Typo tolerance: an unknown word stem of at least this length is matched to the catalogue stems
# one edit away, at this share of the weight it would have had.
TYPO_MIN_LENGTH = 5
TYPO_DISCOUNT = 0.7
_NEAR_CACHE_SIZE = 50_000
_LETTERS = "abcdefghijklmnopqrstuvwxyz"  # text is folded: no accents, ñ → n

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
        self.build_id: uuid.UUID | None = None
        # True for the empty stand-in served before the first build is stored.
        self.pending = False
        # Unknown stem → its near catalogue stems (the same challenges are ranked again and again).
        self._near: dict[str, list[str]] = {}

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

    # --- storage ------------------------------------------------------------------------------
    #
    # One header (JSON: sizes, the area and typology tables, the terms in posting order) and the
    # arrays' raw bytes one after the other: loading is a handful of `frombytes` and one slice per
    # term, no parsing per posting. No pickle: a blob read from the database is never code.

    _MAGIC = b"HLMX1"

    def to_bytes(self) -> bytes:
        areas = sorted(set(self.areas))
        area_number = {a: i for i, a in enumerate(areas)}
        typology_sets = sorted({tuple(sorted(t)) for t in self.typologies})
        typology_number = {frozenset(t): i for i, t in enumerate(typology_sets)}
        terms = list(self.postings)
        columns: list[array[Any]] = [
            array("q", self.ids),
            array("H", [area_number[a] for a in self.areas]),
            array("H", [typology_number[t] for t in self.typologies]),
            array("i", self.pilots),
            array("q", [-1 if o is None else o for o in self.organizations]),
            array("i", [len(self.postings[t][0]) for t in terms]),
        ]
        positions = array("i")
        weights = array("f")
        for term in terms:
            positions.extend(self.postings[term][0])
            weights.extend(self.postings[term][1])
        columns += [positions, weights]
        header = json.dumps(
            {
                "byteorder": sys.byteorder,
                "average_length": self.average_length,
                "areas": areas,
                "typologies": typology_sets,
                "terms": terms,
                "columns": [[c.typecode, len(c), c.itemsize] for c in columns],
            },
            ensure_ascii=False,
            separators=(",", ":"),
        ).encode()
        parts = [self._MAGIC, len(header).to_bytes(4, "little"), header]
        parts += [c.tobytes() for c in columns]
        return b"".join(parts)

    @classmethod
    def from_bytes(cls, blob: bytes) -> Index:
        if not blob.startswith(cls._MAGIC):
            raise ValueError("not a matcher index")
        offset = len(cls._MAGIC)
        size = int.from_bytes(blob[offset : offset + 4], "little")
        offset += 4
        header = json.loads(blob[offset : offset + size])
        offset += size
        view = memoryview(blob)
        columns = []
        for typecode, length, itemsize in header["columns"]:
            column = array(typecode)
            if column.itemsize != itemsize:
                raise ValueError("matcher index written on an incompatible platform")
            column.frombytes(view[offset : offset + length * itemsize])
            if header["byteorder"] != sys.byteorder:
                column.byteswap()
            offset += length * itemsize
            columns.append(column)
        ids, area_numbers, typology_numbers, pilots, organizations, lengths, positions, weights = columns
        index = cls()
        areas = header["areas"]
        typology_sets = [frozenset(t) for t in header["typologies"]]
        index.ids = ids.tolist()
        index.areas = [areas[n] for n in area_numbers]
        index.typologies = [typology_sets[n] for n in typology_numbers]
        index.pilots = pilots.tolist()
        index.organizations = [None if o < 0 else o for o in organizations]
        index.average_length = header["average_length"]
        for position, (solution_id, organization_id) in enumerate(zip(index.ids, index.organizations, strict=True)):
            index.position[solution_id] = position
            if organization_id is not None:
                index.by_organization.setdefault(organization_id, []).append(position)
        start = 0
        for term, length in zip(header["terms"], lengths, strict=True):
            end = start + length
            index.postings[term] = (positions[start:end], weights[start:end])
            start = end
        return index

    # --- scoring ------------------------------------------------------------------------------

    def idf(self, term: str) -> float:
        entry = self.postings.get(term)
        if entry is None:
            return 0.0
        df = len(entry[0])
        return math.log(1 + (len(self.ids) - df + 0.5) / (df + 0.5))

    def query_weights(self, terms: Iterable[str]) -> dict[str, float]:
        """idf × saturated query frequency, for the query terms present in the catalogue. A
        word stem the catalogue does not know (most often a typo: "cementrio") counts,
        discounted, for the catalogue stems one edit away from it."""
        weights: dict[str, float] = {}
        for term, qtf in Counter(terms).items():
            saturated = qtf * (_K3 + 1) / (qtf + _K3)
            if term in self.postings:
                weights[term] = weights.get(term, 0.0) + self.idf(term) * saturated
                continue
            candidates = self.near_terms(term)
            for candidate in candidates:
                share = self.idf(candidate) * saturated * TYPO_DISCOUNT / len(candidates)
                weights[candidate] = weights.get(candidate, 0.0) + share
        return weights

    def near_terms(self, term: str) -> list[str]:
        """Catalogue stems at one edit (deletion, insertion, substitution or swap of two
        neighbours) from an unknown word stem of at least `TYPO_MIN_LENGTH` letters; concepts
        and short stems are never corrected (too many real words are one letter apart)."""
        if len(term) < TYPO_MIN_LENGTH or spanish.is_concept(term) or not term.isalpha():
            return []
        cached = self._near.get(term)
        if cached is not None:
            return cached
        postings = self.postings
        found: set[str] = set()
        for i in range(len(term) + 1):
            head, tail = term[:i], term[i:]
            if tail:
                found.add(head + tail[1:])
                if len(tail) > 1:
                    found.add(head + tail[1] + tail[0] + tail[2:])
            for letter in _LETTERS:
                found.add(head + letter + tail)
                if tail:
                    found.add(head + letter + tail[1:])
        found.discard(term)
        near = sorted(t for t in found if t in postings and not spanish.is_concept(t))
        if len(self._near) >= _NEAR_CACHE_SIZE:
            self._near.clear()
        self._near[term] = near
        return near

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


# --- the shared catalogue index ------------------------------------------------------------------
#
# The index is built by the task queue when the catalogue changes (`solutions.tasks`, enqueued on
# commit by every service that bumps CatalogueVersion, coalesced through the shared cache) and
# stored as one `MatcherIndex` row; each process loads the latest row once and keeps it while no
# newer row exists. A request never waits for a build in production: a stale index is served
# (and a build requested) until the new one is stored; before the very first build the matcher
# answers with an empty index marked `pending` ("recommendations are being prepared"). Where the
# task queue runs tasks immediately (tests, `HUEY_IMMEDIATE=1`) the build is synchronous, so a
# page always shows the catalogue as it is.

_lock = threading.Lock()
_load_lock = threading.Lock()  # held while a stored build is read and decoded
_current: Index | None = None
# Set while a build is queued and not yet started, so a burst of catalogue writes (a seeder, an
# import) queues one build, not one per write. Expires in case a worker dies mid-build.
PENDING_KEY = "solutions:matcher-index:pending"
PENDING_TIMEOUT = 600
# Older rows kept after a build: a process that read the latest id just before it was replaced
# can still load it.
KEEP_BUILDS = 2


def _queue_runs_inline() -> bool:
    from huey.contrib.djhuey import HUEY

    return bool(HUEY.immediate)


def request_build() -> None:
    """Queue a build of the shared index unless one is already queued (call it on commit)."""
    if cache.add(PENDING_KEY, "1", timeout=PENDING_TIMEOUT):
        from . import tasks  # the task module imports this one

        tasks.build_matcher_index()


def _published_rows() -> Iterable[tuple]:
    return (
        Solution.objects.filter(is_published=True)
        .order_by("pk")
        .values_list("pk", "terms", "area", "typologies", "pilots_done", "organization_id")
        .iterator(chunk_size=2000)
    )


def build_and_store(*, force: bool = False) -> MatcherIndex | None:
    """Build the index of the published catalogue and store it as the latest MatcherIndex row
    (what the task runs). Nothing is built when the latest row is already current, unless
    `force`. Returns the new row, or None when nothing was built."""
    CatalogueVersion.objects.get_or_create(pk=1)
    version = CatalogueVersion.objects.filter(pk=1).values_list("version", flat=True).get()
    if not force:
        latest = MatcherIndex.objects.order_by("-pk").values_list("version", flat=True).first()
        if latest is not None and latest >= version:
            return None
    # The version is read before the rows: an index may contain a newer catalogue than its label
    # (the write that made it newer queued another build), never an older one.
    started = time.perf_counter()
    index = Index.from_rows(_published_rows())
    blob = index.to_bytes()
    elapsed = time.perf_counter() - started
    with transaction.atomic():
        row = MatcherIndex.objects.create(
            version=version,
            build_id=uuid.uuid4(),
            built_at=timezone.now(),
            solutions=len(index),
            build_seconds=round(elapsed, 3),
            blob=blob,
        )
        keep = list(MatcherIndex.objects.order_by("-pk").values_list("pk", flat=True)[:KEEP_BUILDS])
        MatcherIndex.objects.exclude(pk__in=keep).delete()
    _remember(index, row.version, row.build_id)
    return row


def _remember(index: Index, version: int | None, build_id: uuid.UUID | None) -> Index:
    global _current
    index.version = version
    index.build_id = build_id
    with _lock:
        _current = index
    return index


def _load(build_id: uuid.UUID) -> Index | None:
    """The stored index with this build id (one query), or None if it was deleted meanwhile."""
    row = MatcherIndex.objects.filter(build_id=build_id).values_list("version", "blob").first()
    if row is None:
        return None
    version, blob = row
    return _remember(Index.from_bytes(bytes(blob)), version, build_id)


def _pending() -> Index:
    index = Index()
    index.pending = True
    return index


def catalogue_index() -> Index:
    """The index of PUBLISHED solutions for this request. Warm: one query (the latest stored
    build and the catalogue version together). A newer stored build: one more query to load it.
    Never builds in a web process, except where the task queue runs inline (tests)."""
    latest = (
        MatcherIndex.objects.order_by("-pk")
        .annotate(catalogue=Subquery(CatalogueVersion.objects.filter(pk=1).values("version")[:1]))
        .values_list("build_id", "version", "catalogue")
        .first()
    )
    if latest is None:
        catalogue = CatalogueVersion.objects.filter(pk=1).values_list("version", flat=True).first()
        build_id, version = None, None
    else:
        build_id, version, catalogue = latest
    current = catalogue is not None and version is not None and version >= catalogue
    if not current:
        if _queue_runs_inline():
            if catalogue is None:
                # No version row to label a build with (catalogue rows written without the
                # services): an index for this request only.
                return _remember(Index.from_rows(_published_rows()), None, None)
            row = build_and_store()
            if row is not None:
                return _current  # type: ignore[return-value]  # set by build_and_store
        else:
            request_build()
    if build_id is None:
        return _pending()
    loaded = _current
    if loaded is not None and loaded.build_id == build_id:
        return loaded
    return _load_once(build_id) or _pending()


def _load_once(build_id: uuid.UUID) -> Index | None:
    """One load per process: a worker's threads that all need the new build at once (its first
    requests after a start or a recycling) wait for the first one's load instead of each reading
    and decoding the same blob on the same busy cores."""
    with _load_lock:
        if _current is not None and _current.build_id == build_id:
            return _current
        return _load(build_id)


def reset() -> None:
    """Forget the process's loaded index (what a new process starts with)."""
    global _current
    with _lock:
        _current = None
