"""Reads of the site-wide search: ranked results, facet counts and typo suggestions.

Everything runs over `SearchEntry`, which holds only public objects (indexer.py), so no count or
result depends on who asks. A page costs a fixed number of queries whatever the index's size:
up to two EXISTS to relax a query none of whose rows holds every word, one read of at most
EXACT_LIMIT + 1 narrow rows for the total, every facet and (PostgreSQL) the best candidates —
cached for everyone under the "search" generation — and one for the page's rows; on PostgreSQL
two settings around the read (plus, only when nothing matches, a few bounded
lookups for a suggestion)."""

from __future__ import annotations

import difflib
import hashlib
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, FloatField, Q, QuerySet, Value
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from hublocal.core import registry, search
from hublocal.core.areas import Area
from hublocal.core.cache import generation
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
# Totals and facets are exact while at most this many entries match; past it they are counted
# over the first EXACT_LIMIT + 1 matches the index hands back (in the table's order) and the
# total reads "more than EXACT_LIMIT". Counting every match of a word found in most of the
# index reads tens of thousands of rows, and past a few thousand results an exact number tells
# a person nothing more. Measured on PostgreSQL at 70,000 entries, seven common queries (10,000+
# matches each), answer not cached, page of 20 with snippets, machine at load ~8.7:
# p50/p95 56/247 ms at 2,500; 85/124 ms at 5,000; 105/312 ms at 10,000.
EXACT_LIMIT = 5_000
# The total, facets and candidate ids of a (query, filters) are cached under the "search"
# generation (replaced by every write to the index), so paging or re-asking a query costs only
# the page's rows; the timeout only bounds memory, never staleness.
CACHE_TIMEOUT = 300
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
    # True when more than EXACT_LIMIT entries match: `total` is then EXACT_LIMIT ("more than")
    # and the facets count the first EXACT_LIMIT matches only.
    total_is_lower_bound: bool = False


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
    compiler.compile(expression.pk)  # resolves the alias of the searched table
    alias = compiler.quote_name_unless_alias(expression.pk.alias)  # as core.search: "U0" stays bare
    return f"{alias}.{connection.ops.quote_name(HEAD_VECTOR_COLUMN)}"


class HeadRank(search.Rank):
    """`search.Rank` over the small vector of title and summary (PostgreSQL only)."""

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        if not self.query:
            return "0.0", []
        vector = _head_vector(self, compiler, connection)
        return f"ts_rank_cd({vector}, to_tsquery('simple', %s), 1)", [self.query.tsquery(for_rank=True)]


def _facets(counted: dict[str, Counter[Any]], filters: Filters) -> Facets:
    """Facets from each facet's counts (`_read`: each counted under the other facets' filters but
    not its own, so its values stay choices rather than a single row). Areas and typologies
    arrive as their stored combinations ("|a|b|") and are split here."""
    labels = type_labels()
    by_area: Counter[str] = Counter()
    for combination, n in counted["area"].items():
        for code in codes_of(combination or ""):
            by_area[code] += n
    by_typology: Counter[str] = Counter()
    for combination, n in counted["typology"].items():
        for code in codes_of(combination or ""):
            by_typology[code] += n
    by_type, by_year = counted["type"], counted["year"]
    facets = Facets(
        types=[
            FacetValue(key, label, by_type[key], key == filters.type)
            for key, label in labels.items()
            if by_type[key] or key == filters.type
        ],
        areas=[
            FacetValue(code, str(label), by_area[code], code == filters.area)
            for code, label in Area.choices
            if by_area[code] or code == filters.area
        ],
        typologies=[
            FacetValue(code, label, by_typology[code], code == filters.typology)
            for code, label in typology_choices()
            if by_typology[code] or code == filters.typology
        ],
        years=[
            FacetValue(str(y), str(y), n, y == filters.year)
            for y, n in sorted(((y, n) for y, n in by_year.items() if y is not None), reverse=True)
        ],
    )
    if filters.year and not any(v.selected for v in facets.years):
        facets.years.insert(0, FacetValue(str(filters.year), str(filters.year), 0, True))
    return facets


