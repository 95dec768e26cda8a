"""Privacy reads: what the platform holds about a person (from every app's declaration in
`core.registry`), consent and restriction checks other apps may ask, the requests queue, the
record of processing activities and the breach register.

Other apps may call:

- `has_consent(user, purpose)`: True while the person's latest consent to that purpose stands.
- `is_restricted(user)`: True while the person's processing is blocked (an approved blocking
  request). Jobs that contact or profile people (reminders, escalations, matching) must skip
  restricted people; keeping the data and answering the person stay allowed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q, QuerySet
from django.utils import timezone

from hublocal.core import registry

from . import record
from .models import OPEN_STATUSES, Breach, Consent, ConsentText, DataSubjectRequest, ProcessingRestriction

# How many days before the deadline the hub's administrators start being reminded.
REMINDER_DAYS = 5


@dataclass(frozen=True)
class Activity:
    """One declaration as people read it: field names turned into their labels."""

    key: str
    model: str
    model_label: str
    fields: list[str]
    free_text_fields: list[str]
    purpose: str
    legal_basis: str
    legal_basis_label: str
    retention: str
    retention_days: int | None
    recipients: str


def _field_label(model: Any, name: str) -> str:
    if model is None:
        return name
    try:
        return str(model._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


def _activity(declaration: registry.PersonalData) -> Activity:
    try:
        model = apps.get_model(declaration.model)
    except (LookupError, ValueError):
        model = None
    return Activity(
        key=declaration.key,
        model=declaration.model,
        model_label=str(model._meta.verbose_name_plural) if model is not None else declaration.model,
        fields=[_field_label(model, f) for f in declaration.fields],
        free_text_fields=[_field_label(model, f) for f in declaration.free_text_fields],
        purpose=str(declaration.purpose),
        legal_basis=declaration.legal_basis,
        legal_basis_label=str(registry.LegalBasis.label(declaration.legal_basis)),
        retention=str(declaration.retention),
        retention_days=declaration.retention_days,
        recipients=str(declaration.recipients),
    )


def processing_activities() -> list[Activity]:
    """The record of processing activities (and the notice), generated from the registry."""
    return [_activity(d) for d in registry.personal_data()]


def processing_record_rows() -> list[list[Any]]:
    """The record as rows, header first: the same rows as `manage.py privacy_record` and
    docs/privacy.md (privacy.record), for the staff page and its CSV."""
    return [record.headers(), *record.rows()]


def personal_data_for(user: Any) -> list[dict[str, Any]]:
    """Every personal datum about `user` from every registered app, grouped by declaration with
    its purpose and legal basis. The same function answers /cuenta/mis-datos/, its downloads and
    GET /api/v1/me/data/. Groups without rows are kept: saying "nothing here" is part of the
    answer to an access request."""
    groups = []
    for declaration in registry.personal_data():
        activity = _activity(declaration)
        groups.append(
            {
                "key": activity.key,
                "model": activity.model,
                "label": activity.model_label,
                "purpose": activity.purpose,
                "legal_basis": activity.legal_basis,
                "legal_basis_label": activity.legal_basis_label,
                "retention": activity.retention,
                "recipients": activity.recipients,
                "rows": declaration.export(user),
            }
        )
    return groups


def data_summary(groups: list[dict[str, Any]]) -> list[tuple[str, str, int]]:
    """(key, label, row count) of each group that holds something, for the staff's detail page."""
    return [(g["key"], g["label"], len(g["rows"])) for g in groups if g["rows"]]


# ----------------------------------------------------------------------------- consent


def consent_text_current(*, purpose: str) -> ConsentText | None:
    """The latest published text of a purpose: what a person agrees to now."""
    return ConsentText.objects.filter(purpose=purpose, published_at__lte=timezone.now()).order_by("-version").first()


def consent_purposes() -> list[str]:
    return list(ConsentText.objects.order_by("purpose").values_list("purpose", flat=True).distinct())


