"""What each app offers the platform, registered in its AppConfig.ready().

Like Decidim's component manifest: the home page, indicators and open data read this
registry instead of importing every app's models.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class Stat:
    key: str
    label: str | Promise
    compute: Callable[[], int]


_STATS: dict[str, Stat] = {}


def register_stat(key: str, label: str | Promise, compute: Callable[[], int]) -> None:
    _STATS[key] = Stat(key, label, compute)


def stats() -> list[Stat]:
    return list(_STATS.values())
