"""Peers: "municipios como el mío" (LG Inform's nearest neighbours, applied to the hub's data).

A commune's peers are the communes of the network (Chile's and the other countries') nearest to
it over:
- its diagnosis profile: the dimension scores of its latest published result of each instrument,
  one feature per (area, dimension);
- the commune indicators imported with `manage.py import_indicators` (population, budget,
  rurality…), compared on a logarithmic scale when the indicator declares it;
- its typology, region and country, as categorical features.

Every numeric feature is standardised (z-score over the communes that have it), so a dimension
scored 0–100 and a population in the millions weigh the same. The distance between a commune A
and a candidate B is the root mean square over A's features:

    d² = (Σ over features both have (zA − zB)² + MISSING × (features A has and B lacks)
          + TYPOLOGY_WEIGHT × [typologies differ] + REGION_WEIGHT × [regions differ]
          + COUNTRY_WEIGHT × [countries differ])
         / (features A has + TYPOLOGY_WEIGHT + REGION_WEIGHT + COUNTRY_WEIGHT)

A feature the candidate lacks counts as MISSING = 2, the expected squared difference of two
independent standardised values: an unknown profile is neither close nor far, so a commune that
was never diagnosed does not come out as everybody's twin.

Speed: the standardised vectors of every commune are built once per change of the data (a new
published result bumps its campaign's results_version, an indicator or typology import the
"territory" generation of core/cache.py), kept in the shared cache and memoised in the process. Communes with the same
features, typology, region and country form a group whose rows are scanned with math.dist (C
code), so one call at 20,000 communes is a few milliseconds and one small query (bench/peers.py)."""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass, field
from itertools import repeat
from operator import itemgetter
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.translation import gettext as _

from hublocal.core.areas import Area
from hublocal.core.cache import generation
from hublocal.territory import selectors as territory_selectors

from . import selectors

MISSING = 2.0
TYPOLOGY_WEIGHT = 2.0
REGION_WEIGHT = 1.0
# A municipality in another country of the network is a peer only when its profile is much closer.
COUNTRY_WEIGHT = 2.0
# Within this many standard deviations (mean absolute difference) an area's profile or an
# indicator is said to be "parecido" in the reasons.
SIMILAR_AREA = 0.5
SIMILAR_INDICATOR = 0.35
K_MAX = 50
CACHE_SECONDS = 6 * 3600
AREA_PREFIX = "area:"
INDICATOR_PREFIX = "ind:"


@dataclass
class Matrix:
    """Standardised feature vectors of every commune (picklable, for the shared cache)."""

    features: list[str]  # "area:<area>:<dimension>" or "ind:<indicator code>"
    feature_labels: list[str]  # the area code of a dimension, the indicator's label
    codes: list[str]
    names: list[str]
    typologies: list[str]
    regions: list[str]
    countries: list[str]
    index: dict[str, int]
    # (mask: sorted feature indices, typology, region, country) -> (member commune indices, rows
    # of z-values in mask order): inside a group the missing and categorical terms are constant.
    groups: dict[tuple[Any, ...], tuple[list[int], list[tuple[float, ...]]]] = field(default_factory=dict)
    vectors: dict[int, tuple[tuple[int, ...], tuple[float, ...]]] = field(default_factory=dict)
    raw_indicators: dict[int, dict[str, float]] = field(default_factory=dict)


@dataclass(frozen=True)
class Peer:
    code: str
    name: str
    typology: str
    region_code: str
    distance: float
    reasons: list[str]
    similar_areas: list[str]  # area codes whose profile is "parecido"
    indicators: dict[str, float]  # the peer's public imported indicators, by code


@dataclass(frozen=True)
class PeerSet:
    code: str
    name: str
    typology: str
    region_code: str
    features: int  # how many numeric features described the commune (0: typology and region only)
    peers: list[Peer]


