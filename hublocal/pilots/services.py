"""Agreement and pilot writes: the agreement that opens a pilot, indicators that lock at the
start, justified revisions, the pilot's course, measurements, the close and the rating.

Every function is atomic and audited. The rules that do not depend on who asks (status,
locks, dates, uniqueness) live here, so the web page and the API cannot disagree; who may
ask is permissions.py's business, except for the rating, whose author is part of the data."""

from __future__ import annotations

import math
import re
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from hublocal.agreements import services as agreements_services
from hublocal.audit.services import audit_record, snapshot
from hublocal.core.locking import check_and_bump
from hublocal.core.permissions import has_role, organization_id
from hublocal.engagement import services as engagement_services
from hublocal.innovation import selectors as innovation_selectors
from hublocal.innovation import services as innovation_services
from hublocal.proposals import services as proposals_services

from . import open_data
from . import rubric as rubrics
from .models import (
    Direction,
    Frequency,
    Indicator,
    IndicatorVersion,
    Measurement,
    Pilot,
    PilotAgreement,
    PilotStatus,
    Rating,
)

PROCESS = "pilots.pilot"
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
# The largest agreement value accepted: above any municipal budget, below integer overflow.
MAX_VALUE_CLP = 10**13
# Measurement values beyond this are typing mistakes (and break chart scales).
MAX_ABS_VALUE = 1e12
MIN_JUSTIFICATION = 20
MIN_OVERRIDE_REASON = 10
INDICATOR_FIELDS = ["name", "unit", "baseline", "target", "direction", "method", "frequency"]
AGREEMENT_FIELDS = ["title", "scope", "starts_on", "ends_on", "value_clp", "signed_on", "municipality", "startup"]
ACTIVE = (PilotStatus.RUNNING, PilotStatus.PAUSED)
# Allowed moves of the pilot's status (besides the start and the close, which have their own services).
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "pause": (PilotStatus.RUNNING,),
    "resume": (PilotStatus.PAUSED,),
    "cancel": (PilotStatus.PLANNED, PilotStatus.RUNNING, PilotStatus.PAUSED),
}


def subject_key(pilot: Pilot) -> str:
    return f"pilot:{pilot.pk}"


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _today() -> date:
    return timezone.localdate()


def _locked_pilot(pilot: Pilot) -> Pilot:
    return (
        Pilot.objects.select_for_update()
        .select_related("agreement", "agreement__challenge", "agreement__municipality", "agreement__startup")
        .get(pk=pilot.pk)
    )


# --- Agreements -------------------------------------------------------------------------------


def _check_pdf(document: Any) -> bytes:
    """The signed agreement: a PDF (by its first bytes, not its name) of at most 10 MB."""
    size = getattr(document, "size", None)
    if size is not None and size > MAX_DOCUMENT_BYTES:
        raise ValidationError({"document": [_("El documento supera los 10 MB permitidos.")]})
    document.seek(0)
    content = document.read(MAX_DOCUMENT_BYTES + 1)
    if len(content) > MAX_DOCUMENT_BYTES:
        raise ValidationError({"document": [_("El documento supera los 10 MB permitidos.")]})
    if not content.startswith(b"%PDF-"):
        raise ValidationError({"document": [_("El documento firmado debe ser un PDF.")]})
    return content


def _original_name(document: Any) -> str:
    name = get_valid_filename(str(getattr(document, "name", "") or "convenio.pdf").rsplit("/", 1)[-1]) or "convenio"
    if not name.lower().endswith(".pdf"):
        name += ".pdf"
    return name[-200:]