@dataclass(frozen=True)
class _Answer:
    """What a (query, filters) costs to compute, cached: the query as relaxed, the total and
    facets, and on PostgreSQL the ids to rank over their whole text (None: every filtered
    match is ranked)."""

    query: search.Query
    total: int
    total_is_lower_bound: bool
    facets: Facets
    best: tuple[int, ...] | None


def _filter_sql(filters: Filters, *, without: str = "") -> tuple[str, list[Any]]:
    """`filters.condition(without=…)` over the columns of `_read`'s candidates."""
    find = "strpos" if connection.vendor == "postgresql" else "instr"
    conditions: list[str] = ["1 = 1"]
    params: list[Any] = []
    if filters.type and without != "type":
        conditions.append("kind = %s")
        params.append(filters.type)
    if filters.area and without != "area":
        conditions.append(f"{find}(areas, %s) > 0")
        params.append(f"{DELIMITER}{filters.area}{DELIMITER}")
    if filters.typology and without != "typology":
        conditions.append(f"{find}(typologies, %s) > 0")
        params.append(f"{DELIMITER}{filters.typology}{DELIMITER}")
    if filters.year and without != "year":
        conditions.append("year = %s")
        params.append(filters.year)
    return " AND ".join(conditions), params


def _read(
    base: QuerySet[SearchEntry], query: search.Query, filters: Filters, *, narrowed: bool
) -> tuple[int, dict[str, Counter[Any]], tuple[int, ...], bool]:
    """One statement over at most EXACT_LIMIT + 1 matches (read through the full-text index, in
    the table's order; `narrowed`: only those under the filters): the total under the filters,
    each facet's counts under the other facets' filters, the ids of the MAX_RESULTS best under
    the filters by title and summary (HeadRank, PostgreSQL: the small head vector is read from
    the row itself, where ranking over the whole text would read each match's full vector back
    from TOAST), and whether more matched. Counted in the database over the candidates kept in
    memory: a few dozen counts and a few hundred ids travel, not ten thousand rows. Only types
    still registered count (see _indexed)."""
    head = HeadRank(query) if connection.vendor == "postgresql" else Value(0.0, output_field=FloatField())
    matched = base.filter(search.Matches(query))
    if narrowed:
        matched = matched.filter(filters.condition())
    candidates = matched.annotate(head=head).values_list("pk", "type", "areas", "typologies", "year", "head")
    inner_sql, inner_params = candidates[: EXACT_LIMIT + 1].query.sql_with_params()
    known = list(type_labels())
    marks = ", ".join(["%s"] * len(known)) or "NULL"
    parts = ["SELECT 'all', NULL, COUNT(*) FROM c"]
    params: list[Any] = [*inner_params]
    for name, column in (("type", "kind"), ("area", "areas"), ("typology", "typologies"), ("year", "year")):
        condition, condition_params = _filter_sql(filters, without=name)
        parts.append(
            f"SELECT '{name}', CAST({column} AS TEXT), COUNT(*) FROM c WHERE kind IN ({marks}) AND {condition} "  # noqa: S608 (constant SQL; values are parameters)
            f"GROUP BY {column}"
        )
        params += [*known, *condition_params]
    condition, condition_params = _filter_sql(filters)
    parts.append(
        f"SELECT 'total', NULL, COUNT(*) FROM c WHERE kind IN ({marks}) AND {condition}"  # noqa: S608 (constant SQL; values are parameters)
    )
    params += [*known, *condition_params]
    parts.append(
        "SELECT 'best', CAST(id AS TEXT), position FROM ("  # noqa: S608 (constant SQL; values are parameters)
        f"SELECT id, ROW_NUMBER() OVER (ORDER BY head DESC, year DESC, id) AS position FROM c WHERE {condition} "
        f"ORDER BY head DESC, year DESC, id LIMIT {int(MAX_RESULTS)}) best"
    )
    params += condition_params
    statement = f"WITH c (id, kind, areas, typologies, year, head) AS MATERIALIZED ({inner_sql}) " + " UNION ALL ".join(
        parts
    )
    counted: dict[str, Counter[Any]] = {name: Counter() for name in ("type", "area", "typology", "year")}
    read = total = 0
    best: list[tuple[int, int]] = []
    with _no_sequential_scans(), connection.cursor() as cursor:
        cursor.execute(statement, params)
        for part, value, n in cursor.fetchall():
            if part == "all":
                read = n
            elif part == "total":
                total = n
            elif part == "best":
                best.append((n, int(value)))
            elif part == "year":
                counted[part][int(value) if value is not None else None] += n
            else:
                counted[part][value] += n
    best.sort()
    return total, counted, tuple(pk for _position, pk in best), read > EXACT_LIMIT