def _build() -> Matrix:
    facts = territory_selectors.commune_facts()
    codes = [f[0] for f in facts]
    index = {code: i for i, code in enumerate(codes)}
    raw: dict[int, dict[str, float]] = {}
    for code, area, dims in selectors.latest_public_profiles():
        i = index.get(code)
        if i is None:
            continue
        target = raw.setdefault(i, {})
        for dim, score in dims.items():
            target[f"{AREA_PREFIX}{area}:{dim}"] = score
    definitions = {d.code: d for d in territory_selectors.indicator_definitions()}
    raw_indicators: dict[int, dict[str, float]] = {}
    for code, values in territory_selectors.indicator_latest_values().items():
        i = index.get(code)
        if i is None:
            continue
        raw_indicators[i] = values
        target = raw.setdefault(i, {})
        for ind, value in values.items():
            definition = definitions.get(ind)
            if definition is None:
                continue
            if definition.scale == "log":
                if value <= 0:
                    continue
                value = math.log10(value)
            target[f"{INDICATOR_PREFIX}{ind}"] = value
    features = sorted({k for values in raw.values() for k in values})
    fpos = {f: n for n, f in enumerate(features)}
    sums = [0.0] * len(features)
    squares = [0.0] * len(features)
    counts = [0] * len(features)
    for values in raw.values():
        for k, v in values.items():
            n = fpos[k]
            sums[n] += v
            squares[n] += v * v
            counts[n] += 1
    means = [s / c if c else 0.0 for s, c in zip(sums, counts, strict=True)]
    stds = [math.sqrt(max(sq / c - m * m, 0.0)) if c else 0.0 for sq, c, m in zip(squares, counts, means, strict=True)]
    matrix = Matrix(
        features=features,
        feature_labels=[
            f.split(":")[1] if f.startswith(AREA_PREFIX) else _indicator_label(definitions, f) for f in features
        ],
        codes=codes,
        names=[f[1] for f in facts],
        typologies=[f[2] for f in facts],
        regions=[f[3] or "" for f in facts],
        countries=[f[4] for f in facts],
        index=index,
        raw_indicators=raw_indicators,
    )
    members: dict[tuple[Any, ...], tuple[list[int], list[tuple[float, ...]]]] = {}
    for i in range(len(codes)):
        values = raw.get(i, {})
        mask = tuple(sorted(fpos[k] for k in values))
        row = tuple((values[features[n]] - means[n]) / stds[n] if stds[n] > 0 else 0.0 for n in mask)
        group = members.setdefault((mask, matrix.typologies[i], matrix.regions[i], matrix.countries[i]), ([], []))
        group[0].append(i)
        group[1].append(row)
        if mask:
            matrix.vectors[i] = (mask, row)
    matrix.groups = members
    return matrix


def _indicator_label(definitions: dict[str, Any], feature: str) -> str:
    code = feature[len(INDICATOR_PREFIX) :]
    definition = definitions.get(code)
    return definition.label if definition is not None else code


_MEMO: dict[str, Any] = {}
LATEST_KEY = "peers:matrix:latest"
REBUILD_LOCK_SECONDS = 120


def matrix() -> Matrix:
    """The current matrix: memoised in the process and cached in the shared cache under what it
    is built from, so it is rebuilt only after a change: the published scores' fingerprint (one
    small query; an answer being saved somewhere does not count) and the territory's data
    generation (typologies and imported indicators)."""
    if not getattr(settings, "DIAGNOSIS_AGGREGATE_CACHE", True):
        # The test settings turn the diagnosis caches off so query counts measure the real work.
        return _build()
    key = matrix_key()
    if _MEMO.get("key") == key:
        return _MEMO["matrix"]
    built = cache.get(key)
    if built is None:
        # A new published result changes the key; rebuilding takes about 2 s at 20,000 communes,
        # too long for the request that happens to ask first. While the task queue rebuilds it,
        # the matrix built before the change answers (peers barely move with one more result);
        # only a cold start, with no matrix at all, builds it in the request.
        stale = cache.get(LATEST_KEY)
        if stale is not None and stale[0] != key:
            if cache.add(f"{key}:building", 1, REBUILD_LOCK_SECONDS):
                from .tasks import peers_matrix_build_task

                transaction.on_commit(lambda: peers_matrix_build_task(key))
            return stale[1]
        built = matrix_store(key)
    _MEMO.clear()
    _MEMO.update(key=key, matrix=built)
    return built


def matrix_store(key: str) -> Matrix:
    """Build the matrix for `key` and keep it in the shared cache, also as the latest one."""
    built = _build()
    cache.set(key, built, CACHE_SECONDS)
    cache.set(LATEST_KEY, (key, built), CACHE_SECONDS)
    return built


def matrix_key() -> str:
    return f"peers:matrix:{selectors.public_results_fingerprint()}:{generation('territory')}"


