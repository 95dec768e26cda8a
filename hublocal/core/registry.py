"""What each app offers the platform, registered in its AppConfig.ready().

Like Decidim's component manifest: the home page, indicators and open data read this
registry instead of importing every app's models.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


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


# Working relationships that let one organisation's people see another's contact data (e-mail,
# phone). The directory decides who sees a person's contact data, but the relationships live in
# higher apps (a shortlisted proposal, a pilot): each registers `fn(viewer_user, person) -> bool`
# here, so the directory asks them without importing them. A function must be cheap when called
# for every person of a list (cache per viewer) and answer False when it does not know.
_CONTACT_RELATIONSHIPS: dict[str, Callable[[Any, Any], bool]] = {}


def register_contact_relationship(key: str, fn: Callable[[Any, Any], bool]) -> None:
    _CONTACT_RELATIONSHIPS[key] = fn


def has_contact_relationship(viewer: Any, person: Any) -> bool:
    """Whether any registered relationship lets `viewer` see `person`'s contact data."""
    return any(fn(viewer, person) for fn in _CONTACT_RELATIONSHIPS.values())


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

    @staticmethod
    def label(code: str) -> str | Promise:
        """The basis in the plain words the record and the privacy notice show."""
        return _LEGAL_BASIS_LABELS.get(code, code)


_LEGAL_BASIS_LABELS: dict[str, str | Promise] = {
    LegalBasis.CONSENT: _("Consentimiento de la persona"),
    LegalBasis.LEGAL_OBLIGATION: _("Cumplimiento de una obligación legal"),
    LegalBasis.PUBLIC_FUNCTION: _("Ejercicio de funciones públicas de los municipios y del Hub"),
    LegalBasis.CONTRACT: _("Ejecución de un contrato o medidas precontractuales"),
    LegalBasis.LEGITIMATE_INTEREST: _("Interés legítimo del Hub"),
}


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
    # Anonymisation runs in this order (then by key): the declarations that hold who the person is
    # (the account, the directory entry) run last, because the others find the person's rows by
    # that name and e-mail (free text, registrations made with an e-mail and no account).
    erase_order: int = 50


_PERSONAL_DATA: dict[str, PersonalData] = {}


def register_personal_data(declaration: PersonalData) -> None:
    if declaration.legal_basis not in LegalBasis.ALL:
        raise ValueError(f"{declaration.key}: unknown legal basis {declaration.legal_basis!r}")
    _PERSONAL_DATA[declaration.key] = declaration


def personal_data() -> list[PersonalData]:
    return sorted(_PERSONAL_DATA.values(), key=lambda d: d.key)


def anonymise_subject(user: Any) -> dict[str, int]:
    """Anonymise one account's person in every registered declaration, in erase_order; the rows
    touched per declaration key. Precondition: called inside the caller's transaction (an erasure
    is all or nothing)."""
    ordered = sorted(_PERSONAL_DATA.values(), key=lambda d: (d.erase_order, d.key))
    return {d.key: d.anonymise(user) for d in ordered}


# Helpers every app's personal_data.py shares, so that "anonymised" means the same everywhere.

ERASED_NAME = "Persona eliminada"


def pseudonym(value: object) -> str:
    """A stable stand-in for a person ("persona-1a2b3c4d"): the same input always gives the same
    pseudonym, so rows of one erased person still group together, but it cannot be reversed
    without the secret key."""
    from django.conf import settings

    digest = hashlib.sha256(f"{settings.SECRET_KEY}:privacy:{value}".encode()).hexdigest()
    return f"persona-{digest[:8]}"


def subject_identifiers(user: Any) -> tuple[list[str], list[str]]:
    """The names and e-mail addresses by which one account's person appears in rows without a
    foreign key to the account (free text, registrations): its account's and its directory
    entry's. Names shorter than 5 characters are left out: scrubbing them would mangle text."""
    names = {user.get_full_name().strip()}
    emails = {(user.email or "").strip()}
    person = getattr(user, "person", None)
    if person is not None:
        names.add((person.full_name or "").strip())
        emails.add((person.email or "").strip())
    return sorted(n for n in names if len(n) >= 5), sorted(e for e in emails if e)


def scrub(text: str, needles: list[str], replacement: str = ERASED_NAME) -> str:
    """Text with every occurrence of the needles (names, e-mails; any case) replaced."""
    for needle in sorted(needles, key=len, reverse=True):
        text = re.sub(re.escape(needle), replacement, text, flags=re.IGNORECASE)
    return text


def row_export(obj: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    """One row as a JSON-safe dict: its model, its id and the given fields (a relation as its id,
    a date as ISO 8601, a file as its name)."""
    data: dict[str, Any] = {"model": obj._meta.label, "id": obj.pk}
    for name in fields:
        field = obj._meta.get_field(name)
        value = getattr(obj, field.attname)
        if value is None or isinstance(value, (str, int, float, bool, list, dict)):
            data[name] = value
        elif hasattr(value, "isoformat"):
            data[name] = value.isoformat()
        else:
            data[name] = getattr(value, "name", None) or str(value)
    return data


# ---------------------------------------------------------------------------- audit trail
# Human-readable names of audit actions ("directory.organization_update" → "Organización
# editada"), for the staff audit page and its export. Each app registers its own in ready(); an
# unregistered action is shown as its code.

_AUDIT_ACTIONS: dict[str, str | Promise] = {}


def register_audit_action(code: str, label: str | Promise) -> None:
    _AUDIT_ACTIONS[code] = label


def audit_action_label(code: str) -> str | Promise:
    return _AUDIT_ACTIONS.get(code, code)


# Who records a refused authorisation. core.web and core.api (the lowest layer) see every 403 but
# cannot import the audit app, which registers the recorder in its ready(); unset, nothing is
# recorded. Called as recorder(request=HttpRequest, permission=str, obj=object | None).
_DENIAL_RECORDER: list[Callable[..., None]] = []


def register_denial_recorder(recorder: Callable[..., None]) -> None:
    _DENIAL_RECORDER[:] = [recorder]


def denial_recorder() -> Callable[..., None] | None:
    return _DENIAL_RECORDER[0] if _DENIAL_RECORDER else None


# Who records a write made by core itself (the nightly backup): core is the lowest layer and cannot
# import the audit app, which registers `audit_record` here in its ready(). Same keywords as
# audit_record; unset (core used alone), nothing is recorded.
_EVENT_RECORDER: list[Callable[..., object]] = []


def register_event_recorder(recorder: Callable[..., object]) -> None:
    _EVENT_RECORDER[:] = [recorder]


def record_event(**event: object) -> None:
    if _EVENT_RECORDER:
        _EVENT_RECORDER[0](**event)


# Who keeps the proof of a consent given or withdrawn somewhere else. The directory flips a public
# profile (its flag) from the person's own edit form; the privacy app, above it, keeps the consent
# records and registers here, so both ways of changing the choice leave the same proof. Called as
# recorder(user=..., purpose=..., given=bool) inside the caller's transaction; it must be a no-op
# when the record already says so (the privacy app's own consent service calls back the directory).
_CONSENT_RECORDER: list[Callable[..., None]] = []


def register_consent_recorder(recorder: Callable[..., None]) -> None:
    _CONSENT_RECORDER[:] = [recorder]


def record_consent(*, user: object, purpose: str, given: bool) -> None:
    if _CONSENT_RECORDER:
        _CONSENT_RECORDER[0](user=user, purpose=purpose, given=given)
