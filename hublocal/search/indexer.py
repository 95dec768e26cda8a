"""Keeps the search index in step with the registered search types (core.registry).

Two ways in, one way of writing:

- `reindex(key, ids)`: after a transaction that saved or deleted objects of a watched model
  commits (signals.py), the type's `documents(ids)` says what those objects look like now; the
  ids it leaves out are no longer public and leave the index.
- `rebuild(key=None)`: every type from scratch, in batches (the nightly task, the demo seeder,
  `manage.py rebuild_search_index`); entries of types no longer registered are removed.

Rows are compared by a digest of their content, so a rebuild rewrites only what changed (the full
text index and the anonymous page cache are not churned every night). The vocabulary of typo
suggestions (`SearchWord`) gains new words on every write and is recounted by `rebuild`."""

from __future__ import annotations

import hashlib
import logging
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from django.conf import settings
from django.db import transaction
from django.utils import translation

from hublocal.core import registry, search
from hublocal.core.text import fold

from .models import MAX_SUMMARY_CHARS, MAX_TEXT_CHARS, SearchEntry, SearchWord, codes_field, stored_document

logger = logging.getLogger(__name__)

BATCH = 1000
_FIELDS = ("title", "summary", "text", "url", "areas", "typologies", "year", "language", "country")
# Words worth suggesting: letters only (no numbers, codes or e-mail fragments), 4 to 30 long.
_WORD = re.compile(r"[^\W\d_]{4,30}")


@dataclass
class Outcome:
    written: int = 0
    unchanged: int = 0
    removed: int = 0

    def __iadd__(self, other: Outcome) -> Outcome:
        self.written += other.written
        self.unchanged += other.unchanged
        self.removed += other.removed
        return self


def _values(doc: registry.SearchDocument) -> dict[str, object]:
    year = doc.year if doc.year and 1000 <= doc.year <= 9999 else None
    return {
        "title": (doc.title or "")[:300],
        "summary": (doc.summary or "")[:MAX_SUMMARY_CHARS],
        "text": (doc.text or "")[:MAX_TEXT_CHARS],
        "url": (doc.url or "")[:500],
        "areas": codes_field(tuple(doc.areas))[:200],
        "typologies": codes_field(tuple(doc.typologies))[:200],
        "year": year,
        "language": (doc.language or "es")[:8],
        "country": (doc.country or "")[:2],
    }


def _digest(values: dict[str, object]) -> str:
    raw = "\x1f".join(str(values[f]) for f in _FIELDS)
    return hashlib.sha1(raw.encode("utf-8"), usedforsecurity=False).hexdigest()


def words_of(*texts: str) -> set[str]:
    return {fold(w) for text in texts for w in _WORD.findall(text or "")}


def _documents(search_type: registry.SearchType, ids: list[int] | None) -> Iterator[registry.SearchDocument]:
    # URLs are stored in Spanish whatever language the writer's request was in.
    with translation.override(settings.LANGUAGE_CODE):
        yield from search_type.documents(ids)


def _write(key: str, docs: list[registry.SearchDocument]) -> tuple[Outcome, set[str]]:
    """Upsert one batch of documents of a type; the words of the rows written."""
    outcome = Outcome()
    existing = dict(
        SearchEntry.objects.filter(type=key, object_id__in=[d.object_id for d in docs]).values_list(
            "object_id", "digest"
        )
    )
    rows: list[SearchEntry] = []
    words: set[str] = set()
    for doc in docs:
        values = _values(doc)
        digest = _digest(values)
        if existing.get(doc.object_id) == digest:
            outcome.unchanged += 1
            continue
        title, summary = str(values["title"]), str(values["summary"])
        document = stored_document(search.document_of(title, title, summary, str(values["text"])))
        head = stored_document(search.document_of(title, title, summary))
        rows.append(
            SearchEntry(
                type=key,
                object_id=doc.object_id,
                digest=digest,
                search_document=document,
                search_head=head,
                **values,
            )
        )
        words |= words_of(str(values["title"]), str(values["summary"]), str(values["text"]))
    if rows:
        SearchEntry.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["type", "object_id"],
            update_fields=[*_FIELDS, "digest", "search_document", "search_head", "updated_at"],
        )
        outcome.written = len(rows)
    return outcome, words


