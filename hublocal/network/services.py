"""Network writes: units with products and relations (the demo and staff set them up), and the
roadmap's stages (status, dates, evidence) kept up to date by staff. Atomic and audited."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from hublocal.audit.services import audit_record
from hublocal.core.locking import check_and_bump
from hublocal.territory import selectors as territory_selectors

from .models import (
    AmuchMembership,
    Evidence,
    EvidenceKind,
    InternationalNetwork,
    MembershipStatus,
    NetworkCountry,
    Product,
    Relation,
    Stage,
    StageStatus,
    Unit,
    UnitKind,
)
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


UNIT_FIELDS = ("name", "kind", "mission", "order")


def _clean_unit(data: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    name = str(data.get("name") or "").replace("\x00", "").strip()
    mission = str(data.get("mission") or "").replace("\x00", "").strip()
    if not name:
        errors["name"] = [_("Indique el nombre de la unidad.")]
    elif len(name) > 200:
        errors["name"] = [_("Máximo 200 caracteres.")]
    if not mission:
        errors["mission"] = [_("Indique la misión de la unidad.")]
    elif len(mission) > 5_000:
        errors["mission"] = [_("Máximo 5000 caracteres.")]
    if data.get("kind") not in UnitKind.values:
        errors["kind"] = [_("Elija el tipo de unidad de la lista.")]
    order = data.get("order")
    if not isinstance(order, int) or isinstance(order, bool) or not 0 <= order <= 999:
        errors["order"] = [_("El orden es un número entero de 0 a 999.")]
    if errors:
        raise ValidationError(errors)
    return {"name": name, "kind": data["kind"], "mission": mission, "order": order}


@transaction.atomic
def unit_create(*, actor: Any, data: dict[str, Any]) -> Unit:
    """A new unit of the hub, from the staff's form; its address comes from its name."""
    if not can(actor, Action.EDIT_UNITS):
        raise ValidationError(_("Solo el equipo del Hub mantiene las unidades."))
    clean = _clean_unit(data)
    if Unit.objects.filter(name__iexact=clean["name"]).exists():
        raise ValidationError({"name": [_("Ya hay una unidad con ese nombre.")]})
    base = slugify(clean["name"])[:90] or "unidad"
    slug, n = base, 2
    while Unit.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    unit = Unit.objects.create(slug=slug, **clean)
    audit_record(actor=actor, action="network.unit_save", obj=unit, after={"created": True, **clean})
    return unit


@transaction.atomic
def unit_update(*, actor: Any, unit: Unit, data: dict[str, Any], expected_version: int | None = None) -> Unit:
    """Change a unit's name, kind, mission or order; refused if another person saved first."""
    if not can(actor, Action.EDIT_UNITS, unit):
        raise ValidationError(_("Solo el equipo del Hub mantiene las unidades."))
    u = Unit.objects.select_for_update().get(pk=unit.pk)
    clean = _clean_unit({**{f: getattr(u, f) for f in UNIT_FIELDS}, **data})
    if Unit.objects.filter(name__iexact=clean["name"]).exclude(pk=u.pk).exists():
        raise ValidationError({"name": [_("Ya hay una unidad con ese nombre.")]})
    before = {f: getattr(u, f) for f in UNIT_FIELDS}
    check_and_bump(u, expected_version)
    for field, value in clean.items():
        setattr(u, field, value)
    u.save()
    audit_record(
        actor=actor,
        action="network.unit_save",
        obj=u,
        before={f: v for f, v in before.items() if v != clean[f]},
        after={f: v for f, v in clean.items() if v != before[f]},
    )
    return u


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


# --- AMUCH membership and international networks ----------------------------------------------


