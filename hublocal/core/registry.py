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
    # Data generations (core/cache.py) the panel depends on for an anonymous visitor: with them,
    # the rendered panel is cached until one of them is bumped; without, it is rendered each time.
    cache_namespaces: tuple[str, ...] = ()


_PANELS: dict[str, ProfilePanel] = {}


def register_profile_panel(
    key: str,
    order: int,
    template: str,
    context: Callable[..., dict | None],
    *,
    cache_namespaces: tuple[str, ...] = (),
) -> None:
    _PANELS[key] = ProfilePanel(key, order, template, context, cache_namespaces)


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


# ---------------------------------------------------------------------------- exports
# Downloads that must never block a web worker (issue 16). Two kinds, both filled in by the apps
# in ready() and run by the exports app (hublocal/exports), which imports no domain app:
#
# - open datasets: public files (open data) built by the task queue into storage and served from
#   there. The open-data catalogue and its DCAT feed list these entries, hence the descriptive
#   fields. `build(fmt, variant)` yields the file's text (or bytes) piece by piece; `variants()`
#   names the subsets offered besides the whole dataset ("" is the whole), e.g. one campaign;
#   `filename(fmt, variant)` is the download name (ASCII, no quotes).
# - export jobs: exports for one person that are too long to stream inside a request (e.g. the
#   audit trail beyond a few thousand rows). `rows(params)` yields the CSV rows, header first;
#   `count(params)` how many rows follow (for the progress bar); `allowed(user, params)` whether
#   the person may still have the file (asked when it is requested and at every download).


# Frictionless Table Schema field types a data dictionary may use (https://specs.frictionlessdata.io/table-schema/).
FIELD_TYPES = ("string", "integer", "number", "boolean", "date", "datetime", "year", "object", "array", "geopoint")


@dataclass(frozen=True)
class DatasetField:
    """One column of an open dataset's data dictionary (the open-data portal, hublocal/opendata).

    `name` is the column's header in the dataset's CSV; the portal publishes only the columns its
    dictionary declares. `source` ("app_label.Model.field") names the model field the column comes
    from, when there is one: a field declared personal in register_personal_data (or `personal`
    here) makes the build refuse to publish the dataset."""

    name: str
    type: str  # one of FIELD_TYPES
    unit: str | Promise = ""
    description: str | Promise = ""
    personal: bool = False
    source: str = ""

    def __post_init__(self) -> None:
        if self.type not in FIELD_TYPES:
            raise ValueError(f"{self.name}: unknown field type {self.type!r}")


@dataclass(frozen=True)
class Dataset:
    key: str  # "diagnosis.scores": app and dataset
    slug: str  # the file name's stem: "puntajes-diagnostico"
    title: str | Promise
    description: str | Promise
    formats: tuple[str, ...]  # "csv", "json", "xlsx"
    build: Callable[[str, str], Any]
    licence: str = "CC-BY-4.0"
    licence_url: str = "https://creativecommons.org/licenses/by/4.0/deed.es"
    update_frequency: str | Promise = _("Al cambiar los datos (en minutos) y una vez al día")
    publisher: str | Promise = _("Hub Nacional de Gobierno Local")
    keywords: tuple[str, ...] = ()
    page: str = ""  # the URL name of the page that presents the data, e.g. "diagnosis:ranking"
    download: str = ""  # the URL name that serves the file, with kwargs {"fmt"} (or {"dataset"})
    variants: Callable[[], list[str]] | None = None
    filename: Callable[[str, str], str] | None = None
    # What the open-data portal (hublocal/opendata) and its DCAT-AP catalogue publish besides the
    # above; all optional so that a registration without them keeps working (the portal then
    # lists the dataset without a dictionary and refuses to build it until it has one).
    fields: tuple[DatasetField, ...] = ()  # the data dictionary, in the CSV's column order
    temporal_start: str = ""  # ISO date of the oldest data ("" unknown)
    temporal_end: str = ""  # ISO date of the newest data ("" ongoing)
    spatial: str | Promise = _("Chile")
    spatial_uri: str = "http://publications.europa.eu/resource/authority/country/CHL"
    # EU data theme code (http://publications.europa.eu/resource/authority/data-theme/), e.g. "GOVE".
    theme: str = "GOVE"
    # EU frequency code (http://publications.europa.eu/resource/authority/frequency/).
    accrual_periodicity: str = "DAILY"
    # The territory as GeoJSON text (a FeatureCollection) piece by piece; None: no GeoJSON format.
    geojson: Callable[[], Any] | None = None


