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


# ---------------------------------------------------------------------------- personal data
# Ley 21.719 (Chile's personal-data law): every app declares, from its first commit, which of its
# models and fields hold personal data, why, on which legal basis, for how long, who may see it,
# and how to export and anonymise one person's data. The privacy app generates the record of
# processing activities, the privacy notice, the data-subject rights and the retention jobs from
# these declarations alone; a test fails when a model with a personal field is not declared.


class LegalBasis:
    """Legal bases of Ley 21.719 (art. 12–13), as codes the declarations use."""

    CONSENT = "consent"
    LEGAL_OBLIGATION = "legal_obligation"
    PUBLIC_FUNCTION = "public_function"
    CONTRACT = "contract"
    LEGITIMATE_INTEREST = "legitimate_interest"

    ALL = (CONSENT, LEGAL_OBLIGATION, PUBLIC_FUNCTION, CONTRACT, LEGITIMATE_INTEREST)


@dataclass(frozen=True)
class PersonalData:
    """One processing activity of an app: a model (label "app_label.ModelName") and its personal
    fields.

    export(user) returns the rows of this model about that account's person as JSON-safe dicts
    (only the declared fields plus what identifies the row). anonymise(user) replaces the person's
    data in rows that must be kept (audit trail, evaluations, pilots) and deletes the rest; it
    returns how many rows it touched and runs inside the caller's transaction. expire(now) applies
    the retention period to every row whose period has passed (None: kept while the relationship
    lasts, e.g. an account) and returns how many rows it anonymised or deleted."""

    key: str
    model: str
    fields: tuple[str, ...]
    purpose: str | Promise
    legal_basis: str
    retention: str | Promise
    recipients: str | Promise
    export: Callable[..., list[dict]]
    anonymise: Callable[..., int]
    retention_days: int | None = None
    expire: Callable[..., int] | None = None
    # Fields that are about a person but are not contact or identity data in themselves (e.g. free
    # text that may name people); shown in the record, exported, anonymised like the others.
    free_text_fields: tuple[str, ...] = ()


_PERSONAL_DATA: dict[str, PersonalData] = {}


def register_personal_data(declaration: PersonalData) -> None:
    if declaration.legal_basis not in LegalBasis.ALL:
        raise ValueError(f"{declaration.key}: unknown legal basis {declaration.legal_basis!r}")
    _PERSONAL_DATA[declaration.key] = declaration


def personal_data() -> list[PersonalData]:
    return sorted(_PERSONAL_DATA.values(), key=lambda d: d.key)
