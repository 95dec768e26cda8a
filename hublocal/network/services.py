"""Network writes: units with products and relations (the demo and staff set them up), and the
roadmap's stages (status, dates, evidence) kept up to date by staff. Atomic and audited."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hublocal.audit.services import audit_record
from hublocal.core.locking import check_and_bump

from .models import Evidence, EvidenceKind, Product, Relation, Stage, StageStatus, Unit
from .permissions import Action, can


def _staff_only(actor: Any) -> None:
    if not can(actor, Action.EDIT_STAGE):
        raise ValidationError(_("Solo el equipo del Hub mantiene las unidades y la hoja de ruta."))


@transaction.atomic
def unit_upsert(
    *,
    actor: Any,
    slug: str,
    name: str,
    kind: str,
    mission: str,
    order: int = 0,
    products: list[tuple[str, str, str]] = (),  # type: ignore[assignment]
    is_demo: bool = False,
) -> Unit:
    """Create or replace a unit and its products ((kind, title, url) triples)."""
    _staff_only(actor)
    if not name.strip() or not mission.strip():
        raise ValidationError(_("Una unidad tiene nombre y misión."))
    unit, created = Unit.objects.update_or_create(
        slug=slug, defaults={"name": name, "kind": kind, "mission": mission, "order": order, "is_demo": is_demo}
    )
    unit.full_clean()
    unit.products.all().delete()
    Product.objects.bulk_create([Product(unit=unit, kind=k, title=t, url=u) for k, t, u in products])
    audit_record(
        actor=actor, action="network.unit_save", obj=unit, after={"created": created, "products": len(products)}
    )
    return unit


@transaction.atomic
def relation_add(*, actor: Any, source: Unit, target: Unit, kind: str, description: str = "") -> Relation:
    _staff_only(actor)
    if source.pk == target.pk:
        raise ValidationError(_("Una unidad no se relaciona consigo misma."))
    relation, _created = Relation.objects.get_or_create(
        source=source, target=target, kind=kind, defaults={"description": description}
    )
    audit_record(
        actor=actor, action="network.relation_add", obj=relation, after={"source": source.pk, "target": target.pk}
    )
    return relation


@transaction.atomic
def stage_upsert(*, actor: Any, number: int, title: str, purpose: str, components: str, expected_result: str) -> Stage:
    """Create a stage with its words (seed 002), or leave an existing one as staff edited it."""
    _staff_only(actor)
    stage, created = Stage.objects.get_or_create(
        number=number,
        defaults={"title": title, "purpose": purpose, "components": components, "expected_result": expected_result},
    )
    if created:
        audit_record(actor=actor, action="network.stage_create", obj=stage, after={"number": number})
    return stage


@transaction.atomic
def stage_update(
    *,
    actor: Any,
    stage: Stage,
    status: str,
    starts_on: date | None,
    ends_on: date | None,
    expected_version: int | None = None,
) -> Stage:
    """Staff record a stage's status and dates. A stage "done" has both dates; dates are ordered."""
    _staff_only(actor)
    s = Stage.objects.select_for_update().get(pk=stage.pk)
    errors: dict[str, list[str]] = {}
    if status not in StageStatus.values:
        errors["status"] = [_("Elija un estado de la lista.")]
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = [_("La etapa no puede terminar antes de empezar.")]
    if status == StageStatus.DONE and not (starts_on and ends_on):
        errors["ends_on"] = [_("Una etapa lograda tiene fecha de inicio y de término.")]
    if status == StageStatus.IN_PROGRESS and not starts_on:
        errors["starts_on"] = [_("Una etapa en curso tiene fecha de inicio.")]
    if errors:
        raise ValidationError(errors)
    check_and_bump(s, expected_version)
    before = {"status": s.status, "starts_on": str(s.starts_on), "ends_on": str(s.ends_on)}
    s.status, s.starts_on, s.ends_on = status, starts_on, ends_on
    s.save(update_fields=["status", "starts_on", "ends_on", "row_version"])
    audit_record(
        actor=actor,
        action="network.stage_update",
        obj=s,
        before=before,
        after={"status": s.status, "starts_on": str(s.starts_on), "ends_on": str(s.ends_on)},
    )
    return s


@transaction.atomic
def evidence_add(*, actor: Any, stage: Stage, kind: str, title: str, url: str = "") -> Evidence:
    _staff_only(actor)
    errors: dict[str, list[str]] = {}
    if kind not in EvidenceKind.values:
        errors["kind"] = [_("Elija un tipo de evidencia de la lista.")]
    title = (title or "").strip()
    if not title:
        errors["title"] = [_("Este campo es obligatorio.")]
    url = (url or "").strip()
    if url and not (url.startswith("/") or url.startswith("https://") or url.startswith("http://")):
        errors["url"] = [_("Escriba una dirección de esta plataforma (/…) o una dirección web completa (https://…).")]
    if errors:
        raise ValidationError(errors)
    evidence = Evidence.objects.create(stage=stage, kind=kind, title=title[:200], url=url[:500])
    audit_record(
        actor=actor, action="network.evidence_add", obj=evidence, after={"stage": stage.number, "title": title}
    )
    return evidence