_DATASETS: dict[str, Dataset] = {}


def register_dataset(dataset: Dataset) -> None:
    for fmt in dataset.formats:
        if fmt not in ("csv", "json", "xlsx"):
            raise ValueError(f"{dataset.key}: unknown format {fmt!r}")
    _DATASETS[dataset.key] = dataset


def datasets() -> list[Dataset]:
    return sorted(_DATASETS.values(), key=lambda d: d.key)


def dataset(key: str) -> Dataset | None:
    return _DATASETS.get(key)


@dataclass(frozen=True)
class ExportKind:
    key: str  # "audit.events"
    title: str | Promise
    count: Callable[[dict[str, Any]], int]
    allowed: Callable[[Any, dict[str, Any]], bool]
    filename: Callable[[dict[str, Any]], str]
    rows: Callable[[dict[str, Any]], Any] | None = None  # CSV rows, header first
    # Or the file's bytes piece by piece, for another format (e.g. a workbook); no progress then.
    content: Callable[[dict[str, Any]], Any] | None = None
    fmt: str = "csv"


_EXPORT_KINDS: dict[str, ExportKind] = {}


def register_export_kind(kind: ExportKind) -> None:
    _EXPORT_KINDS[kind.key] = kind


def export_kind(key: str) -> ExportKind | None:
    return _EXPORT_KINDS.get(key)


# ---------------------------------------------------------------------------- personal home (/inicio/)
# What awaits each person after signing in: answers to complete, reviews, proposals to score,
# measurements due, requests to answer. Each app registers one or more sections in its ready()
# (from its own <app>/home.py) with `collect(user) -> list[HomeItem]`; the page at /inicio/ only
# renders what the collectors return, so a later app adds its items without touching the page.
# A collector returns items for that person only, built with the app's own selectors and
# permission rules (an item never links to what the person cannot open), runs a bounded number of
# queries whatever the data size, and returns [] when it has nothing for that role.


class HomeUrgency:
    """How pressing an item is; sections are ordered by their most pressing item."""

    OVERDUE = "overdue"
    SOON = "soon"
    NORMAL = "normal"

    RANK = {OVERDUE: 0, SOON: 1, NORMAL: 2}
    SOON_DAYS = 7

    @staticmethod
    def of(due: Any, today: Any = None, soon_days: int | None = None) -> str:
        """The urgency of something due on `due` (a date or datetime; None: normal)."""
        if due is None:
            return HomeUrgency.NORMAL
        from datetime import datetime, timedelta

        from django.utils import timezone

        day = timezone.localdate(due) if isinstance(due, datetime) else due
        today = today or timezone.localdate()
        if day < today:
            return HomeUrgency.OVERDUE
        if day <= today + timedelta(days=HomeUrgency.SOON_DAYS if soon_days is None else soon_days):
            return HomeUrgency.SOON
        return HomeUrgency.NORMAL


@dataclass(frozen=True)
class HomeItem:
    """One thing awaiting a person: what (title), a short explanation (detail), where to act
    (url, which the person may open), when it is due, how urgent, and how many when it stands
    for several objects (count, shown in words by the page)."""

    title: str | Promise
    url: str
    detail: str | Promise = ""
    due: Any = None  # date or datetime
    urgency: str = HomeUrgency.NORMAL
    count: int | None = None

    @property
    def urgency_label(self) -> str | Promise:
        """The urgency in words, true to its reason: "Atrasado"/"Vence pronto" only when the due
        date says so; an item made urgent for another reason (a municipality silent after the
        reminders, a review waiting) is "Requiere atención" or "Prioritario"."""
        by_date = HomeUrgency.of(self.due)
        if self.urgency == HomeUrgency.OVERDUE:
            return _("Atrasado") if by_date == HomeUrgency.OVERDUE else _("Requiere atención")
        if self.urgency == HomeUrgency.SOON:
            return _("Vence pronto") if by_date in (HomeUrgency.OVERDUE, HomeUrgency.SOON) else _("Prioritario")
        return ""


