"""A clock the browser tests can move forward in the hub they serve.

Some journeys depend on time passing: a call for proposals stops taking changes when it closes,
and its committee can score only after that. A published close can only be moved later (startups
plan on it), and the form takes minutes, so a journey used to sleep 46–105 s until the close came.
Instead, the served hub (settings `tests.e2e.hub_settings`) reads Django's time through
`install`, which adds the offset kept in a file of its var/ folder, and a test calls `advance`
to move that hub's clock past the close. Everything that reads the time through
`django.utils.timezone` (model defaults, the services' checks, sessions, the task queue running
in the request) sees the same moved clock.

The clock only moves forward, as real time does: later tests of the same process talk to a hub
that runs ahead of the test's own clock by the seconds advanced (a couple of minutes at most).
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from pathlib import Path

OFFSET_FILE = "clock-offset"  # seconds, a decimal number, in the hub's var/ folder


def install(var_dir: Path) -> None:
    """Make `django.utils.timezone.now` (and so `localtime`, `localdate` and every model
    default) return real time plus the offset in `var_dir/clock-offset`. Called by the hub's
    settings, before any application module binds the function."""
    from django.utils import timezone

    real_now = timezone.now
    path = var_dir / OFFSET_FILE
    seen: dict[str, object] = {"stamp": None, "offset": timedelta(0)}

    def now() -> datetime:
        try:
            found = os.stat(path)
        except FileNotFoundError:
            return real_now()
        # A new file each time (advance renames one over it): its inode tells a change.
        stamp = (found.st_ino, found.st_mtime_ns)
        if stamp != seen["stamp"]:
            seen["offset"] = timedelta(seconds=float(path.read_text(encoding="ascii")))
            seen["stamp"] = stamp
        offset = seen["offset"]
        assert isinstance(offset, timedelta)
        return real_now() + offset

    timezone.now = now


def advance(var_dir: Path, seconds: float) -> None:
    """Move the hub's clock `seconds` further forward (written whole, then renamed: the hub
    never reads half a number)."""
    path = var_dir / OFFSET_FILE
    current = float(path.read_text(encoding="ascii")) if path.exists() else 0.0
    partial = path.with_suffix(".tmp")
    partial.write_text(f"{current + seconds:.3f}", encoding="ascii")
    os.replace(partial, path)