@transaction.atomic
def agreement_create(
    *,
    actor: Any,
    proposal: Any,
    municipality: Any,
    title: str,
    scope: str,
    starts_on: date,
    ends_on: date,
    value_clp: int,
    signed_on: date,
    document: Any = None,
    pilot_title: str = "",
    is_demo: bool = False,
) -> PilotAgreement:
    """Record the agreement between a municipality of the challenge and the startup of a
    shortlisted proposal, and open its pilot (planned) in the same transaction.

    Raises ValidationError (per field) for a proposal that is not shortlisted, a municipality
    outside the challenge, a second agreement for the same proposal and municipality, bad
    dates or value, or a document that is not a PDF of at most 10 MB. Nothing is written
    (and no file is kept) when it fails."""
    errors: dict[str, list[str]] = {}
    try:
        # Locked until this transaction ends: the committee's decision cannot change in between.
        proposal = proposals_services.proposal_lock_for_agreement(proposal_id=proposal.pk)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    challenge = proposal.challenge
    if municipality is None or municipality.pk not in innovation_selectors.challenge_municipality_ids(
        challenge=challenge
    ):
        errors["municipality"] = [_("La municipalidad debe ser una de las que comparten el desafío.")]
    elif PilotAgreement.objects.filter(proposal=proposal, municipality=municipality).exists():
        errors["municipality"] = [_("Esta municipalidad ya firmó un convenio por esta propuesta.")]
    if not (title or "").strip():
        errors["title"] = [_("Indique un título para el convenio.")]
    if not (scope or "").strip():
        errors["scope"] = [_("Describa el alcance del convenio.")]
    # Checked here: the terms are written by the agreements app, which trusts its caller.
    for field, value, message in (
        ("starts_on", starts_on, _("Indique la fecha de inicio.")),
        ("ends_on", ends_on, _("Indique la fecha de término.")),
        ("signed_on", signed_on, _("Indique la fecha de firma.")),
    ):
        if not isinstance(value, date):
            errors[field] = [message]
    if isinstance(starts_on, date) and isinstance(ends_on, date) and ends_on < starts_on:
        errors["ends_on"] = [_("El término no puede ser anterior al inicio.")]
    if isinstance(signed_on, date) and signed_on > _today():
        errors["signed_on"] = [_("La fecha de firma no puede estar en el futuro.")]
    if isinstance(value_clp, bool) or not isinstance(value_clp, int) or not 0 <= value_clp <= MAX_VALUE_CLP:
        errors["value_clp"] = [_("El valor debe ser un número entero de pesos, cero o mayor.")]
    content = b""
    if document is not None:
        try:
            content = _check_pdf(document)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    agreement = PilotAgreement(
        challenge=challenge,
        proposal=proposal,
        municipality=municipality,
        startup_id=proposal.organization_id,
        created_by=_user(actor),
        is_demo=is_demo,
    )
    stored = ""
    if document is not None:
        # A random name: the original one may reveal things and must never collide or traverse.
        stored = default_storage.save(f"agreements/{timezone.now():%Y}/{uuid.uuid4().hex}.pdf", ContentFile(content))
        agreement.document.name = stored
        agreement.document_name = _original_name(document)
    try:
        try:
            with transaction.atomic():
                # The common terms are one agreement of kind pilot in the register (/convenios/),
                # signed by both parties on the signature date.
                agreement.terms = agreements_services.agreement_record_signed(
                    actor=actor,
                    kind="pilot",
                    title=title.strip()[:200],
                    object=scope.strip(),
                    starts_on=starts_on,
                    ends_on=ends_on,
                    amount=value_clp or None,
                    currency="CLP" if value_clp else "",
                    parties=[
                        {"organization_id": municipality.pk, "role": "principal", "signed_on": signed_on},
                        {"organization_id": proposal.organization_id, "role": "provider", "signed_on": signed_on},
                    ],
                    is_demo=is_demo,
                )
                agreement.save()
        except IntegrityError:
            raise ValidationError(
                {"municipality": [_("Esta municipalidad ya firmó un convenio por esta propuesta.")]}
            ) from None
        # From now on the proposal's decision is final (proposals refuses to change it).
        proposals_services.proposal_mark_contracted(actor=actor, proposal=proposal)
        pilot = Pilot.objects.create(
            agreement=agreement,
            title=(pilot_title or title).strip()[:200],
            created_by=_user(actor),
            is_demo=is_demo,
        )
        agreements_services.link_record(agreement=agreement.terms, kind="pilots.pilot", object_id=pilot.pk)
        open_data.changed()
        audit_record(
            actor=actor,
            action="pilots.agreement_create",
            obj=agreement,
            after={**snapshot(agreement, AGREEMENT_FIELDS), "proposal": proposal.pk, "document": bool(stored)},
        )
        audit_record(actor=actor, action="pilots.pilot_create", obj=pilot, after={"status": pilot.status})
    except Exception:
        # The rows roll back with the exception; the stored file must not outlive them.
        if stored:
            default_storage.delete(stored)
        raise
    return agreement