@dataclass(frozen=True)
class HomeSection:
    key: str
    order: int
    title: str | Promise
    collect: Callable[[Any], list[HomeItem]]


@dataclass(frozen=True)
class HomeBlock:
    """A section with the items collected for one person, ready for the page."""

    section: HomeSection
    items: list[HomeItem]

    @property
    def urgency(self) -> str:
        return min((i.urgency for i in self.items), key=lambda u: HomeUrgency.RANK.get(u, 9))

    @property
    def overdue(self) -> int:
        return sum(1 for i in self.items if i.urgency == HomeUrgency.OVERDUE)

    @property
    def soon(self) -> int:
        return sum(1 for i in self.items if i.urgency == HomeUrgency.SOON)


_HOME_SECTIONS: dict[str, HomeSection] = {}


def register_home_section(key: str, order: int, title: str | Promise, collect: Callable[[Any], list[HomeItem]]) -> None:
    _HOME_SECTIONS[key] = HomeSection(key, order, title, collect)


def home_sections() -> list[HomeSection]:
    return sorted(_HOME_SECTIONS.values(), key=lambda s: (s.order, s.key))


def home_blocks(user: Any) -> list[HomeBlock]:
    """The non-empty sections for one person: most urgent first, then in registration order;
    inside a section, overdue items first, then by due date (undated last)."""
    blocks = []
    for section in home_sections():
        items = list(section.collect(user))
        if not items:
            continue
        items.sort(key=lambda i: (HomeUrgency.RANK.get(i.urgency, 9), _due_key(i.due)))
        blocks.append(HomeBlock(section, items))
    blocks.sort(key=lambda b: (HomeUrgency.RANK.get(b.urgency, 9), b.section.order, b.section.key))
    return blocks


def _due_key(due: Any) -> str:
    # Dates and datetimes compare as ISO text (a date sorts before the same day's times).
    return due.isoformat() if due is not None else "9999"


# ---------------------------------------------------------------------------- engagement processes
# What a tracked process is called in words ("diagnosis.campaign" → "Campaña de diagnóstico"), so
# the follow-up pages never show the codes tracks are keyed by. Each app that opens engagement
# tracks registers its process in ready(). `subject_display(keys)` optionally names the subjects
# ("campaign:1" → "Madurez digital 2026") in one bounded batch; without it, or for a key it does
# not know, pages show the name stored on the track when it was opened.


@dataclass(frozen=True)
class ProcessLabel:
    code: str
    label: str | Promise
    subject_display: Callable[[list[str]], dict[str, str]] | None = None


_PROCESS_LABELS: dict[str, ProcessLabel] = {}


def register_process_label(
    code: str, label: str | Promise, subject_display: Callable[[list[str]], dict[str, str]] | None = None
) -> None:
    _PROCESS_LABELS[code] = ProcessLabel(code, label, subject_display)


def process_label(code: str) -> str | Promise:
    """The process in words; an unregistered one gets a neutral word, never its code."""
    entry = _PROCESS_LABELS.get(code)
    return entry.label if entry is not None else _("Proceso")


def process_subject_names(code: str, keys: list[str]) -> dict[str, str]:
    entry = _PROCESS_LABELS.get(code)
    if entry is None or entry.subject_display is None or not keys:
        return {}
    return entry.subject_display(keys)


