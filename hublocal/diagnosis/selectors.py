"""Diagnosis reads: instruments, campaigns, answers, results and peer comparisons.

Every function runs a bounded number of queries whatever the number of municipalities."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Avg, Count, Exists, Max, OuterRef, Q, QuerySet

from hublocal.core.permissions import has_role, is_hub_staff, organization_id

from . import charts, instruments, scoring
from .models import (
    Answer,
    AnswerChange,
    Campaign,
    DimensionScore,
    InstrumentVersion,
    Participation,
    ParticipationStatus,
    ProposedChallenge,
    Result,
)

# Peer aggregates of fewer municipalities than this are withheld: they could identify one.
MIN_GROUP = 3

_PARSED: dict[tuple[int, str], instruments.Instrument] = {}


def instrument_of(version: InstrumentVersion) -> instruments.Instrument:
    """The parsed instrument of a published version (cached: versions are immutable)."""
    key = (version.pk, version.checksum)
    parsed = _PARSED.get(key)
    if parsed is None:
        parsed = instruments.parse(version.content, source=str(version))
        _PARSED[key] = parsed
    return parsed


def subject_key(campaign: Campaign) -> str:
    """How a campaign is named in the engagement tracks of its participants."""
    return f"campaign:{campaign.pk}"


def window_open(participation: Participation, now: Any) -> bool:
    """Whether the municipality may still answer: between opening and closing (or the
    extension staff granted when reopening)."""
    campaign = participation.campaign
    closes = max(campaign.closes_at, participation.extended_until or campaign.closes_at)
    return campaign.opens_at <= now <= closes


def instrument_version_list(*, area: str = "", latest_only: bool = False) -> list[InstrumentVersion]:
    qs = InstrumentVersion.objects.order_by("slug", "-version")
    if area:
        qs = qs.filter(area=area)
    versions = list(qs)
    if latest_only:
        seen: set[str] = set()
        versions = [v for v in versions if not (v.slug in seen or seen.add(v.slug))]  # type: ignore[func-returns-value]
    return versions


def instrument_version_get(*, slug: str, version: int | None = None) -> InstrumentVersion | None:
    qs = InstrumentVersion.objects.filter(slug=slug)
    if version is not None:
        qs = qs.filter(version=version)
    return qs.order_by("-version").first()


def campaign_list() -> QuerySet[Campaign]:
    return (
        Campaign.objects.select_related("instrument_version")
        .annotate(
            n_participants=Count("participations"),
            n_submitted=Count("participations", filter=Q(participations__status=ParticipationStatus.SUBMITTED)),
        )
        .order_by("-opens_at", "-id")
    )


def campaign_get(*, pk: int) -> Campaign | None:
    return Campaign.objects.select_related("instrument_version").filter(pk=pk).first()


def participation_list(*, campaign: Campaign) -> QuerySet[Participation]:
    return (
        Participation.objects.filter(campaign=campaign)
        .select_related("organization", "focal_point")
        .order_by("commune_code")
    )


def participation_get(*, pk: int) -> Participation | None:
    return (
        Participation.objects.select_related(
            "campaign", "campaign__instrument_version", "organization", "organization__commune", "focal_point"
        )
        .filter(pk=pk)
        .first()
    )


def participations_for_organization(*, organization_id: int) -> QuerySet[Participation]:
    return (
        Participation.objects.filter(organization_id=organization_id)
        .select_related("campaign", "campaign__instrument_version")
        .order_by("-campaign__opens_at")
    )


def answers_of(*, participation: Participation) -> dict[str, Answer]:
    return {a.question_id: a for a in Answer.objects.filter(participation=participation).select_related("updated_by")}


def answer_history(*, participation: Participation, limit: int = 50) -> list[AnswerChange]:
    return list(AnswerChange.objects.filter(participation=participation).select_related("changed_by")[:limit])


def result_of(*, participation: Participation) -> Result | None:
    return Result.objects.filter(participation=participation).first()


def proposed_challenges_of(*, participation: Participation) -> list[ProposedChallenge]:
    return list(ProposedChallenge.objects.filter(participation=participation))


def proposed_challenge_get(*, pk: int) -> ProposedChallenge | None:
    return ProposedChallenge.objects.select_related("participation").filter(pk=pk).first()


def proposed_challenges_for_organization(*, organization_id: int, status: str = "draft") -> list[ProposedChallenge]:
    """A municipality's gap drafts not yet turned into challenges (the innovation app adopts them)."""
    return list(
        ProposedChallenge.objects.filter(organization_id=organization_id, status=status).order_by("-created_at", "-pk")
    )