# --- Indicators -------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorData:
    """An indicator's definition as entered (what every IndicatorVersion holds)."""

    name: str
    unit: str
    baseline: float
    target: float
    direction: str
    method: str
    frequency: str

    def as_dict(self) -> dict[str, Any]:
        return {f: getattr(self, f) for f in INDICATOR_FIELDS}


def _clean_indicator(data: IndicatorData) -> IndicatorData:
    errors: dict[str, list[str]] = {}
    name, unit, method = (data.name or "").strip(), (data.unit or "").strip(), (data.method or "").strip()
    if not name:
        errors["name"] = [_("Indique el nombre del indicador.")]
    elif len(name) > 200:
        errors["name"] = [_("Máximo 200 caracteres.")]
    if not unit:
        errors["unit"] = [_("Indique la unidad (p. ej. días, %, personas).")]
    elif len(unit) > 60:
        errors["unit"] = [_("Máximo 60 caracteres.")]
    if not method:
        errors["method"] = [_("Explique cómo se medirá: fuente, cálculo y responsable.")]
    for field in ("baseline", "target"):
        value = getattr(data, field)
        if not _finite(value):
            errors[field] = [_("Debe ser un número.")]
    if data.direction not in Direction.values:
        errors["direction"] = [_("Elija si el indicador debe aumentar o disminuir.")]
    if data.frequency not in Frequency.values:
        errors["frequency"] = [_("Elija una frecuencia de medición.")]
    if not errors and data.baseline == data.target:
        errors["target"] = [_("La meta debe ser distinta de la línea base.")]
    if not errors:
        better = data.target > data.baseline if data.direction == Direction.INCREASE else data.target < data.baseline
        if not better:
            errors["target"] = [
                _("Con el sentido elegido, la meta debe mejorar la línea base (mayor si aumenta, menor si disminuye).")
            ]
    if errors:
        raise ValidationError(errors)
    return IndicatorData(
        name=name,
        unit=unit,
        baseline=float(data.baseline),
        target=float(data.target),
        direction=data.direction,
        method=method,
        frequency=data.frequency,
    )


def _finite(value: Any) -> bool:
    return (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and math.isfinite(value)
        and abs(value) <= MAX_ABS_VALUE
    )


def _check_planned(pilot: Pilot) -> None:
    """Indicators change freely only before the start; afterwards only through indicator_revise."""
    if pilot.indicators_locked_at is not None or pilot.status != PilotStatus.PLANNED:
        raise ValidationError(
            _(
                "Los indicadores están bloqueados desde el inicio del piloto. Para cambiar uno, registre "
                "una nueva versión con su justificación."
            )
        )


def _current_version(indicator: Indicator) -> IndicatorVersion:
    return IndicatorVersion.objects.get(indicator=indicator, version=indicator.current_version)


@transaction.atomic
def indicator_add(*, actor: Any, pilot: Pilot, data: IndicatorData) -> Indicator:
    """Add a pre-registered indicator (version 1) to a planned pilot."""
    p = _locked_pilot(pilot)
    _check_planned(p)
    clean = _clean_indicator(data)
    order = p.indicators.count()
    indicator = Indicator.objects.create(pilot=p, order=order, current_version=1)
    IndicatorVersion.objects.create(indicator=indicator, version=1, created_by=_user(actor), **clean.as_dict())
    open_data.changed()
    audit_record(
        actor=actor, action="pilots.indicator_add", obj=p, after={"indicator": indicator.pk, **clean.as_dict()}
    )
    return indicator


@transaction.atomic
def indicator_update(
    *, actor: Any, indicator: Indicator, data: IndicatorData, expected_version: int | None
) -> Indicator:
    """Change an indicator of a planned pilot in place (nothing is locked yet). Raises
    StaleVersion if `expected_version` (None: internal callers) is not the saved one."""
    p = _locked_pilot(indicator.pilot)
    _check_planned(p)
    clean = _clean_indicator(data)
    ind = Indicator.objects.select_for_update().get(pk=indicator.pk, pilot=p)
    check_and_bump(ind, expected_version)
    ind.save(update_fields=["row_version"])
    version = _current_version(ind)
    before = snapshot(version, INDICATOR_FIELDS)
    for field, value in clean.as_dict().items():
        setattr(version, field, value)
    version.save()
    open_data.changed()
    audit_record(
        actor=actor,
        action="pilots.indicator_update",
        obj=p,
        before={"indicator": ind.pk, **before},
        after={"indicator": ind.pk, **clean.as_dict()},
    )
    return ind


