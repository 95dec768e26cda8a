"""Live indexing: a save or delete of a watched model re-indexes the objects it touches once the
transaction commits.

One receiver for every model: it looks the sender up in a map (model label → search types
watching it) built on first use, after every app registered its types, so a save of an
unwatched model costs one dictionary lookup. The touched ids are gathered per transaction and
written by one on-commit callback; a rolled-back transaction indexes nothing. Indexing never
breaks the writer's request: a failure is logged and the nightly rebuild repairs the entry."""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models.signals import post_delete, post_save

from hublocal.core import registry

from . import indexer

logger = logging.getLogger(__name__)

_watched: dict[str, list[registry.SearchType]] | None = None
_local = threading.local()


def watched() -> dict[str, list[registry.SearchType]]:
    global _watched
    if _watched is None:
        found: dict[str, list[registry.SearchType]] = defaultdict(list)
        for search_type in registry.search_types():
            for label in search_type.watch:
                found[label.lower()].append(search_type)
        _watched = dict(found)
    return _watched


def reset() -> None:
    """Forget the map (tests that register a type after the first save)."""
    global _watched
    _watched = None


class _Batch:
    def __init__(self, using: str) -> None:
        self.using = using
        self.ids: dict[str, set[int]] = defaultdict(set)

    def __call__(self) -> None:
        if getattr(_local, "batches", {}).get(self.using) is self:
            del _local.batches[self.using]
        for key, ids in self.ids.items():
            try:
                indexer.reindex(key, ids)
            except Exception:
                logger.exception("search index: re-indexing %s %s failed", key, sorted(ids)[:20])


def _batch(using: str) -> _Batch:
    """The batch of the current transaction, registered on commit once."""
    batches: dict[str, _Batch] = getattr(_local, "batches", None) or {}
    _local.batches = batches
    current = batches.get(using)
    connection = connections[using]
    pending = [entry[1] for entry in connection.run_on_commit]
    if current is not None and connection.in_atomic_block and current in pending:
        return current
    current = _Batch(using)
    batches[using] = current
    if connection.in_atomic_block:
        transaction.on_commit(current, using=using)
    return current


def on_change(sender: Any, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return  # fixtures: the rebuild indexes them
    types = watched().get(sender._meta.label_lower)
    if not types or instance.pk is None:
        return
    using = kwargs.get("using") or DEFAULT_DB_ALIAS
    try:
        batch = _batch(using)
        label = sender._meta.label
        for search_type in types:
            ids = search_type.ids_for(label, instance.pk) if search_type.ids_for else [instance.pk]
            batch.ids[search_type.key].update(int(i) for i in ids)
        if not connections[using].in_atomic_block:
            batch()  # autocommit: the write is already committed
    except Exception:
        logger.exception("search index: could not queue %s %s", sender._meta.label, instance.pk)


def connect() -> None:
    post_save.connect(on_change, dispatch_uid="search.on_change.save")
    post_delete.connect(on_change, dispatch_uid="search.on_change.delete")
