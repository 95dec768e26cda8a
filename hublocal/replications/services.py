"""Replication writes: record, update, move along its course, add results, confirm.

Each service runs in one transaction, locks the replication it changes, refuses a stale
version (core.locking), validates, and records an audit event."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hublocal.audit.services import audit_record
from hublocal.core.cache import bump
from hublocal.core.locking import check_and_bump
from hublocal.library import selectors as library_selectors
from hublocal.library import services as library_services
from hublocal.pilots import selectors as pilots_selectors

from . import open_data
from .models import TRANSITIONS, Mode, Replication, Result, Status

EDITABLE = ("mode", "changes", "started_on", "contact_name", "contact_email", "contact_phone")
# A confirmed replication is the "independently replicated" level of the evidence standard.
REPLICATED_LEVEL = 4
MAX_RESULTS = 30
NAMESPACE = "replications"


def _changed() -> None:
    bump(NAMESPACE)  # public pages cached for anonymous visitors (core/cache.py)
    open_data.changed()  # the open dataset is rebuilt by the task queue after commit


def _snapshot(r: Replication) -> dict[str, Any]:
    return {
        "status": r.status,
        "mode": r.mode,
        "changes": r.changes,
        "started_on": str(r.started_on or ""),
        "finished_on": str(r.finished_on or ""),
        "abandon_reason": r.abandon_reason,
    }


def _check_dates(started_on: Any, finished_on: Any) -> None:
    today = timezone.localdate()
    errors: dict[str, list[str]] = {}
    if started_on and started_on > today + datetime.timedelta(days=366):
        errors["started_on"] = [_("El inicio no puede estar a más de un año en el futuro.")]
    if finished_on and finished_on > today:
        errors["finished_on"] = [_("El término no puede estar en el futuro.")]
    if started_on and finished_on and finished_on < started_on:
        errors["finished_on"] = [_("El término no puede ser anterior al inicio.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def replication_record(
    *,
    actor: Any,
    municipality: Any,
    mode: str,
    resource_id: int | None = None,
    pilot_id: int | None = None,
    changes: str = "",
    started_on: datetime.date | None = None,
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
) -> Replication:
    """Record that `municipality` replicates a published library resource or a pilot.

    Raises ValidationError when the target is missing, both are given, the resource is not
    published (a retired one is refused with its own message), the pilot does not exist, the
    municipality is not a Chilean municipality, or it already has an open replication of it."""
    if (resource_id is None) == (pilot_id is None):
        raise ValidationError(_("Indique un recurso de la biblioteca o un piloto (uno de los dos)."))
    if getattr(municipality, "kind", "") != "municipality" or getattr(municipality, "commune_id", None) is None:
        raise ValidationError(_("Solo un municipio puede registrar una replicación."))
    if mode not in Mode.values:
        raise ValidationError({"mode": [_("Elija si adopta o adapta.")]})
    title = ""
    if resource_id is not None:
        resource = library_selectors.resource_get(pk=resource_id)
        if resource is None or resource.status in ("draft", "in_review"):
            raise ValidationError({"resource": [_("No existe un recurso publicado con ese identificador.")]})
        if resource.status == "retired":
            raise ValidationError(
                {"resource": [_("Este recurso fue retirado de la biblioteca y ya no puede replicarse.")]}
            )
        title = resource.title
    else:
        pilot = pilots_selectors.pilot_get(pk=pilot_id)  # type: ignore[arg-type]
        if pilot is None:
            raise ValidationError({"pilot": [_("No existe un piloto con ese identificador.")]})
        if pilot.agreement.municipality_id == municipality.pk:
            raise ValidationError({"pilot": [_("Un municipio no replica su propio piloto.")]})
        title = pilot.title
    same_target: dict[str, Any] = {"resource_id": resource_id} if resource_id is not None else {"pilot_id": pilot_id}
    open_same = Replication.objects.filter(
        municipality=municipality, status__in=(Status.PLANNING, Status.IMPLEMENTING), **same_target
    ).exists()
    if open_same:
        raise ValidationError(_("Su municipio ya tiene una replicación en curso de esto: actualícela."))
    _check_dates(started_on, None)
    replication = Replication(
        municipality=municipality,
        commune_code=municipality.commune.code,
        resource_id=resource_id,
        pilot_id=pilot_id,
        target_title=title[:250],
        mode=mode,
        changes=changes.strip(),
        started_on=started_on,
        contact_name=contact_name.strip(),
        contact_email=contact_email.strip(),
        contact_phone=contact_phone.strip(),
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    replication.full_clean()
    replication.save()
    _changed()
    audit_record(actor=actor, action="replications.record", obj=replication, after=_snapshot(replication))
    return replication


def _locked(replication: Replication, expected_version: int | None) -> Replication:
    locked = Replication.objects.select_for_update().get(pk=replication.pk)
    check_and_bump(locked, expected_version)
    return locked


@transaction.atomic
def replication_update(
    *, actor: Any, replication: Replication, data: dict[str, Any], expected_version: int | None = None
) -> Replication:
    """Change what the municipality wrote (mode, changes, start, contact). Refuses a confirmed
    replication and a stale version."""
    r = _locked(replication, expected_version)
    if r.confirmed_at is not None:
        raise ValidationError(_("Una replicación confirmada ya no se modifica."))
    before = _snapshot(r)
    for name in EDITABLE:
        if name in data:
            value = data[name]
            setattr(r, name, value.strip() if isinstance(value, str) else value)
    if r.mode not in Mode.values:
        raise ValidationError({"mode": [_("Elija si adopta o adapta.")]})
    _check_dates(r.started_on, r.finished_on)
    r.full_clean()
    r.save()
    _changed()
    audit_record(actor=actor, action="replications.update", obj=r, before=before, after=_snapshot(r))
    return r


@transaction.atomic
def replication_transition(
    *,
    actor: Any,
    replication: Replication,
    status: str,
    reason: str = "",
    on: datetime.date | None = None,
    expected_version: int | None = None,
) -> Replication:
    """Move a replication along planning → implementing → implemented, or to abandoned (which
    requires a reason). `on` is the start (implementing) or the end date (implemented,
    abandoned), today by default."""
    r = _locked(replication, expected_version)
    if status not in Status.values:
        raise ValidationError({"status": [_("Estado desconocido.")]})
    if status not in TRANSITIONS[r.status]:
        raise ValidationError(
            _("Una replicación «%(current)s» no puede pasar a «%(target)s».")
            % {"current": r.get_status_display(), "target": Status(status).label}
        )
    reason = reason.strip()
    if status == Status.ABANDONED and len(reason) < 10:
        raise ValidationError({"reason": [_("Explique en una o dos frases por qué se abandonó.")]})
    before = _snapshot(r)
    day = on or timezone.localdate()
    if status == Status.IMPLEMENTING:
        r.started_on = r.started_on or day
    else:
        r.finished_on = day
    if status == Status.ABANDONED:
        r.abandon_reason = reason
    r.status = status
    _check_dates(r.started_on, r.finished_on)
    r.save()
    _changed()
    audit_record(actor=actor, action="replications.transition", obj=r, before=before, after=_snapshot(r))
    return r


@transaction.atomic
def result_add(
    *,
    actor: Any,
    replication: Replication,
    label: str,
    value: float,
    measured_on: datetime.date,
    unit: str = "",
    baseline: float | None = None,
    evidence_url: str = "",
    expected_version: int | None = None,
) -> Result:
    """Add one of the municipality's own indicator results. Refuses a confirmed or abandoned
    replication, a planned one (nothing has been done yet), a future date, and more than
    MAX_RESULTS rows."""
    r = _locked(replication, expected_version)
    if r.confirmed_at is not None:
        raise ValidationError(_("Una replicación confirmada ya no se modifica."))
    if r.status in (Status.PLANNING, Status.ABANDONED):
        raise ValidationError(_("Se registran resultados de una replicación en implementación o implementada."))
    if measured_on > timezone.localdate():
        raise ValidationError({"measured_on": [_("La fecha de medición no puede estar en el futuro.")]})
    if r.results.count() >= MAX_RESULTS:
        raise ValidationError(_("Una replicación admite hasta %(n)d resultados.") % {"n": MAX_RESULTS})
    result = Result(
        replication=r,
        label=label.strip(),
        unit=unit.strip(),
        baseline=baseline,
        value=value,
        measured_on=measured_on,
        evidence_url=evidence_url.strip(),
    )
    result.full_clean()
    result.save()
    r.save(update_fields=["updated_at", "row_version"])
    _changed()
    audit_record(
        actor=actor,
        action="replications.result_add",
        obj=r,
        after={"label": result.label, "value": value, "baseline": baseline, "measured_on": str(measured_on)},
    )
    return result


@transaction.atomic
def replication_confirm(*, actor: Any, replication: Replication, note: str) -> Replication:
    """A reviewer confirms an implemented replication with results. For a library resource
    whose evidence is below "independently replicated" this raises it to that level through
    library.services.evidence_level_set, with a justification linking this replication
    (the library checks that the actor may set evidence for that resource)."""
    r = Replication.objects.select_for_update().get(pk=replication.pk)
    if r.confirmed_at is not None:
        raise ValidationError(_("Esta replicación ya fue confirmada."))
    if r.status != Status.IMPLEMENTED:
        raise ValidationError(_("Solo se confirma una replicación implementada."))
    if not r.results.exists():
        raise ValidationError(_("Para confirmarla, la replicación debe tener al menos un resultado medido."))
    note = note.strip()
    if len(note) < 10:
        raise ValidationError({"note": [_("Explique en una o dos frases qué revisó para confirmarla.")]})
    r.confirmed_by = actor
    r.confirmed_at = timezone.now()
    r.confirmation_note = note
    r.save(update_fields=["confirmed_by", "confirmed_at", "confirmation_note", "updated_at"])
    raised = False
    if r.resource_id is not None:
        resource = library_selectors.resource_get(pk=r.resource_id)
        if resource is not None and resource.status == "published" and resource.evidence_level < REPLICATED_LEVEL:
            library_services.evidence_level_set(
                actor=actor,
                resource=resource,
                level=REPLICATED_LEVEL,
                justification=_(
                    "Replicado de forma independiente por %(municipality)s (replicación confirmada): %(note)s"
                )
                % {"municipality": r.municipality.name, "note": note},
                evidence=[
                    {
                        "kind": "replication",
                        "ref": str(r.pk),
                        "label": _("Replicación en %(municipality)s") % {"municipality": r.municipality.name},
                    }
                ],
            )
            raised = True
    _changed()
    audit_record(
        actor=actor,
        action="replications.confirm",
        obj=r,
        after={"note": note, "evidence_raised_to": REPLICATED_LEVEL if raised else None},
    )
    return r