def latest_public_results_for_commune(*, commune_code: str) -> list[Result]:
    """The latest published result per instrument for one commune (one query + versions)."""
    rows = (
        Result.objects.filter(commune_code=commune_code, campaign__results_public=True)
        .select_related("instrument_version", "campaign")
        .order_by("instrument_version__slug", "-computed_at")
    )
    latest: dict[str, Result] = {}
    for r in rows:
        latest.setdefault(r.instrument_version.slug, r)
    return list(latest.values())


def public_results_fingerprint() -> str:
    """Changes whenever a published score does: every public campaign with its results_version
    (bumped by every new, reopened or recomputed result), in one query on the small campaign
    table. Unlike the "diagnosis" data generation, saving an answer does not change it."""
    rows = Campaign.objects.filter(results_public=True).order_by("pk").values_list("pk", "results_version")
    return hashlib.sha256(repr(list(rows)).encode()).hexdigest()[:16]


def latest_public_profiles() -> Iterator[tuple[str, str, dict[str, float]]]:
    """(commune code, area, {dimension: score}) of every commune's latest published result per
    instrument, streamed in one query (peers, see neighbours.py): only the fields it needs."""
    rows = (
        Result.objects.filter(campaign__results_public=True, overall__isnull=False)
        .order_by("commune_code", "instrument_version__slug", "-computed_at", "-pk")
        .values_list("commune_code", "instrument_version__slug", "instrument_version__area", "dimensions")
    )
    last: tuple[str, str] | None = None
    for code, slug, area, dims in rows.iterator(chunk_size=2000):
        if (code, slug) == last:
            continue
        last = (code, slug)
        yield code, area, {k: float(v) for k, v in (dims or {}).items() if v is not None}


@dataclass(frozen=True)
class GroupComparison:
    group: str  # "typology" | "region" | "nation"
    key: str
    size: int
    shown: bool
    overall_mean: float | None
    overall_percentile: float | None
    dimensions: dict[str, dict[str, float | None]]  # dim -> {mean, percentile, gap}


def _percentile(below: int, equal: int, n: int) -> float | None:
    # Mid-rank percentile: ties count half, so identical scores sit at the same percentile.
    if n == 0:
        return None
    return round(100.0 * (below + 0.5 * equal) / n, 1)


CACHE_SECONDS = 3600


def _aggregate_cache_on() -> bool:
    return getattr(settings, "DIAGNOSIS_AGGREGATE_CACHE", True)


def _campaign_key(campaign_id: int, name: str, version: int | None, *parts: Any) -> str:
    """The cache key of a campaign aggregate; reads the results version (one small query)
    unless the caller passes the one it has just read with the campaign in the same request."""
    if version is None:
        version = Campaign.objects.filter(pk=campaign_id).values_list("results_version", flat=True).first()
    return f"diagnosis:{name}:{campaign_id}:{version}:" + ":".join(str(p) for p in parts)


def _campaign_cached(campaign_id: int, name: str, compute: Any, *parts: Any, version: int | None = None) -> Any:
    """Cache a campaign aggregate under the campaign's results_version: any new, reopened or
    recomputed result bumps the version, so a stale figure is never served (see _campaign_key
    for the `version` argument). The test settings turn it off so query counts measure the
    real work."""
    if not _aggregate_cache_on():
        return compute()
    key = _campaign_key(campaign_id, name, version, *parts)
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
    return value


def cached_for_campaign(campaign: Campaign, name: str, compute: Any, *parts: Any, version: int | None = None) -> Any:
    """Any derived artefact of a campaign's results (e.g. the rendered map), cached like the
    aggregates: recomputed after every result change. `parts` name everything else the
    artefact depends on (filters, language, texts: see text_key)."""
    return _campaign_cached(campaign.pk, name, compute, *parts, version=version)