def _merge(sample: Facets, narrowed: Facets, filters: Filters, total: int) -> Facets:
    """Facets past EXACT_LIMIT with filters: a filtered facet's other values come from the
    unfiltered sample (approximate, as the page says), its selected value counts the narrowed
    matches; an unfiltered facet counts the narrowed matches."""
    merged = Facets()
    for name, attr in (("type", "types"), ("area", "areas"), ("typology", "typologies"), ("year", "years")):
        if getattr(filters, name):
            values = [replace(v, count=total) if v.selected else v for v in getattr(sample, attr)]
        else:
            values = getattr(narrowed, attr)
        setattr(merged, attr, values)
    return merged


def _answer(base: QuerySet[SearchEntry], stored: search.Query, filters: Filters) -> _Answer:
    """The total, facets and best candidates of a query: exact while at most EXACT_LIMIT
    entries match; past it counted over the first EXACT_LIMIT (a second read, narrowed by the
    filters in SQL, keeps a filtered total and list from depending on which matches came first)."""
    query = _relaxed(base, stored)
    total, counted, best, lower_bound = _read(base, query, filters, narrowed=False)
    facets = _facets(counted, filters)
    if lower_bound and filters != Filters():
        sample = facets
        total, counted, best, lower_bound = _read(base, query, filters, narrowed=True)
        facets = _merge(sample, _facets(counted, filters), filters, total)
    if lower_bound:
        total = min(total, EXACT_LIMIT)
    chosen = best if connection.vendor == "postgresql" and total > MAX_RESULTS else None
    return _Answer(query, total, lower_bound, facets, chosen)


def _cache_key(stored: search.Query, filters: Filters) -> str:
    raw = repr(
        (
            stored.terms,
            stored.prefix,
            stored.match_all,
            stored.but_one,
            sorted(stored.implied),
            filters,
            get_language(),
            connection.vendor,
            EXACT_LIMIT,
            MAX_RESULTS,
        )
    )
    digest = hashlib.sha256(raw.encode()).hexdigest()[:32]
    return f"search:answer:{generation('search')}:{digest}"


def _cached_answer(base: QuerySet[SearchEntry], stored: search.Query, filters: Filters) -> _Answer:
    """`_answer`, shared by every visitor (only public objects are indexed, so it depends on
    nothing but the query and filters). The "search" generation is replaced by
    core.page_cache's write watcher after every committed write to the index; that watcher is
    off when neither pages nor fragments are cached, and so is this cache then (as is the case
    with SEARCH_ANSWER_CACHE = False, for benchmarks)."""
    watched = settings.ANONYMOUS_PAGE_CACHE or settings.ANONYMOUS_FRAGMENT_CACHE
    if not watched or not getattr(settings, "SEARCH_ANSWER_CACHE", True):
        return _answer(base, stored, filters)
    key = _cache_key(stored, filters)
    found = cache.get(key)
    if isinstance(found, _Answer):
        return found
    answer = _answer(base, stored, filters)
    cache.set(key, answer, CACHE_TIMEOUT)
    return answer


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
    answer = _cached_answer(base, stored_query(query), filters)
    if answer.best is not None:
        filtered = base.filter(pk__in=answer.best)
    else:
        filtered = base.filter(search.Matches(answer.query)).filter(filters.condition())
    rows = filtered.annotate(rank=search.Rank(answer.query)).order_by("-rank", "pk").only(*RESULT_FIELDS)
    return Results(
        query,
        answer.total,
        rows,
        answer.facets,
        shown=min(answer.total, MAX_RESULTS),
        total_is_lower_bound=answer.total_is_lower_bound,
    )


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
