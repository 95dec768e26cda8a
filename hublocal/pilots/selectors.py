"""Pilot reads: lists and details, measurement series, the supplier-performance record and the
programme funnel. Every function runs a fixed number of queries whatever the data size
(aggregates are grouped in the database, never counted per row)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Avg, Count, Exists, F, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone

from hublocal.directory import selectors as directory_selectors
from hublocal.innovation import selectors as innovation_selectors
from hublocal.proposals import selectors as proposals_selectors

from . import rubric as rubrics
from .models import Indicator, IndicatorVersion, Measurement, Pilot, PilotAgreement, PilotStatus, Rating

STARTED = (PilotStatus.RUNNING, PilotStatus.PAUSED, PilotStatus.FINISHED)
# A challenge counts for the programme once published (the funnel's first stage).
UNPUBLISHED_CHALLENGE = ("draft", "in_review")
_PILOT_RELATED = (
    "agreement",
    "agreement__terms",
    "agreement__municipality",
    "agreement__municipality__commune",
    "agreement__startup",
    "agreement__challenge",
)


def pilot_get(*, pk: int) -> Pilot | None:
    return (
        Pilot.objects.select_related("agreement", "agreement__municipality", "agreement__startup").filter(pk=pk).first()
    )


def pilots_for_agreement_links(ids: list[int]) -> dict[int, tuple[str, str]]:
    """{pilot id: (title, page)} for the agreements app's links (core.registry), in one query."""
    return {
        pk: (title, reverse("pilots:pilot_detail", kwargs={"pk": pk}))
        for pk, title in Pilot.objects.filter(pk__in=ids).values_list("pk", "title")
    }


def _with_results(qs: QuerySet[Pilot]) -> QuerySet[Pilot]:
    """Pilots with their parties, rating and indicator counts (n_indicators, n_met) in one query."""
    return qs.select_related(*_PILOT_RELATED, "rating").annotate(
        n_indicators=Count("indicators", distinct=True),
        n_met=Count("indicators", filter=Q(indicators__met=True), distinct=True),
    )


def pilot_list(
    *, status: str = "", area: str = "", region: str = "", startup: str = "", municipality_id: int | None = None
) -> QuerySet[Pilot]:
    """Every pilot (all are public), newest first, filtered by status, the challenge's area,
    the municipality's region code, the startup's slug or the municipality."""
    qs = Pilot.objects.all()
    if status:
        qs = qs.filter(status=status)
    if area:
        qs = qs.filter(agreement__challenge__area=area)
    if region:
        qs = qs.filter(agreement__municipality__commune__region__code=region)
    if startup:
        qs = qs.filter(agreement__startup__slug=startup)
    if municipality_id is not None:
        qs = qs.filter(agreement__municipality_id=municipality_id)
    return _with_results(qs).order_by("-created_at", "-pk")


def finished_pilots(*, limit: int = 6) -> list[Pilot]:
    """The latest finished pilots with their results, for the public page's showcase."""
    return list(
        _with_results(Pilot.objects.filter(status=PilotStatus.FINISHED)).order_by("-finished_at", "-pk")[:limit]
    )


def finished_pilots_of_municipalities(*, organization_ids: list[int], limit: int = 20) -> list[Pilot]:
    """Finished pilots of these municipalities with their results (n_indicators, n_met), best
    met share first, in one query ("lo que funcionó en municipios como el mío")."""
    if not organization_ids:
        return []
    qs = _with_results(
        Pilot.objects.filter(status=PilotStatus.FINISHED, agreement__municipality_id__in=organization_ids)
    )
    return list(qs.order_by("-n_met", "-finished_at", "-pk")[:limit])


def running_pilot_count() -> int:
    return Pilot.objects.filter(status=PilotStatus.RUNNING).count()