@transaction.atomic
def membership_set(
    *,
    actor: Any,
    organization: Any,
    member_since: date | None,
    status: str,
    expected_version: int | None = None,
    is_demo: bool = False,
) -> AmuchMembership:
    """Staff record a municipality's AMUCH membership (create or change), audited before/after."""
    if not can(actor, Action.EDIT_MEMBERSHIP):
        raise ValidationError(_("Solo el equipo del Hub mantiene el registro de socios de AMUCH."))
    errors: dict[str, list[str]] = {}
    if getattr(organization, "kind", "") != "municipality":
        errors["__all__"] = [_("Solo una municipalidad puede ser socia de AMUCH.")]
    if status not in MembershipStatus.values:
        errors["status"] = [_("Elija un estado de la lista: activa, suspendida o ex socia.")]
    if member_since is None:
        errors["member_since"] = [_("Indique desde cuándo es socia.")]
    elif member_since > timezone.localdate():
        errors["member_since"] = [_("La fecha de ingreso no puede estar en el futuro.")]
    if errors or member_since is None:
        raise ValidationError(errors)
    current = AmuchMembership.objects.select_for_update().filter(organization=organization).first()
    if current is None:
        m = AmuchMembership.objects.create(
            organization=organization, member_since=member_since, status=status, is_demo=is_demo
        )
        before: dict[str, Any] = {}
    else:
        check_and_bump(current, expected_version)
        before = {"member_since": str(current.member_since), "status": current.status}
        current.member_since, current.status = member_since, status
        current.save(update_fields=["member_since", "status", "row_version"])
        m = current
    audit_record(
        actor=actor,
        action="network.membership_set",
        obj=m,
        before=before,
        after={"organization": organization.pk, "member_since": str(member_since), "status": status},
    )
    return m


def _parse_countries(text: str) -> tuple[list[tuple[str, str]], list[str]]:
    """ "UY Uruguay" lines → [(code, name)]; wrong lines are named back to the person."""
    rows: dict[str, str] = {}
    bad: list[str] = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        code, _sep, name = line.partition(" ")
        code, name = code.strip().upper(), name.strip(" ,;-")
        if len(code) != 2 or not code.isalpha() or not name:
            bad.append(line)
        else:
            rows[code] = name[:100]
    return sorted(rows.items(), key=lambda r: r[1]), bad


@transaction.atomic
def network_save(
    *,
    actor: Any,
    slug: str,
    name: str,
    description: str,
    url: str = "",
    countries: str = "",
    commune_codes: list[str] = (),  # type: ignore[assignment]
    network: InternationalNetwork | None = None,
    expected_version: int | None = None,
    is_demo: bool = False,
) -> InternationalNetwork:
    """Create or edit an international network with its member countries ("UY Uruguay", one per
    line) and the municipalities known to take part (commune codes). All or nothing, audited."""
    if not can(actor, Action.EDIT_NETWORKS):
        raise ValidationError(_("Solo el equipo del Hub mantiene las redes internacionales."))
    errors: dict[str, list[str]] = {}
    name, description, url = (name or "").strip(), (description or "").strip(), (url or "").strip()
    if not name:
        errors["name"] = [_("Indique el nombre de la red.")]
    if not description:
        errors["description"] = [_("Describa la red en una o dos frases.")]
    if url and not url.startswith(("https://", "http://")):
        errors["url"] = [_("Escriba una dirección web completa (https://…).")]
    country_rows, bad = _parse_countries(countries)
    if bad:
        errors["countries"] = [
            _("Escriba cada país en una línea, con su código de dos letras y su nombre (p. ej. «UY Uruguay»): %(l)s")
            % {"l": "; ".join(bad[:5])}
        ]
    codes = sorted({c.strip() for c in commune_codes if c.strip()})
    found = {code: territory_selectors.commune_get(code=code) for code in codes[:200]}
    communes = [c for c in found.values() if c is not None]
    unknown = sorted(code for code, c in found.items() if c is None)
    if unknown:
        errors["communes"] = [_("Estos códigos de comuna no existen: %(c)s") % {"c": ", ".join(unknown[:10])}]
    if network is None and InternationalNetwork.objects.filter(slug=slug).exists():
        errors["name"] = [_("Ya existe una red con ese nombre.")]
    if errors:
        raise ValidationError(errors)
    if network is None:
        net = InternationalNetwork.objects.create(
            slug=slug, name=name[:200], description=description, url=url[:500], is_demo=is_demo
        )
        before: dict[str, Any] = {}
    else:
        net = InternationalNetwork.objects.select_for_update().get(pk=network.pk)
        check_and_bump(net, expected_version)
        before = {"name": net.name, "countries": sorted(net.countries.values_list("code", flat=True))}
        net.name, net.description, net.url = name[:200], description, url[:500]
        net.save(update_fields=["name", "description", "url", "row_version"])
        net.countries.all().delete()
    NetworkCountry.objects.bulk_create([NetworkCountry(network=net, code=c, name=n) for c, n in country_rows])
    net.communes.set(communes)
    audit_record(
        actor=actor,
        action="network.network_save",
        obj=net,
        before=before,
        after={"name": net.name, "countries": [c for c, _n in country_rows], "communes": codes},
    )
    return net