# ---------------------------------------------------------------------------- sitemap
# /sitemap.xml lists the public pages for search engines. Each app registers the sections it owns
# (a django.contrib.sitemaps.Sitemap whose items are only what an anonymous visitor may open),
# so core serves the index without knowing any app's models. Sections must keep their queries
# bounded: items() a lazy queryset (the sitemap paginates it, 50,000 per file) and
# get_latest_lastmod() one aggregate, not a scan (core.sitemaps.ObjectSitemap does both).

_SITEMAPS: dict[str, Any] = {}


def register_sitemap(key: str, sitemap: Any) -> None:
    """`key` names the section's file (/sitemap-<key>.xml): letters, digits and hyphens."""
    if not re.fullmatch(r"[a-z0-9-]+", key):
        raise ValueError(f"sitemap section {key!r}: use lowercase letters, digits and hyphens")
    _SITEMAPS[key] = sitemap


def sitemaps() -> dict[str, Any]:
    return {key: _SITEMAPS[key] for key in sorted(_SITEMAPS)}


# ---------------------------------------------------------------------------- worker warm-up

_WARMUPS: dict[str, Callable[[], object]] = {}


def register_warmup(key: str, warm: Callable[[], object]) -> None:
    """Work a new web process does before its first request (deploy/gunicorn.conf.py's
    post_worker_init, through core.warmup): loading what its first requests would otherwise
    load together on every thread, such as the matcher's index."""
    _WARMUPS[key] = warm


def warmups() -> list[tuple[str, Callable[[], object]]]:
    return sorted(_WARMUPS.items())


# ---------------------------------------------------------------------------- site-wide search
# /buscar/ and GET /api/v1/search/ search one index of public objects (the search app, Decidim's
# "searchable resources"). Each app registers the types it makes searchable in ready(); the search
# app keeps the index in step when a watched model is saved or deleted and rebuilds it on the task
# queue, so a later app (training, agreements, datasets) plugs in without touching search.
#
# `documents(ids)` returns a SearchDocument for every object among `ids` (None: all objects of the
# type) that an anonymous visitor may open right now; an id it leaves out is removed from the
# index. Only public objects are ever indexed, so a private one cannot appear in results or in a
# facet count, whoever searches. It must run a bounded number of queries per call (it is called
# with batches of ids) and may yield lazily. `watch` names the models ("app_label.ModelName")
# whose saves and deletes change the type's documents; `ids_for(model_label, pk)` maps a saved
# row of a watched model to the ids of the type's objects it touches (default: the row's own pk,
# for the type's own model).


@dataclass(frozen=True)
class SearchDocument:
    object_id: int
    title: str
    url: str  # the object's page in Spanish (the English page is derived with translate_url)
    summary: str = ""
    text: str = ""  # everything else worth finding it by: body, extracted file text, tags
    areas: tuple[str, ...] = ()  # priority-area codes (diagnosis.AREA_*): a facet
    typologies: tuple[str, ...] = ()  # typology codes (territory): a facet
    year: int | None = None  # a facet (publication, opening or start year)
    language: str = "es"
    country: str = "CL"


@dataclass(frozen=True)
class SearchType:
    key: str  # "library.resource": app and type
    label: str | Promise  # plural, for the type facet: "Recursos de la biblioteca"
    documents: Callable[[list[int] | None], Any]
    watch: tuple[str, ...] = ()
    ids_for: Callable[[str, int], list[int]] | None = None
    order: int = 50  # position in the type facet and in the API's list of types


_SEARCH_TYPES: dict[str, SearchType] = {}


def register_search_type(search_type: SearchType) -> None:
    if not re.fullmatch(r"[a-z]+\.[a-z_]+", search_type.key):
        raise ValueError(f"search type {search_type.key!r}: use app.type in lowercase")
    _SEARCH_TYPES[search_type.key] = search_type


def search_types() -> list[SearchType]:
    return sorted(_SEARCH_TYPES.values(), key=lambda t: (t.order, t.key))


def search_type(key: str) -> SearchType | None:
    return _SEARCH_TYPES.get(key)