@dataclass
class IndicatorView:
    indicator: Indicator
    current: IndicatorVersion
    versions: list[IndicatorVersion]
    measurements: list[Measurement]

    @property
    def last(self) -> Measurement | None:
        return self.measurements[-1] if self.measurements else None

    @property
    def earlier_versions(self) -> list[IndicatorVersion]:
        return [v for v in self.versions if v.version != self.current.version]


@dataclass
class PilotDetail:
    pilot: Pilot
    indicators: list[IndicatorView] = field(default_factory=list)
    rating: Rating | None = None

    @property
    def met_count(self) -> int:
        return sum(1 for i in self.indicators if i.indicator.met)


def pilot_detail(*, pk: int) -> PilotDetail | None:
    """A pilot with its indicators (current version and history) and their measurements:
    five queries whatever the number of indicators, versions or measurements."""
    pilot = Pilot.objects.select_related(*_PILOT_RELATED, "agreement__proposal", "created_by").filter(pk=pk).first()
    if pilot is None:
        return None
    indicators = list(
        Indicator.objects.filter(pilot=pilot)
        .order_by("order", "pk")
        .prefetch_related(
            Prefetch("versions", queryset=IndicatorVersion.objects.select_related("created_by").order_by("version")),
            Prefetch(
                "measurements", queryset=Measurement.objects.select_related("recorded_by").order_by("measured_on")
            ),
        )
    )
    views = []
    for ind in indicators:
        versions = list(ind.versions.all())
        current = next((v for v in versions if v.version == ind.current_version), versions[-1])
        views.append(IndicatorView(ind, current, versions, list(ind.measurements.all())))
    rating = Rating.objects.select_related("rated_by").filter(pilot=pilot).first()
    return PilotDetail(pilot=pilot, indicators=views, rating=rating)


def pilot_rating(*, pilot: Pilot) -> Rating | None:
    return Rating.objects.filter(pilot=pilot).first()


def indicator_get(*, pk: int) -> Indicator | None:
    return (
        Indicator.objects.select_related("pilot", "pilot__agreement", "pilot__agreement__terms").filter(pk=pk).first()
    )


def indicator_current_version(*, indicator: Indicator) -> IndicatorVersion | None:
    return IndicatorVersion.objects.filter(indicator=indicator, version=indicator.current_version).first()


def indicator_export_rows() -> Iterator[tuple[Indicator, IndicatorVersion]]:
    """Every indicator with its current version (one streamed query), for open data."""
    versions = (
        IndicatorVersion.objects.filter(version=F("indicator__current_version"))
        .select_related("indicator")
        .order_by("indicator__pilot_id", "indicator__order", "indicator_id")
    )
    for v in versions.iterator(chunk_size=1000):
        yield v.indicator, v


def measurement_series(*, indicator: Indicator) -> list[tuple[Any, float]]:
    """(date, value) pairs in date order, for charts."""
    return list(
        Measurement.objects.filter(indicator=indicator).order_by("measured_on").values_list("measured_on", "value")
    )


# --- Agreements -------------------------------------------------------------------------------


def agreement_list(*, startup: str = "", municipality_id: int | None = None) -> QuerySet[PilotAgreement]:
    qs = (
        PilotAgreement.objects.select_related(
            "terms", "municipality", "municipality__commune", "startup", "challenge", "pilot"
        )
        .prefetch_related("terms__parties")
        # The signature date is the parties' (agreements.Party), the same for both.
        .annotate(signed=Max("terms__parties__signed_on"))
        .order_by("-signed", "-pk")
    )
    if startup:
        qs = qs.filter(startup__slug=startup)
    if municipality_id is not None:
        qs = qs.filter(municipality_id=municipality_id)
    return qs


def agreement_get(*, pk: int) -> PilotAgreement | None:
    return (
        PilotAgreement.objects.select_related(
            "terms",
            "municipality",
            "municipality__commune",
            "startup",
            "challenge",
            "challenge__call",
            "pilot",
            "proposal",
        )
        .prefetch_related("terms__parties")
        .filter(pk=pk)
        .first()
    )


