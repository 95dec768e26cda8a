"""Full-text search in the database, the same on SQLite and PostgreSQL from the caller's side.

A searchable model keeps its **analysed** text in a column (``search_document``): the terms of
``core.spanish`` (accents folded, stop words out, Snowball stems, municipal synonyms and
acronyms as one concept term such as ``_patente_comercial``) joined by spaces. The analysis is
ours, in Python, so both databases index and query exactly the same words and synonyms work the
same everywhere (patentes finds licencias de funcionamiento). The database only indexes the
words and ranks:

- **PostgreSQL**: a ``search_vector tsvector`` column GENERATED from the document with the
  ``simple`` configuration (lower-case, no stemming, no stop words: it keeps our terms as they
  are), a GIN index on it, ``to_tsquery('simple', …)`` built from the analysed query and ranked
  with ``ts_rank_cd``. The ``spanish`` configuration would stem our stems a second time and
  ``unaccent`` has nothing left to fold; both would also make the two backends disagree. The
  ``simple`` parser splits concept terms at "_" (``_patente_comercial`` is indexed as the
  adjacent words ``patente comercial``), and the query goes through the same parser, so a
  concept is matched as that two-word phrase.
- **SQLite**: an FTS5 table ``<table>_fts`` with external content (the model's own table,
  nothing duplicated but the index), kept in sync by triggers, ranked with ``bm25()``; its
  tokenizer keeps "_" inside terms so a concept is one token.

Both are created by the migration operation ``CreateSearchIndex`` (each part only on its
database). Callers see one API: ``parse()`` a query once, then ``search()`` (filter + rank a
queryset), or ``Matches``/``Rank`` expressions to combine with other conditions, or
``ranked_ids()``. A query is never passed to the database as syntax: it is analysed into terms
made only of letters, digits and "_", each quoted, so quotes, ``*``, ``:``, ``&``, ``|``, ``!`` or
parentheses typed by a person can never break the SQL or the full-text syntax.

Writers fill the document with ``document()`` (services, data migrations, bulk loaders: a
``bulk_create`` must set it too, the database derives everything else from it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from django.db import connection as default_connection
from django.db import migrations
from django.db.models import BooleanField, Expression, F, FloatField, Model, QuerySet

from hublocal.core import spanish

DOCUMENT_COLUMN = "search_document"
VECTOR_COLUMN = "search_vector"  # PostgreSQL only, outside Django's model state
# A query longer than this says nothing more about what the person looks for; terms beyond
# MAX_QUERY_TERMS are dropped so a pasted paragraph cannot build a huge query.
MAX_QUERY_CHARS = 300
MAX_QUERY_TERMS = 12
# A prefix shorter than this would match most of the catalogue.
MIN_PREFIX_LENGTH = 4
# ts_rank_cd normalisation: divide by 1 + log(document length), so long descriptions do not win
# by sheer size (BM25's length normalisation does the same on SQLite).
_PG_NORMALISATION = 1
_FTS_TOKENIZER = "unicode61 remove_diacritics 0 tokenchars '_'"
# Only letters, digits and "_" ever reach the database as a term.
_NOT_TERM = re.compile(r"[^\w]")


def document(terms: Iterable[str]) -> str:
    """The stored form of analysed terms: separated by spaces, repeated terms kept (frequency
    matters to ranking), anything but letters, digits and "_" removed."""
    return " ".join(clean for clean in (_NOT_TERM.sub("", term) for term in terms) if clean)


def document_of(*texts: str) -> str:
    """Analyse several fields (each on its own, so a phrase never spans two) into a document."""
    return document(spanish.document_terms(*texts))


@dataclass(frozen=True)
class Query:
    """An analysed query: distinct terms in the order typed; the last one may be a prefix.

    `implied` terms are the broader concepts a concept of the query implies (OIRS implies
    "reclamo"): they only add to the rank, never decide whether a row matches. Of the other
    terms a row must contain every one with `match_all` (AND; with `but_one`, all but any one
    of them), one otherwise (OR). Ranking weighs every term."""

    terms: tuple[str, ...]
    prefix: bool = False
    match_all: bool = False
    implied: frozenset[str] = frozenset()
    but_one: bool = False

    def __bool__(self) -> bool:
        return bool(self.terms)

    @property
    def required(self) -> tuple[str, ...]:
        """The terms that decide whether a row matches (all of them, or one of them)."""
        return tuple(t for t in self.terms if t not in self.implied)

    def any_term(self) -> Query:
        """The same query where one term is enough."""
        return replace(self, match_all=False, but_one=False)

    def all_but_one(self) -> Query:
        """The same query where a row may lack one of the terms (at least two of three...)."""
        return replace(self, match_all=True, but_one=True)

    def _expression(self, suffix: str, quote: str, and_: str, or_: str, for_rank: bool) -> str:
        last = len(self.terms) - 1
        parts = [
            f"{quote}{term}{quote}{suffix if self.prefix and i == last else ''}" for i, term in enumerate(self.terms)
        ]
        if for_rank:
            return or_.join(parts)
        required = [p for p, term in zip(parts, self.terms, strict=True) if term not in self.implied]
        if not self.match_all:
            return or_.join(required)
        if self.but_one and len(required) > 2:
            return or_.join(f"({and_.join(required[:i] + required[i + 1 :])})" for i in range(len(required)))
        return and_.join(required)

    def tsquery(self, *, for_rank: bool = False) -> str:
        """PostgreSQL ``to_tsquery`` text: quoted terms (they go through the parser like the
        document did) joined by ``&`` or ``|``; the last with ``:*`` when it is a prefix."""
        return self._expression(":*", "'", " & ", " | ", for_rank)

    def fts5(self, *, for_rank: bool = False) -> str:
        """SQLite FTS5 MATCH text: quoted strings joined by AND or OR; the last with ``*`` when
        it is a prefix."""
        return self._expression(" *", '"', " AND ", " OR ", for_rank)


@cache
def _implications() -> dict[str, frozenset[str]]:
    """Concept → the broader concepts it implies, from the analyser's vocabulary (each phrase
    emits its concept followed by everything the concept implies)."""
    vocabulary = getattr(spanish, "_vocabulary", None)
    phrases = getattr(vocabulary(), "phrases", {}) if vocabulary else {}
    out: dict[str, frozenset[str]] = {}
    for emitted in phrases.values():
        if emitted:
            out[emitted[0]] = frozenset(emitted[1:])
    return out


def parse(text: str, *, prefix: bool = True, match_all: bool = False) -> Query:
    """Analyse what a person typed. With `prefix`, the last word is also matched as the start of
    longer words ("telegest" finds "telegestión") unless the text ends with a space, the word is
    a concept, or it is too short to say much. `match_all`: see `Query`."""
    text = (text or "")[:MAX_QUERY_CHARS]
    terms: list[str] = []
    for term in spanish.analyze(text):
        clean = _NOT_TERM.sub("", term)
        if clean and clean not in terms:
            terms.append(clean)
    terms = terms[:MAX_QUERY_TERMS]
    last = terms[-1] if terms else ""
    as_prefix = (
        prefix
        and bool(last)
        and not spanish.is_concept(last)
        and len(last) >= MIN_PREFIX_LENGTH
        and not text.endswith((" ", "\t", "\n"))
    )
    implications = _implications()
    implied = frozenset(t for term in terms for t in implications.get(term, ()) if t != term and t in terms)
    return Query(tuple(terms), as_prefix, match_all, implied)


def fts_table(db_table: str) -> str:
    return f"{db_table}_fts"


class _SearchExpression(Expression):
    """Refers to the searched table through its primary key column, so the SQL names the right
    alias wherever Django puts the table (joins, subqueries)."""

    def __init__(self, query: Query, output_field: Any) -> None:
        super().__init__(output_field=output_field)
        self.query = query
        self.pk: Any = F("pk")

    def get_source_expressions(self) -> list[Any]:
        return [self.pk]

    def set_source_expressions(self, exprs: Sequence[Any]) -> None:
        (self.pk,) = exprs

    def _parts(self, compiler: Any, connection: Any) -> tuple[str, str, list[Any], str]:
        pk_sql, pk_params = compiler.compile(self.pk)
        qn = connection.ops.quote_name
        table = self.pk.target.model._meta.db_table
        # Quoted like Django quotes the alias in FROM: a subquery's alias ("U0") is left bare
        # there, and PostgreSQL folds a bare name to lower case, so quoting it here would name
        # a table that is not in the FROM clause.
        alias = compiler.quote_name_unless_alias(self.pk.alias)
        return pk_sql, f"{alias}.{qn(VECTOR_COLUMN)}", list(pk_params), qn(fts_table(table))

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        raise NotImplementedError(f"full-text search is not implemented on {connection.vendor}")


class Matches(_SearchExpression):
    """True for rows whose document contains at least one term of the query (a filter)."""

    conditional = True

    def __init__(self, query: Query) -> None:
        super().__init__(query, BooleanField())

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        if not self.query:
            return "FALSE", []
        _pk, vector, _params, _fts = self._parts(compiler, connection)
        return f"({vector} @@ to_tsquery('simple', %s))", [self.query.tsquery()]

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        if not self.query:
            return "0", []
        pk, _vector, params, fts = self._parts(compiler, connection)
        return f"({pk} IN (SELECT rowid FROM {fts} WHERE {fts} MATCH %s))", [*params, self.query.fts5()]  # noqa: S608 (table names from the models; the query is a parameter)


class Rank(_SearchExpression):
    """Relevance of each row to the query, higher is better, 0 for rows that do not match.
    PostgreSQL: ``ts_rank_cd``; SQLite: ``-bm25()``. Comparable within one query only."""

    def __init__(self, query: Query) -> None:
        super().__init__(query, FloatField())

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        if not self.query:
            return "0.0", []
        _pk, vector, _params, _fts = self._parts(compiler, connection)
        rank_query = self.query.tsquery(for_rank=True)
        return f"ts_rank_cd({vector}, to_tsquery('simple', %s), {_PG_NORMALISATION})", [rank_query]

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        if not self.query:
            return "0.0", []
        pk, _vector, params, fts = self._parts(compiler, connection)
        # FTS5 answers "MATCH … AND rowid = ?" by seeking in the term lists, not by scanning.
        sql = f"COALESCE((SELECT -bm25({fts}) FROM {fts} WHERE {fts} MATCH %s AND {fts}.rowid = {pk}), 0.0)"  # noqa: S608 (table names from the models; the query is a parameter)
        return sql, [self.query.fts5(for_rank=True), *params]


def search(qs: QuerySet, query: Query | str, *, rank: str = "search_rank") -> QuerySet:
    """`qs` restricted to the rows matching `query`, annotated with `rank` (higher is better).
    The caller orders (usually ``-rank`` then a stable key) and slices: LIMIT stays in SQL."""
    if isinstance(query, str):
        query = parse(query)
    if not query:
        return qs.none()
    return qs.filter(Matches(query)).annotate(**{rank: Rank(query)})


def ranked_ids(qs_or_model: QuerySet | type[Model], query: Query | str, *, limit: int) -> list[int]:
    """Primary keys of the `limit` most relevant rows, best first (ties by primary key)."""
    qs = qs_or_model if isinstance(qs_or_model, QuerySet) else qs_or_model._default_manager.all()
    if isinstance(query, str):
        query = parse(query)
    if not query or limit <= 0:
        return []
    ranked = search(qs, query, rank="search_rank").order_by("-search_rank", "pk")
    return list(ranked.values_list("pk", flat=True)[:limit])


# --- schema ------------------------------------------------------------------------------------


def _sqlite_triggers(table: str) -> list[str]:
    fts = fts_table(table)
    new = f'INSERT INTO "{fts}"(rowid, {DOCUMENT_COLUMN}) VALUES (new.id, new.{DOCUMENT_COLUMN});'  # noqa: S608 (table names from the models; the query is a parameter)
    old = f'INSERT INTO "{fts}"("{fts}", rowid, {DOCUMENT_COLUMN}) VALUES (\'delete\', old.id, old.{DOCUMENT_COLUMN});'  # noqa: S608 (table names from the models; the query is a parameter)
    return [
        f'CREATE TRIGGER IF NOT EXISTS "{fts}_ai" AFTER INSERT ON "{table}" BEGIN {new} END',
        f'CREATE TRIGGER IF NOT EXISTS "{fts}_ad" AFTER DELETE ON "{table}" BEGIN {old} END',
        f'CREATE TRIGGER IF NOT EXISTS "{fts}_au" AFTER UPDATE OF {DOCUMENT_COLUMN} ON "{table}" BEGIN {old} {new} END',
    ]


def _sqlite_create(table: str) -> list[str]:
    fts = fts_table(table)
    return [
        f'CREATE VIRTUAL TABLE IF NOT EXISTS "{fts}" USING fts5({DOCUMENT_COLUMN}, '
        f"content='{table}', content_rowid='id', tokenize=\"{_FTS_TOKENIZER}\")",
        *_sqlite_triggers(table),
        f'INSERT INTO "{fts}"("{fts}") VALUES (\'rebuild\')',  # noqa: S608 (table names from the models; the query is a parameter)
    ]


def _sqlite_drop(table: str) -> list[str]:
    fts = fts_table(table)
    return [f'DROP TRIGGER IF EXISTS "{fts}_{suffix}"' for suffix in ("ai", "ad", "au")] + [
        f'DROP TABLE IF EXISTS "{fts}"'
    ]


def _postgresql_create(table: str) -> list[str]:
    return [
        f'ALTER TABLE "{table}" ADD COLUMN IF NOT EXISTS {VECTOR_COLUMN} tsvector '
        f"GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, {DOCUMENT_COLUMN})) STORED",
        f'CREATE INDEX IF NOT EXISTS "{table}_search_gin" ON "{table}" USING gin ({VECTOR_COLUMN})',
    ]


def _postgresql_drop(table: str) -> list[str]:
    return [
        f'DROP INDEX IF EXISTS "{table}_search_gin"',
        f'ALTER TABLE "{table}" DROP COLUMN IF EXISTS {VECTOR_COLUMN}',
    ]


class CreateSearchIndex(migrations.operations.base.Operation):
    """Migration operation: the full-text index of one model over its `search_document` column
    (which must already exist), built from the rows already there. Only the part for the
    database being migrated runs; other databases are left alone."""

    reduces_to_sql = False
    reversible = True

    def __init__(self, model_name: str) -> None:
        self.model_name = model_name

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        return self.__class__.__qualname__, [self.model_name], {}

    def state_forwards(self, app_label: str, state: Any) -> None:
        pass  # the model state does not change: the index lives outside Django's fields

    def _statements(self, app_label: str, schema_editor: Any, from_state: Any, create: bool) -> list[str]:
        model = from_state.apps.get_model(app_label, self.model_name)
        if not self.allow_migrate_model(schema_editor.connection.alias, model):
            return []
        table = model._meta.db_table
        vendor = schema_editor.connection.vendor
        if vendor == "postgresql":
            return _postgresql_create(table) if create else _postgresql_drop(table)
        if vendor == "sqlite":
            return _sqlite_create(table) if create else _sqlite_drop(table)
        return []

    def database_forwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        for sql in self._statements(app_label, schema_editor, from_state, create=True):
            schema_editor.execute(sql, params=None)

    def database_backwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        for sql in self._statements(app_label, schema_editor, from_state, create=False):
            schema_editor.execute(sql, params=None)

    def describe(self) -> str:
        return f"Create the full-text search index of {self.model_name}"

    @property
    def migration_name_fragment(self) -> str:
        return f"{self.model_name.lower()}_search_index"


class CreateTrigramIndex(migrations.operations.base.Operation):
    """Migration operation, PostgreSQL only: a trigram GIN index on a folded name column, so the
    ``contains`` lookup behind name search (``LIKE '%…%'``) uses an index. Creates the pg_trgm
    extension if missing and never drops it when unapplied (other apps' indexes use it, unlike
    Django's ``TrigramExtension``). Elsewhere it does nothing: SQLite keeps scanning names, which
    is fast at its sizes (thousands of rows)."""

    reduces_to_sql = False
    reversible = True

    def __init__(self, model_name: str, field: str = "search_name") -> None:
        self.model_name = model_name
        self.field = field

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        return self.__class__.__qualname__, [self.model_name, self.field], {}

    def state_forwards(self, app_label: str, state: Any) -> None:
        pass

    def _table(self, app_label: str, schema_editor: Any, from_state: Any) -> str | None:
        model = from_state.apps.get_model(app_label, self.model_name)
        if schema_editor.connection.vendor != "postgresql":
            return None
        if not self.allow_migrate_model(schema_editor.connection.alias, model):
            return None
        return model._meta.db_table

    def database_forwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        table = self._table(app_label, schema_editor, from_state)
        if table:
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm", params=None)
            schema_editor.execute(
                f'CREATE INDEX IF NOT EXISTS "{table}_{self.field}_trgm" ON "{table}" '
                f'USING gin ("{self.field}" gin_trgm_ops)',
                params=None,
            )

    def database_backwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        table = self._table(app_label, schema_editor, from_state)
        if table:
            schema_editor.execute(f'DROP INDEX IF EXISTS "{table}_{self.field}_trgm"', params=None)

    def describe(self) -> str:
        return f"Create a trigram index on {self.model_name}.{self.field} (PostgreSQL)"


def ensure_sqlite_triggers(*, using: Any = None, **_: Any) -> None:
    """Recreate the FTS5 sync triggers if a later migration dropped them: Django's SQLite schema
    editor rebuilds a table (new table, copy, drop, rename) for many column changes, and that
    drops the table's triggers. Runs after every ``migrate`` (post_migrate); when it had to
    recreate triggers it also rebuilds the index from the table, so nothing written in between
    stays unindexed. Does nothing on other databases."""
    from django.db import connections

    conn = connections[using] if using else default_connection
    if conn.vendor != "sqlite":
        return
    with conn.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%fts5%'")
        tables = [name for (name,) in cursor.fetchall() if name.endswith("_fts")]
        for fts in tables:
            table = fts[: -len("_fts")]
            names = [f"{fts}_{suffix}" for suffix in ("ai", "ad", "au")]
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s AND name IN (%s, %s, %s)",
                [table, *names],
            )
            triggers = _sqlite_triggers(table)
            if cursor.fetchone()[0] == len(names):
                continue
            for sql in triggers:
                cursor.execute(sql)
            cursor.execute(f'INSERT INTO "{fts}"("{fts}") VALUES (\'rebuild\')')  # noqa: S608 (table names from the models; the query is a parameter)
