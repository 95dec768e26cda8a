"""Reads of the site-wide search: ranked results, facet counts and typo suggestions.

Everything runs over `SearchEntry`, which holds only public objects (indexer.py), so no count or
result depends on who asks. A page costs a fixed number of queries whatever the index's size:
up to two EXISTS to relax a query none of whose rows holds every word, one GROUP BY for the
total and every facet, one for the page's rows; on PostgreSQL two settings around them and one
more query when over MAX_RESULTS entries match (plus, only when nothing matches, a few bounded
lookups for a suggestion)."""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any

from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from hublocal.core import registry, search
from hublocal.core.areas import Area
from hublocal.core.text import fold

from .models import DELIMITER, HEAD_VECTOR_COLUMN, SearchEntry, SearchWord, codes_of, stored_term

# Suggestions: how far a misspelt word may be from an indexed one, how many candidates of its
# first letter and length range are compared (the most frequent), and how many words of a
# query are looked at.
SUGGEST_CUTOFF = 0.75
SUGGEST_CANDIDATES = 2_000
SUGGEST_WORDS = 4
# A results list ends here (25 pages of 20): past it, a person refines the query or a facet.
MAX_RESULTS = 500
# Columns a results page reads (the rest of the row stays in the database).
RESULT_FIELDS = ("type", "object_id", "title", "summary", "text", "url", "areas", "typologies", "year")
# The territory app's typology codes (search sits below it and cannot import it; a test keeps
# the two lists equal). "sin_clasificar" is no facet: it says nothing to filter by.
TYPOLOGIES = (
    ("metropolitana", _("Metropolitana")),
    ("mayor", _("Mayor")),
    ("urbana_mediana", _("Urbana mediana")),
    ("rural_semiurbana", _("Rural / semiurbana")),
)


@dataclass(frozen=True)
class Filters:
    type: str = ""
    area: str = ""
    typology: str = ""
    year: int | None = None

    def condition(self, *, without: str = "") -> Q:
        q = Q()
        if self.type and without != "type":
            q &= Q(type=self.type)
        if self.area and without != "area":
            q &= Q(areas__contains=f"{DELIMITER}{self.area}{DELIMITER}")
        if self.typology and without != "typology":
            q &= Q(typologies__contains=f"{DELIMITER}{self.typology}{DELIMITER}")
        if self.year and without != "year":
            q &= Q(year=self.year)
        return q


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facets:
    types: list[FacetValue] = field(default_factory=list)
    areas: list[FacetValue] = field(default_factory=list)
    typologies: list[FacetValue] = field(default_factory=list)
    years: list[FacetValue] = field(default_factory=list)

    def as_dict(self) -> dict[str, list[FacetValue]]:
        return {"type": self.types, "area": self.areas, "typology": self.typologies, "year": self.years}


@dataclass
class Results:
    query: search.Query
    total: int
    rows: QuerySet[SearchEntry]  # ranked, filtered, not yet sliced (the caller pages it)
    facets: Facets
    shown: int = 0  # how many of the total can be paged through (MAX_RESULTS at most)


def type_labels() -> dict[str, str]:
    return {t.key: str(t.label) for t in registry.search_types()}


def typology_choices() -> list[tuple[str, str]]:
    return [(v, str(label)) for v, label in TYPOLOGIES]


def _indexed() -> QuerySet[SearchEntry]:
    """The index. Entries of a type no longer registered (an app removed) are deleted by the
    next rebuild; until then they are left out of counts and facets (see _facets), not
    filtered in SQL, where `type IN (…)` would make PostgreSQL read the whole type index."""
    return SearchEntry.objects.all()


def _relaxed(base: QuerySet[SearchEntry], query: search.Query) -> search.Query:
    """Every word must match; when no entry has them all, all but one (three words or more),
    then any (as the catalogue does): each word narrows the list as a person expects, and a
    query of common words never ranks half the index."""
    if len(query.required) > 1 and not base.filter(search.Matches(query)).exists():
        relaxed = query.all_but_one()
        if len(query.required) > 2 and base.filter(search.Matches(relaxed)).exists():
            return relaxed
        return query.any_term()
    return query