def agreement_for_proposal(*, proposal_id: int) -> list[PilotAgreement]:
    return list(PilotAgreement.objects.select_related("terms", "municipality", "pilot").filter(proposal_id=proposal_id))


# --- Supplier-performance record --------------------------------------------------------------


@dataclass
class SupplierSummary:
    """A startup's public record: pilots by status, indicators met over judged indicators (of
    finished pilots) and the municipalities' average rating."""

    organization_id: int
    name: str
    slug: str
    pilots_by_status: dict[str, int] = field(default_factory=dict)
    indicators_met: int = 0
    indicators_total: int = 0
    rating_average: float | None = None
    rating_count: int = 0
    criterion_averages: dict[str, float] = field(default_factory=dict)

    @property
    def pilots_total(self) -> int:
        return sum(self.pilots_by_status.values())

    @property
    def pilots_finished(self) -> int:
        return self.pilots_by_status.get(PilotStatus.FINISHED, 0)

    @property
    def pilots_running(self) -> int:
        return self.pilots_by_status.get(PilotStatus.RUNNING, 0) + self.pilots_by_status.get(PilotStatus.PAUSED, 0)


def _summaries(startup_ids: list[int] | None) -> dict[int, SupplierSummary]:
    """Supplier summaries for the given startups (None: every startup with an agreement),
    in four grouped queries."""
    agreements = PilotAgreement.objects.all()
    pilots = Pilot.objects.all()
    indicators = Indicator.objects.filter(pilot__status=PilotStatus.FINISHED, met__isnull=False)
    ratings = Rating.objects.all()
    if startup_ids is not None:
        agreements = agreements.filter(startup_id__in=startup_ids)
        pilots = pilots.filter(agreement__startup_id__in=startup_ids)
        indicators = indicators.filter(pilot__agreement__startup_id__in=startup_ids)
        ratings = ratings.filter(pilot__agreement__startup_id__in=startup_ids)
    found: dict[int, SupplierSummary] = {}
    for org_id, name, slug in (
        agreements.order_by().values_list("startup_id", "startup__name", "startup__slug").distinct()
    ):
        found[org_id] = SupplierSummary(org_id, name, slug)
    for org_id, status, n in pilots.order_by().values_list("agreement__startup_id", "status").annotate(n=Count("pk")):
        if org_id in found:
            found[org_id].pilots_by_status[status] = n
    for org_id, total, met in (
        indicators.order_by()
        .values_list("pilot__agreement__startup_id")
        .annotate(total=Count("pk"), n_met=Count("pk", filter=Q(met=True)))
    ):
        if org_id in found:
            found[org_id].indicators_total, found[org_id].indicators_met = total, met
    for org_id, avg, n in (
        ratings.order_by().values_list("pilot__agreement__startup_id").annotate(avg=Avg("average"), n=Count("pk"))
    ):
        if org_id in found:
            found[org_id].rating_average, found[org_id].rating_count = round(avg, 2), n
    return found


def supplier_list() -> list[SupplierSummary]:
    """Every startup with at least one agreement, by name (four queries in all)."""
    return sorted(_summaries(None).values(), key=lambda s: (s.name.casefold(), s.organization_id))


@dataclass(frozen=True)
class IndicatorResult:
    indicator: Indicator
    current: IndicatorVersion | None


@dataclass
class SupplierRecord:
    summary: SupplierSummary
    pilots: list[Pilot]
    ratings: list[Rating]
    rubric: rubrics.Rubric
    # pilot id → its judged indicators with their current version, for details.
    indicators: dict[int, list[IndicatorResult]]


