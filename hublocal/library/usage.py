"""Counting views and downloads without storing anything about who, and without a database write
per visit: a write would bump the library's data generation and empty the anonymous page cache
(core/page_cache.py) on every view. Each hit appends one entry to a numbered log in the shared
cache (an atomic increment and a set); the task queue adds the log to UsageMonth every few
minutes (tasks.flush_usage). A hit logged while a flush runs may be lost: these are statistics."""

from __future__ import annotations

from collections import defaultdict

from django.core.cache import cache
from django.utils import timezone

SEQ = "library:usage:seq"
FLUSHED = "library:usage:flushed"
LOG = "library:usage:log:"
LOG_TIMEOUT = 3 * 24 * 3600
CHUNK = 1000


def record(resource_id: int, what: str) -> None:
    """Count one view ("v") or download ("d") of a resource this month."""
    month = timezone.localdate().replace(day=1).isoformat()
    cache.add(SEQ, 0, timeout=None)
    try:
        seq = cache.incr(SEQ)
    except ValueError:  # the key was evicted between add and incr
        cache.set(SEQ, 1, timeout=None)
        seq = 1
    cache.set(f"{LOG}{seq}", f"{resource_id}:{what}:{month}", timeout=LOG_TIMEOUT)


def pending() -> dict[tuple[int, str], tuple[int, int]]:
    """The counts logged since the last flush, and mark them flushed."""
    last = int(cache.get(FLUSHED) or 0)
    seq = int(cache.get(SEQ) or 0)
    if seq < last:  # the counter was evicted and restarted
        last = 0
    totals: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0])
    for start in range(last + 1, seq + 1, CHUNK):
        keys = [f"{LOG}{n}" for n in range(start, min(start + CHUNK, seq + 1))]
        for value in cache.get_many(keys).values():
            try:
                rid, what, month = str(value).split(":", 2)
                totals[(int(rid), month)][0 if what == "v" else 1] += 1
            except ValueError:
                continue
        cache.delete_many(keys)
    cache.set(FLUSHED, seq, timeout=None)
    return {key: (v, d) for key, (v, d) in totals.items()}