# ---------------------------------------------------------------------------- next steps
# What a municipality could read, reuse or join to close a gap its diagnosis shows. The diagnosis
# results page and PDF report list, for the weakest dimensions, what every registered recommender
# returns; the library (resources, replicable models, what worked in peer municipalities), and
# later training and technical assistance, register theirs, so diagnosis never imports them.
#
# `recommend(commune_code, dimensions, limit)` gets the weakest dimensions as a list of
# (area_code, dimension_code) worst first and returns at most `limit` NextStep for anyone who may
# see that municipality's results: only public objects, a bounded number of queries.


@dataclass(frozen=True)
class NextStep:
    title: str
    url: str
    kind: str | Promise  # what it is, in words: "Modelo replicable", "Programa de formación"
    reason: str | Promise  # why it is recommended, in words
    dimension: str = ""  # the dimension code it addresses ("" when it addresses the area)
    area: str = ""
    score: float = 0.0  # higher first, across recommenders


@dataclass(frozen=True)
class NextStepRecommender:
    key: str
    order: int
    recommend: Callable[[str, list[tuple[str, str]], int], list[NextStep]]


_NEXT_STEPS: dict[str, NextStepRecommender] = {}


def register_next_steps(
    key: str, order: int, recommend: Callable[[str, list[tuple[str, str]], int], list[NextStep]]
) -> None:
    _NEXT_STEPS[key] = NextStepRecommender(key, order, recommend)


def next_steps(
    commune_code: str, dimensions: list[tuple[str, str]], limit: int = 8, *, keys: tuple[str, ...] | None = None
) -> list[NextStep]:
    """Every recommender's next steps for these weakest dimensions, best first, at most `limit`.
    `keys` limits them to some recommenders (a page that already shows the others' items)."""
    found: list[NextStep] = []
    for recommender in sorted(_NEXT_STEPS.values(), key=lambda r: (r.order, r.key)):
        if keys is not None and recommender.key not in keys:
            continue
        found.extend(recommender.recommend(commune_code, dimensions, limit))
    order = {(d[0], d[1]): i for i, d in enumerate(dimensions)}
    found.sort(key=lambda s: (order.get((s.area, s.dimension), len(order)), -s.score, s.title))
    return found[:limit]


# ---------------------------------------------------------------------------- object actions
# Buttons a higher app adds to a lower app's object page, e.g. "Convertir en modelo replicable" on
# a finished pilot (the library offers it; pilots must not import the library). `action(user, obj)`
# returns the ObjectAction for that person and object, or None when it does not apply or they may
# not; it must be cheap (no query per call beyond the object's own rules). The page renders them
# with the `object_actions` template tag (core/templatetags/hub.py).


@dataclass(frozen=True)
class ObjectAction:
    label: str | Promise
    url: str
    post: bool = False  # a form button (the action writes) rather than a link


@dataclass(frozen=True)
class ObjectActionProvider:
    target: str  # "pilots.pilot": app and object type
    key: str
    order: int
    action: Callable[[Any, Any], ObjectAction | None]


_OBJECT_ACTIONS: dict[tuple[str, str], ObjectActionProvider] = {}


def register_object_action(
    target: str, key: str, order: int, action: Callable[[Any, Any], ObjectAction | None]
) -> None:
    _OBJECT_ACTIONS[(target, key)] = ObjectActionProvider(target, key, order, action)


def object_actions(target: str, user: Any, obj: Any) -> list[ObjectAction]:
    providers = sorted((p for p in _OBJECT_ACTIONS.values() if p.target == target), key=lambda p: (p.order, p.key))
    return [a for a in (p.action(user, obj) for p in providers) if a is not None]


# ---------------------------------------------------------------------------- notification kinds
# What each kind of notice is called in words ("training.application_decided" → "Decisión sobre
# una postulación"), for the inbox and its filters. The app that notifies registers its kinds in
# ready(); an unregistered kind is shown as its code.

_NOTIFICATION_KINDS: dict[str, str | Promise] = {}