def _add_words(words: set[str]) -> None:
    """New words join the vocabulary with a frequency of 1 (recounted by the next rebuild)."""
    if not words:
        return
    ordered = sorted(words)
    for start in range(0, len(ordered), BATCH):
        chunk = ordered[start : start + BATCH]
        SearchWord.objects.bulk_create(
            [SearchWord(word=w[:40], first=w[0], length=len(w)) for w in chunk], ignore_conflicts=True
        )


def reindex(key: str, ids: Iterable[int]) -> Outcome:
    """Bring the entries of these objects of one type up to date (all or nothing)."""
    search_type = registry.search_type(key)
    wanted = sorted({int(i) for i in ids})
    outcome = Outcome()
    if not wanted:
        return outcome
    with transaction.atomic():
        if search_type is None:
            outcome.removed = SearchEntry.objects.filter(type=key, object_id__in=wanted).delete()[0]
            return outcome
        for start in range(0, len(wanted), BATCH):
            chunk = wanted[start : start + BATCH]
            asked = set(chunk)
            docs = [d for d in _documents(search_type, chunk) if d.object_id in asked]
            written, words = _write(key, docs)
            outcome += written
            gone = asked - {d.object_id for d in docs}
            if gone:
                outcome.removed += SearchEntry.objects.filter(type=key, object_id__in=gone).delete()[0]
            _add_words(words)
    return outcome


def _batches(items: Iterable[registry.SearchDocument], size: int) -> Iterator[list[registry.SearchDocument]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def rebuild_type(key: str, *, batch: int = BATCH) -> Outcome:
    """Every public object of one type, written in batches; entries of objects that are gone
    or no longer public are removed."""
    search_type = registry.search_type(key)
    if search_type is None:
        raise KeyError(key)
    outcome = Outcome()
    seen: set[int] = set()
    for docs in _batches(_documents(search_type, None), batch):
        with transaction.atomic():
            written, words = _write(key, docs)
            _add_words(words)
        outcome += written
        seen.update(d.object_id for d in docs)
    stale = [pk for pk in SearchEntry.objects.filter(type=key).values_list("object_id", flat=True) if pk not in seen]
    for start in range(0, len(stale), batch):
        outcome.removed += SearchEntry.objects.filter(type=key, object_id__in=stale[start : start + batch]).delete()[0]
    return outcome


def rebuild(key: str | None = None, *, batch: int = BATCH) -> dict[str, Outcome]:
    """Rebuild one type or all of them (then drop entries of unregistered types and recount the
    vocabulary of suggestions)."""
    keys = [key] if key else [t.key for t in registry.search_types()]
    outcomes = {k: rebuild_type(k, batch=batch) for k in keys}
    if key is None:
        SearchEntry.objects.exclude(type__in=keys).delete()
        recount_words(batch=batch)
    return outcomes


def recount_words(*, batch: int = BATCH) -> int:
    """The vocabulary recounted from the index: each word's number of entries; words no entry
    holds any more are dropped. Returns the number of words."""
    counts: Counter[str] = Counter()
    rows = SearchEntry.objects.order_by("pk").values_list("title", "summary", "text").iterator(chunk_size=batch)
    for title, summary, text in rows:
        counts.update(words_of(title, summary, text))
    with transaction.atomic():
        SearchWord.objects.all().delete()
        items = sorted(counts.items())
        for start in range(0, len(items), batch):
            SearchWord.objects.bulk_create(
                [
                    SearchWord(word=w[:40], first=w[0], length=len(w), frequency=n)
                    for w, n in items[start : start + batch]
                ],
                ignore_conflicts=True,
            )
    return len(counts)
