"""Writes of the hub's indicators: the recomputation into dated snapshots (task queue, nightly and
`manage.py compute_indicators`) and the annual targets staff set. Every write is atomic and
audited."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hublocal.audit.services import audit_record
from hublocal.core import registry
from hublocal.directory import selectors as directory_selectors
from hublocal.territory import selectors as territory_selectors

from . import definitions, engine
from .models import IndicatorSnapshot, IndicatorTarget

YEAR_MIN = 2015


def year_max() -> int:
    return timezone.localdate().year + 5


def _commune_facts() -> tuple[dict[str, tuple[str, str, str, str]], dict[str, dict[str, int]]]:
    """Every commune's (name, typology, region, country) and how many communes each typology,
    region and country has (what coverage is compared with): one query."""
    communes: dict[str, tuple[str, str, str, str]] = {}
    totals: dict[str, Counter[str]] = {"typology": Counter(), "region": Counter(), "country": Counter()}
    for code, name, typology, region, country in territory_selectors.commune_facts():
        communes[code] = (name, typology or "", region or "", country or "")
        for dim, value in (("typology", typology), ("region", region), ("country", country)):
            if value:
                totals[dim][value] += 1
    return communes, {dim: dict(sorted(c.items())) for dim, c in totals.items()}


def compute_indicators(*, year: int, actor: Any = None, now: datetime | None = None) -> dict[str, Any]:
    """Compute every measure of every indicator for `year` and store today's snapshot (a second
    run the same day replaces it). Each registered source runs once, with aggregate queries; the
    definitions are validated first, so a broken file stops here instead of publishing."""
    if not YEAR_MIN <= year <= year_max():
        raise ValidationError(
            {"year": _("Año fuera de rango (%(min)s–%(max)s).") % {"min": YEAR_MIN, "max": year_max()}}
        )
    now = now or timezone.now()
    indicators = definitions.indicators()
    source_keys = sorted({s for i in indicators for m in i.measures for s in m.sources})
    raw: dict[str, list[registry.IndicatorRow]] = {}
    for key in source_keys:
        source = registry.indicator_source(key)
        if source is None:
            raise ValidationError(_("Fuente de datos no registrada: %(key)s.") % {"key": key})
        raw[key] = source.compute(year)
    org_ids = sorted(
        {r.organization_id for rows in raw.values() for r in rows if r.organization_id and not r.commune_code}
    )
    commune_of_org = {
        o.pk: o.commune.code
        for o in directory_selectors.organizations_with_commune(ids=org_ids)
        if o.kind == "municipality" and o.commune is not None
    }
    communes, totals = _commune_facts()
    enriched = {
        key: engine.enrich(key, rows, commune_of_org=commune_of_org, communes=communes) for key, rows in raw.items()
    }
    figures: dict[str, float | None] = {}
    with transaction.atomic():
        for indicator in indicators:
            for m in indicator.measures:
                rows = [r for s in m.sources for r in enriched[s]]
                value = engine.aggregate(m.aggregate, rows)
                figures[m.key] = value
                IndicatorSnapshot.objects.update_or_create(
                    measure_key=m.key,
                    year=year,
                    computed_on=timezone.localdate(now),
                    defaults={
                        "indicator_key": indicator.key,
                        "definition_version": indicator.version,
                        "computed_at": now,
                        "value": value,
                        "denominator": float(len(communes)) if m.denominator else None,
                        "breakdowns": engine.breakdowns(m.aggregate, rows, m.breakdowns),
                        "totals": {d: totals[d] for d in m.breakdowns if d in totals} if m.denominator else {},
                        "rows": rows,
                        "row_count": len(rows),
                    },
                )
        audit_record(
            actor=actor,
            action="evaluation.compute",
            object_type="evaluation.year",
            object_id=str(year),
            object_repr=str(year),
            after={"figures": figures},
        )
    return figures


def _clean_target(measure_key: str, year: Any, value: Any) -> tuple[str, int, float]:
    errors: dict[str, str] = {}
    measure = definitions.measures().get(measure_key)
    if measure is None:
        errors["measure_key"] = _("Indicador desconocido: %(key)s.") % {"key": measure_key[:60]}
    try:
        year_int = int(year)
    except (TypeError, ValueError):
        year_int = 0
    if not YEAR_MIN <= year_int <= year_max():
        errors["year"] = _("El año debe estar entre %(min)s y %(max)s.") % {"min": YEAR_MIN, "max": year_max()}
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = -1.0
    if not 0 <= number <= 1_000_000_000:
        errors["value"] = _("La meta debe ser un número mayor o igual a cero.")
    elif measure is not None and measure.is_percentage and number > 100:
        errors["value"] = _("Esta meta es un porcentaje: no puede superar 100.")
    if errors:
        raise ValidationError(errors)
    return measure_key, year_int, number


def target_set(*, actor: Any, measure_key: str, year: Any, value: Any, note: str = "") -> IndicatorTarget:
    """Set (or change) the hub's target for a measure in a year."""
    key, year_int, number = _clean_target(measure_key, year, value)
    with transaction.atomic():
        before = IndicatorTarget.objects.select_for_update().filter(measure_key=key, year=year_int).first()
        previous = before.value if before else None
        target, _created = IndicatorTarget.objects.update_or_create(
            measure_key=key, year=year_int, defaults={"value": number, "note": note[:300], "set_by": actor}
        )
        audit_record(
            actor=actor,
            action="evaluation.target_set",
            obj=target,
            before={"value": previous} if before else None,
            after={"measure_key": key, "year": year_int, "value": number},
        )
    return target
