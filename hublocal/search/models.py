"""The site-wide search index: one row per public object of every registered search type
(Decidim's "searchable resources"), and the vocabulary behind "¿Quiso decir…?".

Rows are written only by `indexer.py`, from what each app's `SearchType.documents()` returns, so
the table holds nothing an anonymous visitor could not open: results and facet counts can be
computed over it without any permission check."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

# The stored text is for ranking and snippets; beyond this, a document says nothing more that
# a person would search it by, and a 2 MB extracted PDF would make every row and snippet heavy.
MAX_TEXT_CHARS = 60_000
MAX_SUMMARY_CHARS = 1_000
# Codes are stored between delimiters ("|seguridad|digital|") so a facet filter is one LIKE
# that never matches a code inside another.
DELIMITER = "|"
HEAD_VECTOR_COLUMN = "head_vector"  # PostgreSQL only, outside Django's model state


def stored_term(term: str) -> str:
    """A term as the index stores it: a concept ("_patente_comercial") with its "_" written as
    "0". PostgreSQL's `simple` parser splits a concept at "_" into a phrase of words, and a
    phrase must be re-checked row by row against each match's full vector (read back from
    TOAST): three times the cost of a plain word at 20,000 matches. "0patente0comercial" stays
    one token on both databases; no analysed word starts with "0"."""
    return term.replace("_", "0") if term.startswith("_") else term


def stored_document(document: str) -> str:
    return " ".join(stored_term(t) for t in document.split())


def codes_field(codes: tuple[str, ...] | list[str]) -> str:
    clean = [c for c in dict.fromkeys(codes) if c and DELIMITER not in c]
    return f"{DELIMITER}{DELIMITER.join(clean)}{DELIMITER}" if clean else ""


def codes_of(value: str) -> list[str]:
    return [c for c in value.split(DELIMITER) if c]


class SearchEntry(models.Model):
    type = models.CharField(_("tipo"), max_length=40)
    object_id = models.BigIntegerField()
    title = models.CharField(_("título"), max_length=300)
    summary = models.TextField(_("resumen"), blank=True)
    text = models.TextField(blank=True)
    url = models.CharField(max_length=500)
    areas = models.CharField(max_length=200, blank=True)
    typologies = models.CharField(max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    language = models.CharField(max_length=8, default="es")
    country = models.CharField(max_length=2, default="CL")
    # Of everything above: a rebuild rewrites only the rows whose content changed.
    digest = models.CharField(max_length=40)
    # Analysed terms (core.search); the database indexes them (GIN / FTS5).
    search_document = models.TextField(editable=False, default="")
    # The analysed title (twice) and summary: on PostgreSQL a small tsvector beside the full one
    # (HEAD_VECTOR_COLUMN, generated from it) ranks a large set of matches cheaply, so only the
    # best few hundred are ranked over their whole text (selectors.search_entries).
    search_head = models.TextField(editable=False, default="")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["type", "object_id"], name="search_entry_unique_object")]
        indexes = [models.Index(fields=["type", "year"])]
        verbose_name = _("entrada del índice de búsqueda")
        verbose_name_plural = _("entradas del índice de búsqueda")

    def __str__(self) -> str:
        return f"{self.type}:{self.object_id}"


class SearchWord(models.Model):
    """A folded word of the indexed titles and texts with the number of entries holding it: the
    vocabulary of typo suggestions. `first` and `length` bound the candidates of a misspelt word
    to an indexed range whatever the vocabulary's size."""

    word = models.CharField(max_length=40, unique=True)
    first = models.CharField(max_length=1)
    length = models.PositiveSmallIntegerField()
    frequency = models.PositiveIntegerField(default=1)

    class Meta:
        indexes = [models.Index(fields=["first", "length", "-frequency"])]

    def __str__(self) -> str:
        return self.word