def supplier_record(*, organization: Any) -> SupplierRecord:
    """A startup's record: the summary, its pilots and, for viewers allowed to see details,
    the ratings with comments and each pilot's indicator results (a fixed number of queries)."""
    summary = _summaries([organization.pk]).get(organization.pk) or SupplierSummary(
        organization.pk, organization.name, organization.slug
    )
    pilots = list(pilot_list(startup=organization.slug))
    ratings = list(
        Rating.objects.filter(pilot__agreement__startup_id=organization.pk)
        .select_related("pilot", "pilot__agreement__municipality")
        .order_by("-rated_at", "-pk")
    )
    # Per-criterion averages: each rating is scored on the rubric of its time, so every
    # criterion averages over the ratings that have it.
    sums: dict[str, list[int]] = defaultdict(list)
    for r in ratings:
        for key, value in (r.scores or {}).items():
            if isinstance(value, int):
                sums[key].append(value)
    summary.criterion_averages = {k: round(sum(v) / len(v), 2) for k, v in sums.items() if v}
    indicators: dict[int, list[IndicatorResult]] = defaultdict(list)
    rows = (
        Indicator.objects.filter(pilot__agreement__startup_id=organization.pk, pilot__status=PilotStatus.FINISHED)
        .order_by("pilot_id", "order", "pk")
        .prefetch_related("versions")
    )
    for ind in rows:
        current = next((v for v in ind.versions.all() if v.version == ind.current_version), None)
        indicators[ind.pilot_id].append(IndicatorResult(ind, current))
    return SupplierRecord(summary, pilots, ratings, rubrics.load(), dict(indicators))


# --- Programme funnel -------------------------------------------------------------------------


def _pilot_met() -> Exists:
    return Exists(Indicator.objects.filter(pilot=OuterRef("pk"), met=True))


def programme_funnel(
    *, call: Any = None, open_figures: bool = False, now: datetime | None = None
) -> dict[str, int | None]:
    """challenges → proposals → sessions → agreements → pilots → pilots with indicators met,
    for one call or overall. "Pilots" are those that started; "met" are finished pilots with at
    least one indicator met.

    Without `open_figures` (permissions.VIEW_OPEN_CALL_FIGURES) the proposals and sessions of
    calls not yet closed are left out: None for such a call, and the overall figures count only
    calls already closed."""
    now = now or timezone.now()
    call_id = call.pk if call is not None else None
    agreements = PilotAgreement.objects.all()
    pilots = Pilot.objects.filter(status__in=STARTED)
    if call_id is not None:
        agreements = agreements.filter(challenge__call_id=call_id)
        pilots = pilots.filter(agreement__challenge__call_id=call_id)
    counts: dict[str, int | None]
    if open_figures:
        counts = dict(proposals_selectors.funnel_counts(call_id=call_id))
    elif call is not None and now < call.closes_at:
        counts = {"proposals": None, "sessions": None}
    else:
        counts = dict(proposals_selectors.funnel_counts(call_id=call_id, closed_by=now))
    return {
        "challenges": innovation_selectors.challenge_counts(call_id=call_id),
        "proposals": counts["proposals"],
        "sessions": counts["sessions"],
        "agreements": agreements.count(),
        "pilots": pilots.count(),
        "pilots_met": pilots.filter(_pilot_met(), status=PilotStatus.FINISHED).count(),
    }


def programme_calls() -> list[tuple[int, str]]:
    """Calls that reached the agreement stage, for choosing a funnel (id, title)."""
    return list(
        PilotAgreement.objects.filter(challenge__call__isnull=False)
        .order_by("challenge__call__title")
        .values_list("challenge__call_id", "challenge__call__title")
        .distinct()
    )


@dataclass
class MunicipalityRow:
    organization: Any
    challenges: int
    proposals: int
    pilots: int
    implemented: bool
    # Of `challenges`, those shared with other municipalities (each of them counts it too).
    shared: int = 0


@dataclass
class ProgrammeTotals:
    """The per-municipality table's totals, each object counted once: a challenge shared by
    several municipalities (and its proposals) is one challenge, so these are not the sums of
    the rows. They equal the funnel's figures for the same call."""

    challenges: int
    proposals: int
    pilots: int
    municipalities: int
    implemented: int
    shared: int


@dataclass
class ProgrammeTable:
    rows: list[MunicipalityRow]
    totals: ProgrammeTotals