def consent_active(*, user: Any, purpose: str) -> Consent | None:
    if user is None or not getattr(user, "pk", None):
        return None
    return (
        Consent.objects.select_related("text")
        .filter(user_id=user.pk, text__purpose=purpose, withdrawn_at__isnull=True)
        .order_by("-given_at", "-id")
        .first()
    )


def has_consent(user: Any, purpose: str) -> bool:
    """True while the person's consent to `purpose` stands (given and not withdrawn)."""
    return consent_active(user=user, purpose=purpose) is not None


def consents_for(*, user: Any) -> list[dict[str, Any]]:
    """Each consent purpose with its current text and whether the person has given it."""
    texts = {t.purpose: t for t in ConsentText.objects.order_by("purpose", "version")}  # last version wins
    active = {
        c.text.purpose: c
        for c in Consent.objects.select_related("text")
        .filter(user_id=user.pk, withdrawn_at__isnull=True)
        .order_by("given_at", "id")
    }
    return [{"purpose": p, "text": t, "consent": active.get(p)} for p, t in sorted(texts.items())]


# ----------------------------------------------------------------------------- restriction


def is_restricted(user: Any) -> bool:
    """True while the person's processing is blocked (see the module docstring)."""
    if user is None or not getattr(user, "pk", None):
        return False
    return is_restricted_id(user.pk)


def is_restricted_id(user_id: int) -> bool:
    """is_restricted by account id, for callers that hold only the id (engagement's reminders)."""
    return ProcessingRestriction.objects.filter(user_id=user_id, lifted_at__isnull=True).exists()


# ----------------------------------------------------------------------------- requests


def requests_of(*, user: Any) -> QuerySet[DataSubjectRequest]:
    return DataSubjectRequest.objects.filter(user_id=user.pk).order_by("-received_at", "-id")


def request_of(*, user: Any, pk: int) -> DataSubjectRequest | None:
    """The person's own request; someone else's is None (reported as missing)."""
    return requests_of(user=user).filter(pk=pk).first()


def request_get(*, pk: int) -> DataSubjectRequest | None:
    return DataSubjectRequest.objects.select_related("user", "decided_by").filter(pk=pk).first()


def request_queue(*, status: str = "") -> QuerySet[DataSubjectRequest]:
    """Open requests first, by deadline; then the closed ones, newest first."""
    qs = DataSubjectRequest.objects.select_related("user")
    if status:
        return qs.filter(status=status).order_by("due_on", "id")
    return qs.filter(status__in=OPEN_STATUSES).order_by("due_on", "id")


def requests_needing_reminder(*, today: date | None = None) -> list[DataSubjectRequest]:
    """Open requests due within REMINDER_DAYS days, or already overdue."""
    today = today or timezone.localdate()
    return list(
        DataSubjectRequest.objects.select_related("user")
        .filter(status__in=OPEN_STATUSES, due_on__lte=today + timedelta(days=REMINDER_DAYS))
        .order_by("due_on", "id")
    )


def hub_admin_emails() -> list[str]:
    """Where reminders go: every active hub administrator with an address."""
    users = get_user_model().objects.filter(role="hub_admin", is_active=True).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


def home_open_requests(*, limit: int = 10) -> tuple[list[DataSubjectRequest], int]:
    """Open requests awaiting the hub, soonest deadline first, and how many there are (two queries)."""
    qs = DataSubjectRequest.objects.filter(status__in=OPEN_STATUSES)
    return list(qs.order_by("due_on", "id")[:limit]), qs.count()


def home_requests_of(*, user: Any, since: Any, limit: int = 10) -> list[DataSubjectRequest]:
    """A person's own requests: the open ones and those decided since `since` (one query)."""
    return list(requests_of(user=user).filter(Q(status__in=OPEN_STATUSES) | Q(decided_at__gte=since))[:limit])


# ----------------------------------------------------------------------------- breaches


def breach_list() -> QuerySet[Breach]:
    return Breach.objects.all()


def breach_get(*, pk: int) -> Breach | None:
    return Breach.objects.filter(pk=pk).first()
