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


@dataclass(frozen=True)
class Seeder:
    """An app's demo data (Decidim: each component ships its own seeds). Lower order runs first."""

    key: str
    order: int
    run: Callable[[Callable[[str], None]], None]


_SEEDERS: dict[str, Seeder] = {}


def register_seeder(key: str, order: int, run: Callable[[Callable[[str], None]], None]) -> None:
    _SEEDERS[key] = Seeder(key, order, run)


def seeders() -> list[Seeder]:
    return sorted(_SEEDERS.values(), key=lambda s: (s.order, s.key))


@dataclass(frozen=True)
class ProfilePanel:
    """A section another app adds to a municipality's profile page."""

    key: str
    order: int
    template: str
    context: Callable[..., dict | None]


_PANELS: dict[str, ProfilePanel] = {}


def register_profile_panel(key: str, order: int, template: str, context: Callable[..., dict | None]) -> None:
    _PANELS[key] = ProfilePanel(key, order, template, context)


def profile_panels() -> list[ProfilePanel]:
    return sorted(_PANELS.values(), key=lambda p: (p.order, p.key))


# Facts a higher app knows about an organisation that a lower app's pages show, e.g. which
# challenges a startup already applied to: proposals knows it, innovation's recommendations show
# it. Each fact maps an id (a challenge's) to an id (the proposal's); an unregistered fact is empty.
_ORGANIZATION_FACTS: dict[str, Callable[[int], dict[int, int]]] = {}


def register_organization_fact(key: str, compute: Callable[[int], dict[int, int]]) -> None:
    _ORGANIZATION_FACTS[key] = compute


def organization_fact(key: str, organization_id: int) -> dict[int, int]:
    compute = _ORGANIZATION_FACTS.get(key)
    return compute(organization_id) if compute is not None else {}