def _head_vector(expression: Any, compiler: Any, connection: Any) -> str:
    qn = connection.ops.quote_name
    compiler.compile(expression.pk)  # resolves the alias of the searched table
    return f"{qn(expression.pk.alias)}.{qn(HEAD_VECTOR_COLUMN)}"


class HeadRank(search.Rank):
    """`search.Rank` over the small vector of title and summary (PostgreSQL only)."""

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        if not self.query:
            return "0.0", []
        vector = _head_vector(self, compiler, connection)
        return f"ts_rank_cd({vector}, to_tsquery('simple', %s), 1)", [self.query.tsquery(for_rank=True)]


def _best_ids(filtered: QuerySet[SearchEntry], query: search.Query, limit: int) -> list[int]:
    """The `limit` matches best by title and summary, to rank over their whole text when there
    are many more (PostgreSQL): ranking every match would read each one's full vector from
    TOAST, the small head vector is read from the row itself."""
    best = filtered.annotate(head=HeadRank(query)).order_by("-head", "-year", "pk")
    return list(best.values_list("pk", flat=True)[:limit])


def _facets(matched: QuerySet[SearchEntry], filters: Filters) -> tuple[int, Facets]:
    """The total and every facet's counts from one GROUP BY over the matches (their
    combinations of type, areas, typologies and year). Each facet counts under the other
    facets' filters but not its own, so its values stay choices rather than a single row."""
    labels = type_labels()
    areas = list(Area.choices)
    typologies = typology_choices()
    groups = matched.values_list("type", "areas", "typologies", "year").annotate(n=Count("pk")).order_by()
    total = 0
    by_type: Counter[str] = Counter()
    by_area: Counter[str] = Counter()
    by_typology: Counter[str] = Counter()
    by_year: Counter[int] = Counter()
    # Plain comparisons in a tight loop: a common word gives thousands of combinations.
    want_type, want_year = filters.type, filters.year
    want_area = f"{DELIMITER}{filters.area}{DELIMITER}" if filters.area else ""
    want_typology = f"{DELIMITER}{filters.typology}{DELIMITER}" if filters.typology else ""
    split: dict[str, list[str]] = {}
    for kind, area_field, typology_field, year, n in groups:
        if kind not in labels:
            continue
        type_ok = not want_type or kind == want_type
        area_ok = not want_area or want_area in area_field
        typology_ok = not want_typology or want_typology in typology_field
        year_ok = not want_year or year == want_year
        if area_ok and typology_ok and year_ok:
            by_type[kind] += n
            if type_ok:
                total += n
        if type_ok and typology_ok and year_ok and area_field:
            codes = split.get(area_field) or split.setdefault(area_field, codes_of(area_field))
            for code in codes:
                by_area[code] += n
        if type_ok and area_ok and year_ok and typology_field:
            codes = split.get(typology_field) or split.setdefault(typology_field, codes_of(typology_field))
            for code in codes:
                by_typology[code] += n
        if type_ok and area_ok and typology_ok and year is not None:
            by_year[year] += n
    facets = Facets(
        types=[
            FacetValue(key, label, by_type[key], key == filters.type)
            for key, label in labels.items()
            if by_type[key] or key == filters.type
        ],
        areas=[
            FacetValue(code, str(label), by_area[code], code == filters.area)
            for code, label in areas
            if by_area[code] or code == filters.area
        ],
        typologies=[
            FacetValue(code, label, by_typology[code], code == filters.typology)
            for code, label in typologies
            if by_typology[code] or code == filters.typology
        ],
        years=[FacetValue(str(y), str(y), n, y == filters.year) for y, n in sorted(by_year.items(), reverse=True)],
    )
    if filters.year and not any(v.selected for v in facets.years):
        facets.years.insert(0, FacetValue(str(filters.year), str(filters.year), 0, True))
    return total, facets