@transaction.atomic
def indicator_remove(*, actor: Any, indicator: Indicator) -> None:
    """Remove an indicator from a planned pilot."""
    p = _locked_pilot(indicator.pilot)
    _check_planned(p)
    ind = Indicator.objects.select_for_update().get(pk=indicator.pk, pilot=p)
    before = {"indicator": ind.pk, **snapshot(_current_version(ind), INDICATOR_FIELDS)}
    ind.delete()
    open_data.changed()
    audit_record(actor=actor, action="pilots.indicator_remove", obj=p, before=before)


@transaction.atomic
def indicator_revise(
    *, actor: Any, indicator: Indicator, data: IndicatorData, justification: str, expected_version: int | None
) -> IndicatorVersion:
    """After the lock, change an indicator by adding a new version with a justification
    (at least 20 characters). The earlier versions stay as they were, for everyone to see.
    Raises ValidationError if the pilot has not started or is over, or nothing changes;
    StaleVersion if `expected_version` (None: internal callers) is not the saved one."""
    p = _locked_pilot(indicator.pilot)
    if p.indicators_locked_at is None:
        raise ValidationError(_("El piloto aún no inicia: edite el indicador directamente."))
    if p.status not in ACTIVE:
        raise ValidationError(_("El piloto ya terminó: sus indicadores no cambian."))
    justification = (justification or "").strip()
    errors: dict[str, list[str]] = {}
    if len(justification) < MIN_JUSTIFICATION:
        errors["justification"] = [
            _("Explique el cambio en al menos %(n)s caracteres: quedará público junto a la versión anterior.")
            % {"n": MIN_JUSTIFICATION}
        ]
    try:
        clean = _clean_indicator(data)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    ind = Indicator.objects.select_for_update().get(pk=indicator.pk, pilot=p)
    check_and_bump(ind, expected_version)
    current = _current_version(ind)
    before = snapshot(current, INDICATOR_FIELDS)
    if before == clean.as_dict():
        raise ValidationError(_("La nueva versión es igual a la vigente: no hay nada que cambiar."))
    new = IndicatorVersion.objects.create(
        indicator=ind,
        version=current.version + 1,
        justification=justification,
        created_by=_user(actor),
        **clean.as_dict(),
    )
    ind.current_version = new.version
    ind.save(update_fields=["current_version", "row_version"])
    open_data.changed()
    audit_record(
        actor=actor,
        action="pilots.indicator_revise",
        obj=p,
        before={"indicator": ind.pk, "version": current.version, **before},
        after={"indicator": ind.pk, "version": new.version, "justification": justification, **clean.as_dict()},
    )
    return new


# --- The pilot's course -----------------------------------------------------------------------


@transaction.atomic
def pilot_start(*, actor: Any, pilot: Pilot, at: datetime | None = None) -> Pilot:
    """planned → running: locks the indicators, moves the challenge to "in pilot" and starts
    following both parties (engagement). Needs at least one indicator."""
    now = at or timezone.now()
    p = _locked_pilot(pilot)
    if p.status != PilotStatus.PLANNED:
        raise ValidationError(_("Solo un piloto planificado puede iniciar."))
    if not p.indicators.exists():
        raise ValidationError(_("Defina al menos un indicador antes de iniciar: se bloquearán al comenzar."))
    p.status = PilotStatus.RUNNING
    p.started_at = now
    p.indicators_locked_at = now
    check_and_bump(p, None)
    p.save(update_fields=["status", "started_at", "indicators_locked_at", "row_version", "updated_at"])
    challenge = p.agreement.challenge
    # A challenge already in pilot (shared by several municipalities) or already past it stays as it is.
    if challenge.status in ("published", "closed"):
        innovation_services.challenge_set_status(actor=actor, challenge=challenge, status="in_pilot", now=now)
    for org in (p.agreement.municipality, p.agreement.startup):
        engagement_services.track_open(
            process=PROCESS,
            subject_key=subject_key(p),
            organization=org,
            label=p.title,
            url=f"/pilotos/{p.pk}/",
            actor=actor,
            status="in_progress",
            at=now,
        )
    open_data.changed()
    audit_record(
        actor=actor,
        action="pilots.pilot_start",
        obj=p,
        before={"status": PilotStatus.PLANNED},
        after={"status": p.status, "indicators_locked_at": p.indicators_locked_at.isoformat()},
    )
    return p