def text_key(*texts: Any) -> str:
    """A short digest of texts drawn into a cached artefact (titles with names that can be
    edited apart from the results), so an edit gives a new cache key rather than a stale image."""
    return hashlib.blake2b("\x1f".join(str(t) for t in texts).encode(), digest_size=8).hexdigest()


def peer_comparison(*, result: Result) -> list[GroupComparison]:
    """The result beside its peers (cached per campaign results version; see _peer_comparison)."""
    return _campaign_cached(result.campaign_id, "peers", lambda: _peer_comparison(result=result), result.pk)


def _peer_comparison(*, result: Result) -> list[GroupComparison]:
    """The result beside its peers: same typology, same region, the nation (same campaign).

    Three queries per group (overall, then every dimension at once), whatever the size."""
    groups = [
        ("typology", result.typology, Q(typology=result.typology)),
        ("region", result.region_code, Q(region_code=result.region_code)),
        ("nation", "CL", Q()),
    ]
    out: list[GroupComparison] = []
    dims = {k: v for k, v in (result.dimensions or {}).items() if v is not None}
    for name, key, cond in groups:
        base = Result.objects.filter(cond, campaign_id=result.campaign_id, overall__isnull=False)
        x = result.overall
        agg = base.aggregate(
            n=Count("id"),
            mean=Avg("overall"),
            below=Count("id", filter=Q(overall__lt=x)) if x is not None else Count("id", filter=Q(pk__in=[])),
            equal=Count("id", filter=Q(overall=x)) if x is not None else Count("id", filter=Q(pk__in=[])),
        )
        n = agg["n"] or 0
        shown = n >= MIN_GROUP
        dim_stats: dict[str, dict[str, float | None]] = {}
        if shown and dims:
            ds = DimensionScore.objects.filter(cond, campaign_id=result.campaign_id)
            aggregates: dict[str, Any] = {}
            for dim, score in dims.items():
                aggregates[f"{dim}__mean"] = Avg("score", filter=Q(dimension=dim))
                aggregates[f"{dim}__n"] = Count("id", filter=Q(dimension=dim))
                aggregates[f"{dim}__below"] = Count("id", filter=Q(dimension=dim, score__lt=score))
                aggregates[f"{dim}__equal"] = Count("id", filter=Q(dimension=dim, score=score))
            values = ds.filter(dimension__in=list(dims)).aggregate(**aggregates)
            for dim, score in dims.items():
                mean = values[f"{dim}__mean"]
                dn = values[f"{dim}__n"] or 0
                dim_stats[dim] = {
                    "mean": round(mean, 1) if mean is not None else None,
                    "percentile": _percentile(values[f"{dim}__below"], values[f"{dim}__equal"], dn),
                    "gap": round(score - mean, 1) if mean is not None else None,
                }
        out.append(
            GroupComparison(
                group=name,
                key=key,
                size=n,
                shown=shown,
                overall_mean=round(agg["mean"], 1) if shown and agg["mean"] is not None else None,
                overall_percentile=_percentile(agg["below"], agg["equal"], n) if shown and x is not None else None,
                dimensions=dim_stats,
            )
        )
    return out


def ranking(*, campaign: Campaign, region: str = "", typology: str = "") -> QuerySet[Result]:
    qs = Result.objects.filter(campaign=campaign, overall__isnull=False)
    if region:
        qs = qs.filter(region_code=region)
    if typology:
        qs = qs.filter(typology=typology)
    return qs.only(
        "id",
        "participation_id",
        "commune_code",
        "commune_name",
        "region_code",
        "typology",
        "overall",
        "level",
        "dimensions",
    ).order_by("-overall", "commune_name", "id")


@dataclass(frozen=True)
class RankedRow:
    """One row of a ranking: a result's public fields and its competition place."""

    position: int
    participation_id: int
    commune_code: str
    commune_name: str
    region_code: str
    typology: str
    overall: float
    level: int | None
    dimensions: dict[str, float | None]


_RANKED_FIELDS = (
    "participation_id",
    "commune_code",
    "commune_name",
    "region_code",
    "typology",
    "overall",
    "level",
    "dimensions",
)