def programme_municipalities(*, viewer: Any, call_id: int | None = None) -> list[MunicipalityRow]:
    """One row per municipality taking part in a published (or later) challenge: its
    challenges, proposals received (not withdrawn), pilots started and whether it reached its
    first implemented pilot (a finished pilot with at least one indicator met). A shared
    challenge belongs to each of its municipalities (`shared` says how many of a row's are).
    Five queries whatever the number of municipalities; `viewer` is hub staff (the table is theirs)."""
    return programme_table(viewer=viewer, call_id=call_id).rows


def programme_table(*, viewer: Any, call_id: int | None = None) -> ProgrammeTable:
    """programme_municipalities' rows and their totals counted once per object (ProgrammeTotals)."""
    challenges = innovation_selectors.challenge_list_visible(viewer=viewer, call=call_id).exclude(
        status__in=UNPUBLISHED_CHALLENGE
    )
    munis_of: dict[int, set[int]] = defaultdict(set)
    for challenge_id, owner_id, member_id in challenges.order_by().values_list(
        "pk", "owner_id", "memberships__organization_id"
    ):
        munis_of[challenge_id].add(owner_id)
        if member_id is not None:
            munis_of[challenge_id].add(member_id)
    challenge_count: dict[int, int] = defaultdict(int)
    shared_count: dict[int, int] = defaultdict(int)
    for members in munis_of.values():
        for org_id in members:
            challenge_count[org_id] += 1
            if len(members) > 1:
                shared_count[org_id] += 1
    proposal_count: dict[int, int] = defaultdict(int)
    received = (
        proposals_selectors.proposals_visible_to(viewer)
        .filter(challenge_id__in=list(munis_of))
        .exclude(status="withdrawn")
        .order_by()
        .values_list("challenge_id")
        .annotate(n=Count("pk"))
    )
    total_proposals = 0
    for challenge_id, n in received:
        total_proposals += n
        for org_id in munis_of.get(challenge_id, ()):
            proposal_count[org_id] += n
    pilots = Pilot.objects.filter(status__in=STARTED)
    if call_id is not None:
        pilots = pilots.filter(agreement__challenge__call_id=call_id)
    per_muni = {
        org_id: (n, implemented)
        for org_id, n, implemented in pilots.order_by()
        .values_list("agreement__municipality_id")
        .annotate(
            n=Count("pk"),
            implemented=Count("pk", filter=Q(_pilot_met(), status=PilotStatus.FINISHED)),
        )
    }
    orgs = directory_selectors.organizations_with_commune(ids=sorted(challenge_count))
    rows = [
        MunicipalityRow(
            organization=org,
            challenges=challenge_count.get(org.pk, 0),
            proposals=proposal_count.get(org.pk, 0),
            pilots=per_muni.get(org.pk, (0, 0))[0],
            implemented=per_muni.get(org.pk, (0, 0))[1] > 0,
            shared=shared_count.get(org.pk, 0),
        )
        for org in orgs
    ]
    rows.sort(key=lambda r: (not r.implemented, -r.pilots, r.organization.name))
    totals = ProgrammeTotals(
        challenges=len(munis_of),
        proposals=total_proposals,
        # Every pilot has one municipality (its agreement's), so its rows add up to the total.
        pilots=sum(n for n, _ in per_muni.values()),
        municipalities=len(rows),
        implemented=sum(1 for r in rows if r.implemented),
        shared=sum(1 for members in munis_of.values() if len(members) > 1),
    )
    return ProgrammeTable(rows, totals)


# --- Municipality profile panel ---------------------------------------------------------------


def profile_panel(*, commune_code: str, organization: Any, user: Any) -> dict[str, Any] | None:
    """The municipality profile's pilots section (all pilots are public)."""
    if organization is None:
        return None
    pilots = list(pilot_list(municipality_id=organization.pk)[:10])
    if not pilots:
        return None
    return {"pilots": pilots}


# --- Personal home (/inicio/) -----------------------------------------------------------------