@contextmanager
def _no_sequential_scans() -> Iterator[None]:
    """PostgreSQL: read the matches through the full-text index even when they are most of the
    table. The planner then prefers a sequential scan, which evaluates `@@` on every row and so
    reads every row's vector back from TOAST; the index's bitmap needs no such check (measured
    at 52,000 of 70,000 entries: 180 → 90 ms for the facets, 105 → 70 ms for the best 500)."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET enable_seqscan")


def search_entries(*, q: str, filters: Filters | None = None) -> Results:
    """Entries matching `q` (core.search: accents, stems, municipal synonyms; the last word also
    as a prefix) under the filters, best first; the total and the facets. An empty query (or
    one with no searchable word) matches nothing.

    At most MAX_RESULTS are listed (the total still counts every match). On PostgreSQL, when
    more entries match, the MAX_RESULTS best by title and summary (HeadRank) are ranked over
    their whole text: ranking every match would read each one's full vector from TOAST."""
    filters = filters or Filters()
    query = search.parse(q, match_all=True)
    base = _indexed()
    if not query:
        return Results(query, 0, base.none(), Facets())
    # The database is asked with the terms as stored; snippets mark the analyser's own terms.
    stored = _relaxed(base, stored_query(query))
    matched = base.filter(search.Matches(stored))
    with _no_sequential_scans():
        total, facets = _facets(matched, filters)
        filtered = matched.filter(filters.condition())
        if total > MAX_RESULTS and connection.vendor == "postgresql":
            # Ids, not a subquery: core.search quotes the table's alias, which PostgreSQL then
            # misses inside a subquery (Django's U0 is unquoted there).
            filtered = base.filter(pk__in=_best_ids(filtered, stored, MAX_RESULTS))
    rows = filtered.annotate(rank=search.Rank(stored)).order_by("-rank", "pk").only(*RESULT_FIELDS)
    return Results(query, total, rows, facets, shown=min(total, MAX_RESULTS))


def stored_query(query: search.Query) -> search.Query:
    """The query in the index's spelling of concepts (models.stored_term)."""
    return replace(
        query,
        terms=tuple(stored_term(t) for t in query.terms),
        implied=frozenset(stored_term(t) for t in query.implied),
    )


def type_counts() -> list[FacetValue]:
    """What the index holds, per type (the page shown before any search)."""
    counts = dict(_indexed().values_list("type").annotate(n=Count("pk")).order_by())
    return [FacetValue(key, label, counts.get(key, 0), False) for key, label in type_labels().items()]


# --- suggestions --------------------------------------------------------------------------------


def _closest(word: str) -> str | None:
    candidates = list(
        SearchWord.objects.filter(first=word[0], length__gte=len(word) - 2, length__lte=len(word) + 2)
        .order_by("-frequency", "word")
        .values_list("word", flat=True)[:SUGGEST_CANDIDATES]
    )
    found = difflib.get_close_matches(word, candidates, n=1, cutoff=SUGGEST_CUTOFF)
    return found[0] if found else None


def suggestion(q: str) -> str | None:
    """A corrected query ("¿Quiso decir…?") when some of its words are not in the index and a
    close indexed word exists, and only if the corrected query finds something. Each unknown
    word is compared with the most frequent indexed words of its first letter and a similar
    length: a bounded number of rows whatever the vocabulary's size."""
    text = (q or "")[: search.MAX_QUERY_CHARS]
    words = [w for w in dict.fromkeys(fold(w) for w in text.split()) if len(w) >= 4 and w.isalpha()]
    words = words[:SUGGEST_WORDS]
    if not words:
        return None
    known = set(SearchWord.objects.filter(word__in=words).values_list("word", flat=True))
    replacements: dict[str, str] = {}
    for word in words:
        if word in known:
            continue
        closest = _closest(word)
        if closest and closest != word:
            replacements[word] = closest
    if not replacements:
        return None
    corrected = " ".join(replacements.get(fold(w), w) for w in text.split())
    query = search.parse(corrected, match_all=False)
    if not query or not _indexed().filter(search.Matches(stored_query(query))).exists():
        return None
    return corrected