@transaction.atomic
def pilot_transition(*, actor: Any, pilot: Pilot, action: str, reason: str = "") -> Pilot:
    """pause (running → paused), resume (paused → running) or cancel (planned, running or
    paused → cancelled, with a reason). Raises ValidationError for any other move."""
    if action not in TRANSITIONS:
        raise ValidationError({"action": [_("Acción desconocida.")]})
    p = _locked_pilot(pilot)
    if p.status not in TRANSITIONS[action]:
        messages = {
            "pause": _("Solo un piloto en curso puede pausarse."),
            "resume": _("Solo un piloto pausado puede reanudarse."),
            "cancel": _("Un piloto finalizado o cancelado no puede cancelarse."),
        }
        raise ValidationError(messages[action])
    before = {"status": p.status}
    reason = (reason or "").strip()
    if action == "cancel":
        if len(reason) < MIN_OVERRIDE_REASON:
            raise ValidationError({"reason": [_("Explique por qué se cancela el piloto (al menos 10 caracteres).")]})
        p.status = PilotStatus.CANCELLED
        p.finished_at = timezone.now()
        p.result_summary = reason
        if p.started_at is not None:
            for org in (p.agreement.municipality_id, p.agreement.startup_id):
                engagement_services.track_done(
                    process=PROCESS, subject_key=subject_key(p), organization=org, actor=actor
                )
            # The challenge leaves "in pilot" when its last running pilot is cancelled.
            challenge = p.agreement.challenge
            if challenge.status == "in_pilot" and not _other_active(p):
                innovation_services.challenge_set_status(actor=actor, challenge=challenge, status="closed")
    else:
        p.status = PilotStatus.PAUSED if action == "pause" else PilotStatus.RUNNING
    check_and_bump(p, None)
    p.save()
    open_data.changed()
    audit_record(
        actor=actor,
        action=f"pilots.pilot_{action}",
        obj=p,
        before=before,
        after={"status": p.status, **({"reason": reason} if reason else {})},
    )
    return p


def _other_active(pilot: Pilot) -> bool:
    """Whether another pilot of the same challenge (a shared one) is still running or paused."""
    return (
        Pilot.objects.filter(agreement__challenge_id=pilot.agreement.challenge_id, status__in=ACTIVE)
        .exclude(pk=pilot.pk)
        .exists()
    )


def pilot_pause(*, actor: Any, pilot: Pilot) -> Pilot:
    return pilot_transition(actor=actor, pilot=pilot, action="pause")


def pilot_resume(*, actor: Any, pilot: Pilot) -> Pilot:
    return pilot_transition(actor=actor, pilot=pilot, action="resume")


def pilot_cancel(*, actor: Any, pilot: Pilot, reason: str) -> Pilot:
    return pilot_transition(actor=actor, pilot=pilot, action="cancel", reason=reason)


# --- Measurements -----------------------------------------------------------------------------