def register_notification_kind(code: str, label: str | Promise) -> None:
    _NOTIFICATION_KINDS[code] = label


def notification_kind_label(code: str) -> str | Promise:
    return _NOTIFICATION_KINDS.get(code, code)


def notification_kinds() -> dict[str, str | Promise]:
    return dict(_NOTIFICATION_KINDS)


# ---------------------------------------------------------------------------- agreement links
# What an agreement (hublocal.agreements) may be linked to: pilots, cohorts, assistance
# engagements, projects. The app that owns the objects registers its kind in ready();
# `resolve(ids)` returns {id: (title, url)} for the ids that exist (one query per call), so the
# agreements app shows and validates links without importing the apps above it.


@dataclass(frozen=True)
class AgreementLinkKind:
    key: str  # "pilots.pilot"
    label: str | Promise
    resolve: Callable[[list[int]], dict[int, tuple[str, str]]]


_AGREEMENT_LINK_KINDS: dict[str, AgreementLinkKind] = {}


def register_agreement_link_kind(
    key: str, label: str | Promise, resolve: Callable[[list[int]], dict[int, tuple[str, str]]]
) -> None:
    _AGREEMENT_LINK_KINDS[key] = AgreementLinkKind(key, label, resolve)


def agreement_link_kind(key: str) -> AgreementLinkKind | None:
    return _AGREEMENT_LINK_KINDS.get(key)


def agreement_link_kinds() -> list[AgreementLinkKind]:
    return sorted(_AGREEMENT_LINK_KINDS.values(), key=lambda k: k.key)


# ---------------------------------------------------------------------------- roadmap
# The eight stages of the hub's installation are data kept by the network app; the about page
# (core) summarises them and links to the roadmap without importing that app. `summary()` returns
# [{"number", "title", "status", "status_label"}] in order; `url_name` is the roadmap page's route.


@dataclass(frozen=True)
class Roadmap:
    summary: Callable[[], list[dict[str, Any]]]
    url_name: str


_ROADMAP: list[Roadmap] = []


def register_roadmap(summary: Callable[[], list[dict[str, Any]]], url_name: str) -> None:
    _ROADMAP[:] = [Roadmap(summary, url_name)]


def roadmap() -> Roadmap | None:
    return _ROADMAP[0] if _ROADMAP else None


# ---------------------------------------------------------------------------- 360° view
# The 360° page of an organisation (its agreements, tables, projects, pilots, programmes,
# certificates, assistance) and "Mi participación" of a person. Each app adds its own panel here
# (from its panels_360.py), so the page in the directory shows them all without importing any app.
# `collect(subject_id, viewer)` returns the panel's template context, or None to leave it out
# (nothing to show, or nothing this viewer may see). The page itself checks who may open it; a
# collector must still filter what it returns by the viewer, object by object, and run a bounded
# number of queries whatever the data's size.
@dataclass(frozen=True)
class ParticipationPanel:
    key: str
    order: int
    title: str | Promise
    template: str
    collect: Callable[[int, Any], dict[str, Any] | None]


_ORGANIZATION_PANELS: dict[str, ParticipationPanel] = {}
_PERSON_PANELS: dict[str, ParticipationPanel] = {}


def register_organization_panel(
    key: str,
    order: int,
    title: str | Promise,
    template: str,
    collect: Callable[[int, Any], dict[str, Any] | None],
) -> None:
    """A panel of an organisation's 360° page; `collect(organization_id, viewer)`."""
    _ORGANIZATION_PANELS[key] = ParticipationPanel(key, order, title, template, collect)


def organization_panels() -> list[ParticipationPanel]:
    return sorted(_ORGANIZATION_PANELS.values(), key=lambda p: (p.order, p.key))


def register_person_panel(
    key: str,
    order: int,
    title: str | Promise,
    template: str,
    collect: Callable[[int, Any], dict[str, Any] | None],
) -> None:
    """A panel of a person's "Mi participación" page; `collect(user_id, viewer)`."""
    _PERSON_PANELS[key] = ParticipationPanel(key, order, title, template, collect)


