"""Background jobs of the site-wide search: the nightly rebuild. Live changes are indexed on
commit (signals.py); the rebuild repairs anything that missed it (a bulk update, a failed
re-index, a type registered by a new app) and recounts the vocabulary of suggestions."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from . import services


# 04:15 UTC is night in Chile and clear of retention (03:30) and the hourly scan (minute 5).
@db_periodic_task(crontab(hour="4", minute="15"))
def rebuild_search_index_nightly() -> int:
    return sum(o.written + o.removed for o in services.index_rebuild().values())


@db_task()
def rebuild_search_index(key: str | None = None) -> int:
    return sum(o.written + o.removed for o in services.index_rebuild(key=key).values())
