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
from hublocal.core.locking import check_and_bump
from hublocal.directory import selectors as directory_selectors
from hublocal.territory import selectors as territory_selectors

from . import definitions, engine
from .models import AnnualReport, IndicatorSnapshot, IndicatorTarget, Milestone, ResultNode

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


# ---- results framework and annual report
NODE_FIELDS = ("kind", "parent", "year", "order", "title", "description", "measure_key", "responsible_org",
               "responsible_text", "starts_on", "ends_on")  # fmt: skip
MILESTONE_FIELDS = ("title", "weight", "due_on", "done_on", "evidence_url")


def _clean_node(data: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    clean = {f: data.get(f) for f in NODE_FIELDS}
    clean["title"] = (clean["title"] or "").strip()[:200]
    clean["description"] = (clean["description"] or "").strip()
    clean["responsible_text"] = (clean["responsible_text"] or "").strip()[:200]
    clean["measure_key"] = (clean["measure_key"] or "").strip()
    clean["order"] = clean["order"] or 1
    if not clean["title"]:
        errors["title"] = _("Escriba el título.")
    if clean["kind"] not in ResultNode.Kind.values:
        errors["kind"] = _("Tipo desconocido.")
    elif clean["kind"] == ResultNode.Kind.RESULT and clean["parent"] is None:
        errors["parent"] = _("Un resultado esperado pertenece a un objetivo: elija uno.")
    elif clean["kind"] == ResultNode.Kind.OBJECTIVE:
        clean["parent"] = None
    parent = clean["parent"]
    if parent is not None and parent.kind != ResultNode.Kind.OBJECTIVE:
        errors["parent"] = _("Elija un objetivo, no un resultado.")
    try:
        year = int(clean["year"] or 0)
    except (TypeError, ValueError):
        year = 0
    if not YEAR_MIN <= year <= year_max():
        errors["year"] = _("El año debe estar entre %(min)s y %(max)s.") % {"min": YEAR_MIN, "max": year_max()}
    elif parent is not None and parent.year != year:
        errors["year"] = _("El resultado debe ser del mismo año que su objetivo (%(y)s).") % {"y": parent.year}
    clean["year"] = year
    if clean["measure_key"] and clean["measure_key"] not in definitions.measures():
        errors["measure_key"] = _("Indicador desconocido: %(key)s. Elija uno de la lista.") % {
            "key": clean["measure_key"][:60]
        }
    if not clean["responsible_org"] and not clean["responsible_text"]:
        errors["responsible_text"] = _("Indique la unidad responsable (una organización o un texto).")
    if not clean["starts_on"]:
        errors["starts_on"] = _("Indique la fecha de inicio.")
    if not clean["ends_on"]:
        errors["ends_on"] = _("Indique la fecha de término.")
    elif clean["starts_on"] and clean["ends_on"] < clean["starts_on"]:
        errors["ends_on"] = _("El término no puede ser anterior al inicio.")
    if errors:
        raise ValidationError(errors)
    return clean


def result_node_save(
    *, actor: Any, data: dict[str, Any], node: ResultNode | None = None, expected_version: int | None = None
) -> ResultNode:
    """Create or edit an objective or an expected result (validated; stale edits refused)."""
    clean = _clean_node(data)
    with transaction.atomic():
        if node is None:
            node = ResultNode.objects.create(**clean)
            before = None
            action = "evaluation.result_create"
        else:
            node = ResultNode.objects.select_for_update().get(pk=node.pk)
            before = {f: str(getattr(node, f)) for f in NODE_FIELDS}
            check_and_bump(node, expected_version)
            if node.kind != clean["kind"] and node.children.exists():
                raise ValidationError({"kind": _("Este objetivo tiene resultados: no puede pasar a ser un resultado.")})
            for f, v in clean.items():
                setattr(node, f, v)
            node.save()
            action = "evaluation.result_update"
        audit_record(
            actor=actor, action=action, obj=node, before=before, after={f: str(getattr(node, f)) for f in NODE_FIELDS}
        )
    return node


def _clean_milestone(data: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    clean = {f: data.get(f) for f in MILESTONE_FIELDS}
    clean["title"] = (clean["title"] or "").strip()[:200]
    clean["evidence_url"] = (clean["evidence_url"] or "").strip()[:200]
    if not clean["title"]:
        errors["title"] = _("Escriba el hito.")
    try:
        weight = float(clean["weight"] if clean["weight"] is not None else 1)
    except (TypeError, ValueError):
        weight = 0.0
    if not 0 < weight <= 1000:
        errors["weight"] = _("El peso debe ser un número positivo (hasta 1000).")
    clean["weight"] = weight
    if not clean["due_on"]:
        errors["due_on"] = _("Indique la fecha comprometida.")
    done = clean["done_on"]
    if done and done > timezone.localdate():
        errors["done_on"] = _("La fecha de cumplimiento no puede ser futura.")
    if clean["evidence_url"] and not clean["evidence_url"].startswith(("https://", "http://")):
        errors["evidence_url"] = _("El enlace a la evidencia debe empezar por https://.")
    if clean["evidence_url"] and not done:
        errors["done_on"] = _("Con evidencia, indique también la fecha de cumplimiento.")
    if errors:
        raise ValidationError(errors)
    return clean


def milestone_save(
    *,
    actor: Any,
    data: dict[str, Any],
    node: ResultNode | None = None,
    milestone: Milestone | None = None,
    expected_version: int | None = None,
) -> Milestone:
    """Add a milestone to `node`, or edit `milestone` (e.g. mark it done with date and evidence)."""
    clean = _clean_milestone(data)
    with transaction.atomic():
        if milestone is None:
            if node is None:
                raise ValidationError(_("Falta el objetivo o resultado del hito."))
            milestone = Milestone.objects.create(node=node, **clean)
            before = None
            action = "evaluation.milestone_create"
        else:
            milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
            before = {f: str(getattr(milestone, f)) for f in MILESTONE_FIELDS}
            check_and_bump(milestone, expected_version)
            for f, v in clean.items():
                setattr(milestone, f, v)
            milestone.save()
            action = "evaluation.milestone_update"
        audit_record(
            actor=actor,
            action=action,
            obj=milestone,
            before=before,
            after={f: str(getattr(milestone, f)) for f in MILESTONE_FIELDS},
        )
    return milestone


def _check_report_year(year: Any) -> int:
    try:
        year_int = int(year)
    except (TypeError, ValueError):
        year_int = 0
    if not YEAR_MIN <= year_int <= timezone.localdate().year:
        raise ValidationError(
            {"year": _("Año fuera de rango (%(min)s–%(max)s).") % {"min": YEAR_MIN, "max": timezone.localdate().year}}
        )
    return year_int


def report_highlights_set(*, actor: Any, year: Any, highlights: str) -> AnnualReport:
    """The staff's short text on the year; refused once the report is frozen."""
    year_int = _check_report_year(year)
    text = (highlights or "").strip()
    if len(text) > 4000:
        raise ValidationError({"highlights": _("Máximo 4000 caracteres.")})
    with transaction.atomic():
        report, _created = AnnualReport.objects.select_for_update().get_or_create(year=year_int)
        if report.is_frozen:
            raise ValidationError(_("El informe %(y)s ya está congelado: no cambia más.") % {"y": year_int})
        before = {"highlights": report.highlights}
        report.highlights = text
        report.save(update_fields=["highlights"])
        audit_record(
            actor=actor, action="evaluation.report_highlights", obj=report, before=before, after={"highlights": text}
        )
    return report


def report_freeze(*, actor: Any, year: Any) -> AnnualReport:
    """Store everything the report of `year` shows; from then on it renders from that JSON only.
    A second freeze is refused (a published report never changes). The PDF is drawn on the
    task queue from the stored JSON."""
    from . import results

    year_int = _check_report_year(year)
    with transaction.atomic():
        report, _created = AnnualReport.objects.select_for_update().get_or_create(year=year_int)
        if report.is_frozen:
            raise ValidationError(_("El informe %(y)s ya fue congelado el %(d)s.") % {
                "y": year_int, "d": timezone.localtime(report.frozen_at).date().isoformat()
            })  # fmt: skip
        report.data = results.report_data(year=year_int, highlights=report.highlights)
        report.frozen_at = timezone.now()
        report.frozen_by = actor
        report.save(update_fields=["data", "frozen_at", "frozen_by"])
        audit_record(actor=actor, action="evaluation.report_freeze", obj=report, after={"year": year_int})

        def queue_pdf() -> None:
            from . import tasks

            tasks.report_pdf_task(year_int)

        transaction.on_commit(queue_pdf)
    return report


def report_pdf_store(*, year: int) -> None:
    """Draw the frozen report's tagged PDF (from the stored JSON only) and keep it."""
    from django.core.files.base import ContentFile

    from . import report_pdf

    report = AnnualReport.objects.get(year=year)
    if not report.is_frozen:
        return
    content = report_pdf.render(report)
    with transaction.atomic():
        report = AnnualReport.objects.select_for_update().get(pk=report.pk)
        if report.pdf:
            report.pdf.delete(save=False)
        report.pdf.save(f"informe-anual-{year}.pdf", ContentFile(content), save=True)