def nearest(m: Matrix, i: int, k: int) -> list[tuple[float, int]]:
    """The k communes nearest to commune index `i`, as (distance, index), nearest first.

    Groups are visited cheapest constant first (missing features and categorical terms); a
    group whose constant alone exceeds the k-th best total so far cannot contribute and is
    skipped. Inside a group the ranking is by the Euclidean distance over the shared features,
    computed by math.dist over whole columns of rows (C code, no Python loop per commune)."""
    mask, row = m.vectors.get(i, ((), ()))
    target_pos = {f: n for n, f in enumerate(mask)}
    n_target = len(mask)
    denominator = n_target + TYPOLOGY_WEIGHT + REGION_WEIGHT + COUNTRY_WEIGHT
    typ, reg, country = m.typologies[i], m.regions[i], m.countries[i]
    plans = []
    for key, (members, rows) in m.groups.items():
        group_mask, g_typ, g_reg, g_country = key
        shared = [f for f in group_mask if f in target_pos]
        constant = (
            MISSING * (n_target - len(shared))
            + (TYPOLOGY_WEIGHT if g_typ != typ else 0.0)
            + (REGION_WEIGHT if g_reg != reg else 0.0)
            + (COUNTRY_WEIGHT if g_country != country else 0.0)
        )
        plans.append((constant, group_mask, shared, members, rows))
    plans.sort(key=lambda p: p[0])
    best: list[tuple[float, int]] = []  # a max-heap of the k best totals, as (-total, j)
    for constant, group_mask, shared, members, rows in plans:
        if len(best) >= k and constant >= -best[0][0]:
            break  # every later group starts at least this far
        want = k + 1  # one more: the commune itself may be in the group
        if not shared:
            found = [(0.0, j) for j in members[:want]]
        else:
            target = tuple(row[target_pos[f]] for f in shared)
            if len(shared) == len(group_mask):
                columns: Any = rows
            else:
                in_group = {f: n for n, f in enumerate(group_mask)}
                positions = [in_group[f] for f in shared]
                pick = itemgetter(*positions) if len(positions) > 1 else (lambda r, p=positions[0]: (r[p],))
                columns = map(pick, rows)
            found = heapq.nsmallest(want, zip(map(math.dist, repeat(target), columns), members, strict=True))
        for d, j in found:
            if j == i:
                continue
            total = d * d + constant
            if len(best) < k:
                heapq.heappush(best, (-total, j))
            elif total < -best[0][0]:
                heapq.heapreplace(best, (-total, j))
    ordered = sorted((-neg, j) for neg, j in best)
    return [(math.sqrt(total / denominator), j) for total, j in ordered]


def _reasons(m: Matrix, i: int, j: int) -> tuple[list[str], list[str]]:
    reasons: list[str] = []
    if m.typologies[i] == m.typologies[j] and m.typologies[i] != "sin_clasificar":
        reasons.append(_("misma tipología"))
    if m.regions[i] and m.regions[i] == m.regions[j]:
        reasons.append(_("misma región"))
    mask_i, row_i = m.vectors.get(i, ((), ()))
    mask_j, row_j = m.vectors.get(j, ((), ()))
    zj = dict(zip(mask_j, row_j, strict=True))
    by_area: dict[str, list[float]] = {}
    indicators: list[tuple[float, str]] = []
    for f, z in zip(mask_i, row_i, strict=True):
        if f not in zj:
            continue
        diff = abs(z - zj[f])
        if m.features[f].startswith(AREA_PREFIX):
            by_area.setdefault(m.feature_labels[f], []).append(diff)
        else:
            indicators.append((diff, m.feature_labels[f]))
    areas = dict(Area.choices)
    similar_areas = [a for a, diffs in by_area.items() if sum(diffs) / len(diffs) <= SIMILAR_AREA]
    for area in similar_areas:
        label = str(areas.get(area, area))
        reasons.append(_("perfil de madurez parecido en %(area)s") % {"area": label[:1].lower() + label[1:]})
    for diff, label in sorted(indicators):
        if diff <= SIMILAR_INDICATOR:
            reasons.append(_("%(indicator)s similar") % {"indicator": label[:1].lower() + label[1:]})
    if not reasons and zj:
        # Near overall without any one part standing out: say so rather than nothing.
        reasons.append(_("datos parecidos en conjunto"))
    return reasons, similar_areas


def peers(*, commune_code: str, k: int = 10) -> PeerSet | None:
    """The k Chilean communes most like this one, nearest first, each with its distance and the
    reasons in words; None when the code is not a commune of the network. No query when the matrix is
    cached (see matrix())."""
    m = matrix()
    i = m.index.get(commune_code)
    if i is None:
        return None
    k = max(1, min(k, K_MAX))
    out = []
    for distance, j in nearest(m, i, k):
        reasons, similar_areas = _reasons(m, i, j)
        out.append(
            Peer(
                code=m.codes[j],
                name=m.names[j],
                typology=m.typologies[j],
                region_code=m.regions[j],
                distance=round(distance, 3),
                reasons=reasons,
                similar_areas=similar_areas,
                indicators=dict(m.raw_indicators.get(j, {})),
            )
        )
    return PeerSet(
        code=commune_code,
        name=m.names[i],
        typology=m.typologies[i],
        region_code=m.regions[i],
        features=len(m.vectors.get(i, ((), ()))[0]),
        peers=out,
    )