def person_panels() -> list[ParticipationPanel]:
    return sorted(_PERSON_PANELS.values(), key=lambda p: (p.order, p.key))


# ---- agreement link choices
# What a person may pick when linking an agreement to an object of a registered link kind (the
# agreement page's form). `choices(user)` returns [(id, title)] of the objects of that kind the
# person may see, bounded (the most recent first); the agreements app validates a chosen id
# against it, so a link never points to something missing or hidden from whoever made it.

_AGREEMENT_LINK_CHOICES: dict[str, Callable[[Any], list[tuple[int, str]]]] = {}


def register_agreement_link_choices(key: str, choices: Callable[[Any], list[tuple[int, str]]]) -> None:
    _AGREEMENT_LINK_CHOICES[key] = choices


def agreement_link_choices(key: str) -> Callable[[Any], list[tuple[int, str]]] | None:
    return _AGREEMENT_LINK_CHOICES.get(key)


# ---------------------------------------------------------------------------- open data portal
# The exports app tells whoever listens (the open-data portal, hublocal/opendata) that it built a
# dataset's files, after the build committed, so the portal publishes a new dated version without
# the exports app importing it.

_DATASET_BUILT_LISTENERS: list[Callable[[str], None]] = []


def register_dataset_built_listener(listener: Callable[[str], None]) -> None:
    if listener not in _DATASET_BUILT_LISTENERS:
        _DATASET_BUILT_LISTENERS.append(listener)


def dataset_built(key: str) -> None:
    for listener in _DATASET_BUILT_LISTENERS:
        listener(key)


# ---------------------------------------------------------------------------- evaluation
# The hub's indicators (hublocal.evaluation) measure every other app without importing them: each
# app registers its data sources here from its own <app>/indicators.py. `compute(year)` returns
# the rows behind the figure, one per record counted (a submitted diagnosis, a pilot, an active
# agreement...), so every figure links back to its records. A row names the municipality it
# concerns (commune code or organisation id) when there is one; the engine adds its typology,
# region and country. `compute` must run a bounded number of aggregate queries whatever the size
# of the data (no per-municipality loops). An annual report section (finance, later ones) is
# registered the same way and rendered in the report's order.


@dataclass(frozen=True)
class IndicatorRow:
    value: float
    record_ref: str  # "<app>.<kind>:<id>", e.g. "pilots.pilot:12"
    label: str = ""
    url: str = ""
    organization_id: int | None = None
    commune_code: str = ""
    is_public: bool = True  # False: shown in drill-downs to the hub's staff only
    breakdown: dict[str, str] | None = None  # e.g. {"area": "digital", "kind": "cohort"}


@dataclass(frozen=True)
class IndicatorSource:
    key: str  # "pilots.pilots"
    compute: Callable[[int], list[IndicatorRow]]


_INDICATOR_SOURCES: dict[str, IndicatorSource] = {}


def register_indicator_source(key: str, compute: Callable[[int], list[IndicatorRow]]) -> None:
    _INDICATOR_SOURCES[key] = IndicatorSource(key, compute)


def indicator_source(key: str) -> IndicatorSource | None:
    return _INDICATOR_SOURCES.get(key)


def indicator_sources() -> list[IndicatorSource]:
    return sorted(_INDICATOR_SOURCES.values(), key=lambda s: s.key)


@dataclass(frozen=True)
class ReportSection:
    key: str
    order: int
    title: str | Promise
    template_name: str
    context: Callable[[int], dict[str, Any] | None]  # None: nothing to report that year


_REPORT_SECTIONS: dict[str, ReportSection] = {}


def register_report_section(
    key: str,
    order: int,
    title: str | Promise,
    template_name: str,
    context: Callable[[int], dict[str, Any] | None],
) -> None:
    _REPORT_SECTIONS[key] = ReportSection(key, order, title, template_name, context)


def report_sections() -> list[ReportSection]:
    return sorted(_REPORT_SECTIONS.values(), key=lambda s: (s.order, s.key))