# Ranked rows are cached in aligned blocks of this many (a multiple of the web and API page
# sizes, so a default page lies in one block): whatever page sizes clients ask for, a ranking
# of n results never occupies more than n / RANKING_BLOCK entries of the cache.
RANKING_BLOCK = 100


class RankedResults:
    """A campaign's (filtered) ranking as a lazy sequence for Django's and DRF's paginators.

    `count()` and the rows are cached under the campaign's results_version, like the
    aggregates: while the results are unchanged a page costs two cache reads (and their two
    version queries, none when the caller passes the version), not a count and an OFFSET walk
    over tens of thousands of results. Rows missing from the cache are read in one query,
    plus one (rank_offset) when they do not start at the top."""

    def __init__(self, *, campaign: Campaign, region: str = "", typology: str = "", version: int | None = None) -> None:
        self.campaign, self.region, self.typology, self.version = campaign, region, typology, version

    def _query(self) -> QuerySet[Result]:
        return ranking(campaign=self.campaign, region=self.region, typology=self.typology)

    def count(self) -> int:
        return _campaign_cached(
            self.campaign.pk, "ranking-count", self._query().count, self.region, self.typology, version=self.version
        )

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, item: slice) -> list[RankedRow]:
        if not isinstance(item, slice) or item.step not in (None, 1) or item.stop is None:
            raise TypeError("A ranking is read by bounded slices (pages).")
        start, stop = max(item.start or 0, 0), max(item.stop, 0)
        if stop <= start:
            return []
        if not _aggregate_cache_on():
            return self._rows(start, stop)
        size = RANKING_BLOCK
        blocks = range(start // size, (stop - 1) // size + 1)
        prefix = _campaign_key(self.campaign.pk, "ranking-rows", self.version, self.region, self.typology)
        keys = {b: f"{prefix}:{b}" for b in blocks}
        found = cache.get_many(list(keys.values()))
        missing = [b for b in blocks if keys[b] not in found]
        if missing:
            # One query for every missing block (and those between them).
            low = missing[0] * size
            fresh = self._rows(low, (missing[-1] + 1) * size)
            new = {keys[b]: fresh[b * size - low : (b + 1) * size - low] for b in missing}
            cache.set_many(new, CACHE_SECONDS)
            found.update(new)
        rows = [row for b in blocks for row in found[keys[b]]]
        offset = blocks[0] * size
        return rows[start - offset : stop - offset]

    def _rows(self, start: int, stop: int) -> list[RankedRow]:
        rows = list(self._query().values_list(*_RANKED_FIELDS)[start:stop])
        if not rows:
            return []
        # Competition ranking: ties share a place. Rows are sorted by score, so a row whose score
        # differs from the previous one has exactly `start + i` rows above it; only the first row
        # may tie with rows before the slice (one count query, slices after the first).
        first = rows[0][5]
        above = (
            rank_offset(campaign=self.campaign, overall=first, region=self.region, typology=self.typology)
            if start
            else 0
        )
        out: list[RankedRow] = []
        position = above + 1
        for i, row in enumerate(rows):
            if i and row[5] != rows[i - 1][5]:
                position = start + i + 1
            out.append(RankedRow(position, *row))
        return out


def ranked(*, campaign: Campaign, region: str = "", typology: str = "", version: int | None = None) -> RankedResults:
    """The ranking with competition places, paginated and cached (see RankedResults). Pass the
    campaign's results `version` only when the campaign was read in this same request."""
    return RankedResults(campaign=campaign, region=region, typology=typology, version=version)


def distribution(
    *, campaign: Campaign, region: str = "", typology: str = "", bins: int = 10, version: int | None = None
) -> list[int]:
    """How many municipalities fall in each band of the overall index (cached; one query)."""
    return _campaign_cached(
        campaign.pk,
        "distribution",
        lambda: _distribution(campaign=campaign, region=region, typology=typology, bins=bins),
        region,
        typology,
        bins,
        version=version,
    )


def _distribution(*, campaign: Campaign, region: str = "", typology: str = "", bins: int = 10) -> list[int]:
    qs = Result.objects.filter(campaign=campaign, overall__isnull=False)
    if region:
        qs = qs.filter(region_code=region)
    if typology:
        qs = qs.filter(typology=typology)
    width = 100 / bins
    agg = qs.aggregate(
        **{
            f"b{i}": Count(
                "id",
                filter=Q(overall__gte=i * width) & (Q(overall__lt=(i + 1) * width) if i < bins - 1 else Q()),
            )
            for i in range(bins)
        }
    )
    return [agg[f"b{i}"] for i in range(bins)]


def group_means(*, campaign: Campaign, group: str, version: int | None = None) -> dict[str, dict[str, Any]]:
    """Mean overall index per typology or per region, withholding groups under MIN_GROUP (cached)."""
    return _campaign_cached(
        campaign.pk, "means", lambda: _group_means(campaign=campaign, group=group), group, version=version
    )


def _group_means(*, campaign: Campaign, group: str) -> dict[str, dict[str, Any]]:
    field = {"typology": "typology", "region": "region_code"}[group]
    rows = (
        Result.objects.filter(campaign=campaign, overall__isnull=False)
        .values(field)
        .annotate(n=Count("id"), mean=Avg("overall"), best=Max("overall"))
        .order_by(field)
    )
    return {
        r[field]: {"n": r["n"], "mean": round(r["mean"], 1), "best": r["best"]} for r in rows if r["n"] >= MIN_GROUP
    }


def commune_index_map(*, campaign: Campaign) -> dict[str, float | None]:
    """The index of every commune with a result (20,000+ rows at scale: callers cache what they
    derive from it, e.g. the rendered map, with cached_for_campaign)."""
    return dict(Result.objects.filter(campaign=campaign, overall__isnull=False).values_list("commune_code", "overall"))


def campaign_status_counts(*, campaign: Campaign) -> dict[str, int]:
    rows = Participation.objects.filter(campaign=campaign).values("status").annotate(n=Count("id"))
    counts = dict.fromkeys(ParticipationStatus.values, 0)
    for r in rows:
        counts[r["status"]] = r["n"]
    return counts


def diagnosed_municipality_count() -> int:
    return Result.objects.values("organization_id").distinct().count()


def profile_panel(*, commune_code: str, organization: Any, user: Any) -> dict[str, Any] | None:
    """The municipality profile's diagnosis section: latest published scores per instrument,
    and, for its own officials and hub staff, its ongoing participations."""
    from .permissions import Action, can

    results = latest_public_results_for_commune(commune_code=commune_code)
    ongoing: list[Participation] = []
    if organization is not None:
        ongoing = [
            p
            for p in participations_for_organization(organization_id=organization.pk)
            if p.status != ParticipationStatus.SUBMITTED and can(user, Action.VIEW_PARTICIPATION, p)
        ]
    if not results and not ongoing:
        return None
    return {"results": results, "ongoing": ongoing}


# --- Reports, ranking and exports (report_views) ----------------------------------------------


def campaigns_with_results(*, public_only: bool, limit: int = 200) -> list[Campaign]:
    """Campaigns with at least one scored result, newest first (one query). The instrument's
    content (the whole questionnaire, milliseconds to decode) is left out: the ranking only
    names the instrument."""
    qs = (
        Campaign.objects.filter(Exists(Result.objects.filter(campaign=OuterRef("pk"), overall__isnull=False)))
        .select_related("instrument_version")
        .defer("instrument_version__content")
    )
    if public_only:
        qs = qs.filter(results_public=True)
    return list(qs.order_by("-opens_at", "-id")[:limit])


def campaign_get_plain(*, pk: int) -> Campaign | None:
    """The campaign's own row, without its instrument (whose content is the whole questionnaire):
    enough for the ranking API, which reads this on every request."""
    return Campaign.objects.filter(pk=pk).first()


def rank_offset(*, campaign: Campaign, overall: float, region: str = "", typology: str = "") -> int:
    """How many results of the (filtered) ranking score strictly above `overall`: the
    competition rank of a score is this plus one, so ties share a rank (one query)."""
    qs = Result.objects.filter(campaign=campaign, overall__gt=overall)
    if region:
        qs = qs.filter(region_code=region)
    if typology:
        qs = qs.filter(typology=typology)
    return qs.count()


def campaign_participations_for_export(*, campaign: Campaign) -> list[Participation]:
    """Every participation of a campaign by id (at most one per municipality: bounded)."""
    return list(
        Participation.objects.filter(campaign=campaign)
        .only("id", "commune_code", "commune_name", "region_code", "typology", "status", "submitted_at")
        .order_by("pk")
    )


def campaign_answers_stream(*, campaign: Campaign) -> Iterator[tuple[int, str, Any]]:
    """(participation_id, question_id, value) for a whole campaign, ordered by participation,
    streamed in chunks so an export never holds every answer in memory."""
    return (
        Answer.objects.filter(participation__campaign=campaign)
        .order_by("participation_id", "question_id")
        .values_list("participation_id", "question_id", "value")
        .iterator(chunk_size=2000)
    )


def campaign_results(*, campaign: Campaign) -> QuerySet[Result]:
    return Result.objects.filter(campaign=campaign).order_by("commune_code")


def public_results(*, campaign_id: int | None = None) -> QuerySet[Result]:
    """Scores of campaigns whose results are published (open data), by campaign and commune."""
    qs = Result.objects.filter(campaign__results_public=True)
    if campaign_id is not None:
        qs = qs.filter(campaign_id=campaign_id)
    return qs.select_related("campaign", "instrument_version").order_by("campaign_id", "commune_code")


OPEN_VALUE_FIELDS = (
    "campaign_id",
    "campaign__name",
    "campaign__is_demo",
    "instrument_version__slug",
    "instrument_version__version",
    "commune_code",
    "commune_name",
    "region_code",
    "typology",
    "overall",
    "level",
    "dimensions",
    "computed_at",
)


def public_result_values(*, campaign_id: int | None = None) -> QuerySet[Result]:
    """The open scores as value tuples (OPEN_VALUE_FIELDS), for the open-data files: the
    instrument's definition (a large JSON document) and the campaign row are not read, let
    alone decoded, once per result, as select_related would."""
    qs = Result.objects.filter(campaign__results_public=True)
    if campaign_id is not None:
        qs = qs.filter(campaign_id=campaign_id)
    return qs.order_by("campaign_id", "commune_code").values_list(*OPEN_VALUE_FIELDS)


def ranking_values() -> QuerySet[Result, tuple[Any, ...]]:
    """The ranking of every published campaign as value tuples, best first within each campaign
    (the open-data ranking, diagnosis/open_data.py)."""
    return (
        Result.objects.filter(campaign__results_public=True, overall__isnull=False)
        .order_by("campaign_id", "-overall", "commune_name", "id")
        .values_list(
            "campaign_id",
            "campaign__name",
            "campaign__is_demo",
            "commune_code",
            "commune_name",
            "region_code",
            "typology",
            "overall",
            "level",
        )
    )


def participation_count(*, campaign: Campaign) -> int:
    return Participation.objects.filter(campaign=campaign).count()


def public_campaign_ids() -> list[int]:
    """Campaigns with published scores and at least one result (one file each in open data)."""
    return list(
        Campaign.objects.filter(results_public=True, results__isnull=False)
        .distinct()
        .order_by("pk")
        .values_list("pk", flat=True)
    )


# --- REST API (api.py) --------------------------------------------------------------------------


def campaign_list_visible(*, viewer: Any) -> QuerySet[Campaign]:
    """Campaigns a viewer may see, with participant counts (one query): the hub team sees every
    one; anyone sees those whose scores are published; a municipal official also sees the
    campaigns their municipality takes part in."""
    qs = campaign_list()
    if is_hub_staff(viewer):
        return qs
    visible = Q(results_public=True)
    own = organization_id(viewer) if has_role(viewer, "municipal") else None
    if own is not None:
        # A subquery rather than a join: a join would multiply the participant counts.
        visible |= Q(pk__in=Participation.objects.filter(organization_id=own).values("campaign_id"))
    return qs.filter(visible)


def campaign_get_visible(*, pk: int, viewer: Any) -> Campaign | None:
    return campaign_list_visible(viewer=viewer).filter(pk=pk).first()


def participation_list_of_organization(*, campaign: Campaign, organization_id: int) -> QuerySet[Participation]:
    """A campaign's participation rows restricted to one organisation (at most one row)."""
    return participation_list(campaign=campaign).filter(organization_id=organization_id)


# --- Personal home (/inicio/) -----------------------------------------------------------------


def home_participations(*, organization_id: int, limit: int = 10) -> list[Participation]:
    """A municipality's participations, newest campaign first, with their campaign and whether a
    result exists (`has_result`), in one query."""
    return list(
        Participation.objects.filter(organization_id=organization_id)
        .select_related("campaign")
        .annotate(has_result=Exists(Result.objects.filter(participation=OuterRef("pk"))))
        .order_by("-campaign__opens_at", "-pk")[:limit]
    )


def home_open_campaigns(*, now: Any, limit: int = 10) -> list[Campaign]:
    """Campaigns open now that still wait for some municipalities, with `n_total` and
    `n_pending` (not yet submitted), soonest closing first (one query)."""
    return list(
        Campaign.objects.filter(opens_at__lte=now, closes_at__gte=now)
        .annotate(
            n_total=Count("participations"),
            n_pending=Count("participations", filter=~Q(participations__status=ParticipationStatus.SUBMITTED)),
        )
        .filter(n_pending__gt=0)
        .order_by("closes_at", "pk")[:limit]
    )


# --- The instrument engine and charts, for other apps -------------------------------------------
# Training's evaluation surveys are instruments too (content/training/instruments/): they are
# read, validated and drawn with the same engine, through these functions, not a second copy.

AnswerError = scoring.AnswerError
# The chart scene's shapes (SVG coordinates, y grows downwards) and how a figure is written.
ChartScene, ChartRect, ChartLine, ChartText = charts.Scene, charts.Rect, charts.Line, charts.Text
chart_num = charts.num
CHART_BAR, CHART_GRID, CHART_INK, CHART_MUTED = charts.BAR, charts.GRID, charts.INK, charts.MUTED


def instrument_from_file(path: Any) -> instruments.Instrument:
    """Read and validate one instrument file (slug/v<version>.yaml). Raises InstrumentError."""
    return instruments.parse(instruments.read_file(path).data, source=str(path))


def answer_validate(question: instruments.Question, raw: Any) -> Any:
    """The normalised answer, or AnswerError with a message for a person (None clears)."""
    return scoring.validate_value(question, raw)


def answers_missing(instrument: instruments.Instrument, answers: dict[str, Any]) -> list[instruments.Question]:
    """Required questions (visible given the answers) still unanswered."""
    return scoring.missing_required(instrument, answers)


def chart_svg(scene: charts.Scene, *, dom_id: str) -> str:
    return charts.to_svg(scene, dom_id=dom_id)


def pdf_from_html(html: str) -> bytes:
    """A tagged A4 PDF (PDF/UA-1) drawn by WeasyPrint, deterministic for the same HTML."""
    from . import paper

    return paper.render_pdf(html)


# ---------------------------------------------------------------------------- indicators (hublocal.evaluation)
# Aggregate reads behind this app's indicator sources (indicators.py): one query each, any size.


def indicator_submissions(*, year: int) -> list[Any]:
    """Participations submitted during `year`, with their campaign's publication flag and area."""
    return list(
        Participation.objects.filter(status=ParticipationStatus.SUBMITTED, submitted_at__year=year)
        .order_by("pk")
        .values(
            "pk",
            "organization_id",
            "commune_code",
            "commune_name",
            "campaign__name",
            "campaign__results_public",
            "campaign__instrument_version__area",
        )
    )


def indicator_results_until(*, year: int) -> list[Any]:
    """Every overall score computed up to the end of `year`, oldest first per commune (the
    engine compares a municipality's last two campaigns)."""
    return list(
        Result.objects.filter(overall__isnull=False, computed_at__year__lte=year)
        .order_by("commune_code", "computed_at", "pk")
        .values(
            "pk",
            "organization_id",
            "commune_code",
            "commune_name",
            "typology",
            "overall",
            "campaign_id",
            "campaign__name",
            "campaign__results_public",
            "computed_at",
        )
    )