# How often each frequency asks for a measurement, in days ("end": once, at the agreement's end).
FREQUENCY_DAYS = {"weekly": 7, "monthly": 30, "quarterly": 91}


def _party(organization_id: int) -> Q:
    return Q(agreement__municipality_id=organization_id) | Q(agreement__startup_id=organization_id)


def home_running_indicators(*, organization_id: int, limit: int = 50) -> list[Indicator]:
    """Indicators of the running pilots an organisation is party to, with the pilot and its
    agreement, the current version's name and frequency (`current_name`, `current_frequency`)
    and the date of the last measurement (`last_measured_on`), in one query."""
    current = IndicatorVersion.objects.filter(indicator=OuterRef("pk"), version=OuterRef("current_version"))
    return list(
        Indicator.objects.filter(
            pilot__status=PilotStatus.RUNNING, pilot__in=Pilot.objects.filter(_party(organization_id))
        )
        .select_related("pilot", "pilot__agreement", "pilot__agreement__terms")
        .annotate(
            current_name=Subquery(current.values("name")[:1]),
            current_frequency=Subquery(current.values("frequency")[:1]),
            last_measured_on=Max("measurements__measured_on"),
        )
        .order_by("pilot_id", "order", "pk")[:limit]
    )


def home_pilots_to_rate(*, municipality_id: int, limit: int = 10) -> list[Pilot]:
    """Finished pilots of a municipality whose provider it has not rated yet (one query)."""
    return list(
        Pilot.objects.filter(
            status=PilotStatus.FINISHED, agreement__municipality_id=municipality_id, rating__isnull=True
        )
        .select_related("agreement", "agreement__startup")
        .order_by("-finished_at", "-pk")[:limit]
    )


def next_measurement_due(indicator: Indicator) -> Any:
    """When the indicator's next measurement is due: its frequency after the last measurement
    (or the pilot's start); "end" indicators at the agreement's end. None if unknown."""
    frequency = getattr(indicator, "current_frequency", None)
    agreement = indicator.pilot.agreement
    if frequency == "end" or frequency not in FREQUENCY_DAYS:
        return agreement.ends_on if frequency == "end" else None
    last = getattr(indicator, "last_measured_on", None)
    if last is None:
        started = indicator.pilot.started_at
        last = timezone.localdate(started) if started else agreement.starts_on
    return last + timedelta(days=FREQUENCY_DAYS[frequency])


# --------------------------------------------------------------------------- 360° view (panels_360.py)
LIMIT_360 = 50


def pilots_of_organization(*, organization_id: int) -> list[Pilot]:
    """The pilots an organisation is a party to (as municipality or startup), newest first, with
    their results. One query."""
    return list(_with_results(Pilot.objects.filter(_party(organization_id))).order_by("-created_at", "-pk")[:LIMIT_360])


def pilots_for_agreement_choices(user: Any) -> list[tuple[int, str]]:
    """Pilots an agreement may be linked to (all are public), newest first, bounded."""
    return list(Pilot.objects.order_by("-pk").values_list("pk", "title")[:200])


# ---------------------------------------------------------------------------- indicators (hublocal.evaluation)
# Aggregate reads behind this app's indicator sources (indicators.py): one query each, any size.


def indicator_pilots(*, year: int) -> list[Any]:
    """Pilots started during `year`, with their municipality and challenge area."""
    return list(
        Pilot.objects.filter(started_at__year=year)
        .order_by("pk")
        .values(
            "pk",
            "title",
            "agreement__municipality_id",
            "agreement__municipality__commune__code",
            "agreement__challenge__area",
        )
    )


def indicator_judged_indicators(*, year: int) -> list[Any]:
    """Pilot indicators judged (met or not) at a close during `year`."""
    return list(
        Indicator.objects.filter(met__isnull=False, pilot__finished_at__year=year)
        .order_by("pk")
        .values("pk", "met", "pilot_id", "pilot__title", "pilot__agreement__municipality_id")
    )