@transaction.atomic
def measurement_record(
    *, actor: Any, indicator: Indicator, measured_on: date, value: float, note: str = ""
) -> Measurement:
    """One measurement of an indicator on a date, while the pilot runs or is paused. The date
    may not be in the future nor before the start; one measurement per indicator per date."""
    p = _locked_pilot(indicator.pilot)
    if p.status not in ACTIVE:
        raise ValidationError(_("Solo se registran mediciones mientras el piloto está en curso o pausado."))
    errors: dict[str, list[str]] = {}
    if not isinstance(measured_on, date):
        errors["measured_on"] = [_("Indique la fecha de la medición.")]
    elif measured_on > _today():
        errors["measured_on"] = [_("La fecha de medición no puede estar en el futuro.")]
    elif p.started_at is not None and measured_on < timezone.localdate(p.started_at):
        errors["measured_on"] = [
            _("La fecha no puede ser anterior al inicio del piloto (%(d)s).")
            % {"d": timezone.localdate(p.started_at).strftime("%d-%m-%Y")}
        ]
    if not _finite(value):
        errors["value"] = [_("El valor debe ser un número.")]
    note = (note or "").strip()
    if len(note) > 300:
        errors["note"] = [_("Máximo 300 caracteres.")]
    if not errors and Measurement.objects.filter(indicator_id=indicator.pk, measured_on=measured_on).exists():
        errors["measured_on"] = [
            _("Ya hay una medición de este indicador para el %(d)s.") % {"d": measured_on.strftime("%d-%m-%Y")}
        ]
    if errors:
        raise ValidationError(errors)
    ind = Indicator.objects.get(pk=indicator.pk, pilot=p)
    try:
        with transaction.atomic():
            m = Measurement.objects.create(
                indicator=ind, measured_on=measured_on, value=float(value), note=note, recorded_by=_user(actor)
            )
    except IntegrityError:
        # Two people recorded the same date at once: the second gets the same clear message.
        raise ValidationError({"measured_on": [_("Ya hay una medición de este indicador para esa fecha.")]}) from None
    org_id = organization_id(actor)
    if org_id in (p.agreement.municipality_id, p.agreement.startup_id):
        engagement_services.track_activity(
            process=PROCESS, subject_key=subject_key(p), organization=org_id, actor=actor
        )
    open_data.changed()
    audit_record(
        actor=actor,
        action="pilots.measurement_record",
        obj=p,
        after={"indicator": ind.pk, "measured_on": measured_on.isoformat(), "value": m.value, "note": note},
    )
    return m


# --- The close and the rating -----------------------------------------------------------------


@dataclass(frozen=True)
class Override:
    """A manual judgement of one indicator at the close, with its reason."""

    met: bool
    reason: str


def judge(*, direction: str, target: float, value: float | None) -> bool:
    """Met when the last measured value reaches the target in the indicator's direction.
    An indicator never measured is not met."""
    if value is None:
        return False
    return value >= target if direction == Direction.INCREASE else value <= target


def judgements(*, pilot: Pilot) -> list[dict[str, Any]]:
    """What the close would record for each indicator: current version, last value, met."""
    indicators = list(pilot.indicators.order_by("order", "pk"))
    versions = {(v.indicator_id, v.version): v for v in IndicatorVersion.objects.filter(indicator__pilot=pilot)}
    last: dict[int, float] = {}
    for indicator_id, value in (
        Measurement.objects.filter(indicator__pilot=pilot)
        .order_by("measured_on", "pk")
        .values_list("indicator_id", "value")
    ):
        last[indicator_id] = value
    rows = []
    for ind in indicators:
        version = versions[(ind.pk, ind.current_version)]
        last_value = last.get(ind.pk)
        rows.append(
            {
                "indicator": ind,
                "version": version,
                "value": last_value,
                "met": judge(direction=version.direction, target=version.target, value=last_value),
            }
        )
    return rows


