"""Audit trail writes. Every write service of every app calls `audit_record`."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from hublocal.exports import services as exports_services

from .appendonly import ANONYMISED_PREFIX, is_anonymised_username
from .models import AuditEvent

# Actions this app records itself (their labels are registered in AuditConfig.ready()).
DENIED = "auth.denied"
EXPORT = "audit.export"
ACTOR_ANONYMISE = "audit.actor_anonymise"


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record one write. Call inside the service's transaction so the event and the
    change commit or roll back together."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:255]
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent.objects.create(
        actor=actor if is_user else None,
        actor_username=actor.get_username() if is_user else "",
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr[:255],
        before=before,
        after=after,
    )


def snapshot(obj: models.Model, fields: list[str]) -> dict[str, Any]:
    """JSON-safe dict of the given fields, for before/after audit records."""
    data: dict[str, Any] = {}
    for name in fields:
        value = getattr(obj, name)
        if isinstance(value, models.Model):
            value = value.pk
        elif value is not None and not isinstance(value, (str, int, float, bool, list, dict)):
            value = str(value)
        data[name] = value
    return data


def _object_fields(obj: Any) -> dict[str, Any]:
    if obj is None:
        return {}
    if isinstance(obj, models.Model):
        return {"object_type": obj._meta.label_lower, "object_id": str(obj.pk), "object_repr": str(obj)[:255]}
    return {"object_type": type(obj).__name__.lower()[:80], "object_repr": str(obj)[:255]}


@transaction.atomic
def audit_record_denied(*, request: HttpRequest, permission: str = "", obj: Any = None) -> AuditEvent | None:
    """Record a refused authorisation: a 403 answered to a signed-in account or a token.

    Called by core.web.LoginRequiredMiddleware once the 403 response exists, i.e. after the view
    and any transaction it opened (ATOMIC_REQUESTS included) have been rolled back, so this event
    survives the failed request. `permission` is the action the rule refused ("" when the view
    refused without a rule, e.g. a check in the view's own code); `obj` what it was asked about.
    Anonymous visitors are not recorded (they are sent to sign in, or get 401): one event per
    bot request would flood the trail. Returns None for them."""
    user = getattr(request, "user", None)
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    match = getattr(request, "resolver_match", None)
    return audit_record(
        actor=user,
        action=DENIED,
        **_object_fields(obj),
        after={
            "method": request.method,
            "path": request.path[:500],
            "route": match.view_name if match is not None else "",
            "permission": permission,
        },
    )


@transaction.atomic
def audit_anonymise_actor(*, user_id: int, replacement: str, actor: Any = None) -> int:
    """Erase an account's name from the trail it left: every event it made gets `actor_username`
    = `replacement` and loses its link to the account (actor_id NULL). The only change the
    append-only trail allows (the database triggers refuse anything else); the events
    themselves, what was done to which object, stay. Returns how many events changed.

    `replacement` must be '' or a pseudonym starting with "persona-" (core.registry.pseudonym),
    else ValidationError. Records its own `audit.actor_anonymise` event, naming `actor` (the
    person who carried out the request) unless it is the erased account itself: then the event
    has no actor, so it does not re-identify the person it is about."""
    if not is_anonymised_username(replacement) or len(replacement) > 150:
        message = _("Debe quedar vacío o ser un seudónimo que empiece con «%(p)s».") % {"p": ANONYMISED_PREFIX}
        raise ValidationError({"replacement": message})
    # The model's base manager is a plain QuerySet: the update goes to the database, whose
    # trigger checks that only these two columns change.
    count = AuditEvent._base_manager.filter(actor_id=user_id).update(actor_username=replacement, actor=None)
    by_subject = actor is not None and getattr(actor, "pk", None) == user_id
    audit_record(
        actor=None if by_subject else actor,
        action=ACTOR_ANONYMISE,
        object_type="accounts.user",
        object_id=str(user_id),
        object_repr=replacement,
        after={"events": count, "requested_by_subject": by_subject},
    )
    return count


@transaction.atomic
def audit_export_record(*, actor: Any, filters: dict[str, Any], rows: int) -> AuditEvent:
    """Record that `actor` downloaded the trail with these filters: an export takes personal data
    out of the platform, so who took what is itself part of the trail."""
    return audit_record(
        actor=actor,
        action=EXPORT,
        object_type="audit.auditevent",
        object_repr=_("Exportación CSV del registro de auditoría"),
        after={"filters": filters, "rows": rows},
    )


@transaction.atomic
def audit_export_job_request(
    *, actor: Any, filters: dict[str, Any], record_filters: dict[str, str], rows: int, language: str
) -> Any:
    """A long export of the trail: recorded like a download (audit.export), then written by the
    task queue as an export job of its requester (hublocal/exports); the job. `record_filters` are
    the filters as the audit.export event shows them (forms.filters_for_record)."""
    from . import exports

    record = audit_export_record(actor=actor, filters=record_filters, rows=rows)
    return exports_services.job_request(
        actor=actor,
        kind=exports.KIND,
        params=exports.job_params(filters=filters, before_id=record.pk, language=language),
        title=_("Registro de auditoría: %(n)s eventos") % {"n": rows},
    )