@transaction.atomic
def pilot_finish(
    *,
    actor: Any,
    pilot: Pilot,
    overrides: dict[int, Override] | None = None,
    summary: str = "",
    at: datetime | None = None,
) -> Pilot:
    """running/paused → finished. Each indicator is judged met or not from its last
    measurement against the current version's target and direction; `overrides` (indicator
    id → Override) replace a judgement when the person closing gives a reason (≥ 10 characters).
    The challenge moves to "finished" when no other pilot of it is still going, and both
    parties' engagement tracks close."""
    now = at or timezone.now()
    overrides = overrides or {}
    p = _locked_pilot(pilot)
    if p.status not in ACTIVE:
        raise ValidationError(_("Solo un piloto en curso o pausado puede finalizar."))
    rows = judgements(pilot=p)
    known = {r["indicator"].pk for r in rows}
    errors: dict[str, list[str]] = {}
    for indicator_id, override in overrides.items():
        if indicator_id not in known:
            errors[f"indicator_{indicator_id}"] = [_("Ese indicador no es de este piloto.")]
        elif len((override.reason or "").strip()) < MIN_OVERRIDE_REASON:
            errors[f"reason_{indicator_id}"] = [
                _("Para corregir el juicio calculado explique el motivo (al menos 10 caracteres).")
            ]
    if errors:
        raise ValidationError(errors)
    results = []
    for r in rows:
        ind: Indicator = r["indicator"]
        manual = overrides.get(ind.pk)
        ind.final_value = r["value"]
        if manual is not None and manual.met != r["met"]:
            ind.met = manual.met
            ind.met_overridden = True
            ind.judgement_note = manual.reason.strip()
        else:
            ind.met = r["met"]
            ind.met_overridden = False
            ind.judgement_note = manual.reason.strip() if manual is not None else ""
        ind.save(update_fields=["met", "final_value", "met_overridden", "judgement_note"])
        results.append(
            {"indicator": ind.pk, "met": ind.met, "value": ind.final_value, "overridden": ind.met_overridden}
        )
    before = {"status": p.status}
    p.status = PilotStatus.FINISHED
    p.finished_at = now
    p.result_summary = (summary or "").strip()
    check_and_bump(p, None)
    p.save(update_fields=["status", "finished_at", "result_summary", "row_version", "updated_at"])
    challenge = p.agreement.challenge
    if challenge.status == "in_pilot" and not _other_active(p):
        innovation_services.challenge_set_status(actor=actor, challenge=challenge, status="finished", now=now)
    for org in (p.agreement.municipality_id, p.agreement.startup_id):
        engagement_services.track_done(
            process=PROCESS, subject_key=subject_key(p), organization=org, actor=actor, at=now
        )
    open_data.changed()
    audit_record(
        actor=actor,
        action="pilots.pilot_finish",
        obj=p,
        before=before,
        after={"status": p.status, "indicators": results, "met": sum(1 for r in results if r["met"])},
    )
    return p


@transaction.atomic
def rating_submit(*, actor: Any, pilot: Pilot, scores: dict[str, Any], comment: str = "") -> Rating:
    """The municipality rates its provider once the pilot is finished: every criterion of the
    current rubric, 1 to 5, and optional comments. Only an official of the pilot's
    municipality may rate (PermissionDenied otherwise), and only once."""
    p = _locked_pilot(pilot)
    if not (has_role(actor, "municipal") and organization_id(actor) == p.agreement.municipality_id):
        raise PermissionDenied(_("Solo la municipalidad del piloto califica a su proveedor."))
    if p.status != PilotStatus.FINISHED:
        raise ValidationError(_("El proveedor se califica cuando el piloto ha finalizado."))
    if Rating.objects.filter(pilot=p).exists():
        raise ValidationError(_("Este piloto ya tiene su calificación; no se puede calificar dos veces."))
    rubric = rubrics.load()
    errors: dict[str, list[str]] = {}
    clean: dict[str, int] = {}
    for criterion in rubric.criteria:
        value = scores.get(criterion.id)
        # ASCII digits only: str.isdigit() accepts "²", which int() refuses.
        if isinstance(value, str) and re.fullmatch(r"[0-9]{1,9}", value.strip()):
            value = int(value.strip())
        if value is None or value == "":
            errors[criterion.id] = [_("Califique este criterio.")]
        elif isinstance(value, bool) or not isinstance(value, int) or not rubric.scale_min <= value <= rubric.scale_max:
            errors[criterion.id] = [_("La calificación va de 1 a 5.")]
        else:
            clean[criterion.id] = value
    unknown = sorted(str(k)[:40] for k in scores if k not in rubric.criterion_ids)
    if unknown:
        errors["scores"] = [_("Criterios desconocidos: %(c)s.") % {"c": ", ".join(unknown)}]
    comment = (comment or "").strip()
    if len(comment) > 5000:
        errors["comment"] = [_("Máximo 5000 caracteres.")]
    if errors:
        raise ValidationError(errors)
    average = round(sum(clean.values()) / len(clean), 2)
    try:
        with transaction.atomic():
            rating = Rating.objects.create(
                pilot=p,
                rubric_version=rubric.version,
                scores=clean,
                average=average,
                comment=comment,
                rated_by=_user(actor),
            )
    except IntegrityError:
        raise ValidationError(_("Este piloto ya tiene su calificación; no se puede calificar dos veces.")) from None
    open_data.changed()
    audit_record(
        actor=actor,
        action="pilots.rating_submit",
        obj=p,
        after={"rubric_version": rubric.version, "scores": clean, "average": average},
    )
    return rating
