"""Events reads: the public agenda, one event with its seats, registrants, pitches, awards, the
jury's work and the results. Every list runs a bounded number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from hublocal.core.permissions import is_hub_staff

from .models import (
    AwardEdition,
    AwardStatus,
    Event,
    Juror,
    Nomination,
    Pitch,
    PitchStatus,
    Registration,
    RegistrationStatus,
    Score,
)
from .permissions import PUBLIC_STATUSES

LIMIT_360 = 20


def _with_seats(qs: QuerySet[Event]) -> QuerySet[Event]:
    return qs.annotate(
        seats_taken=Count("registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)),
        waitlisted=Count("registrations", filter=Q(registrations__status=RegistrationStatus.WAITLISTED)),
    )


def event_list(*, viewer: Any, when: str = "upcoming", kind: str = "", year: int | None = None) -> QuerySet[Event]:
    """Events the viewer may open: upcoming (not ended yet, soonest first) or past (latest first)."""
    qs = Event.objects.all() if is_hub_staff(viewer) else Event.objects.filter(status__in=PUBLIC_STATUSES)
    now = timezone.now()
    qs = (
        qs.filter(ends_at__lt=now).order_by("-starts_at", "-id")
        if when == "past"
        else qs.filter(ends_at__gte=now).order_by("starts_at", "id")
    )
    if kind:
        qs = qs.filter(kind=kind)
    if year is not None:
        qs = qs.filter(starts_at__year=year)
    return _with_seats(qs).prefetch_related("organisers")


def event_years() -> list[int]:
    return sorted({d.year for d in Event.objects.filter(status__in=PUBLIC_STATUSES).dates("starts_at", "year")})


def event_get(*, slug: str) -> Event | None:
    return _with_seats(Event.objects.filter(slug=slug)).prefetch_related("organisers").first()


def event_get_by_pk(*, pk: int) -> Event | None:
    return _with_seats(Event.objects.filter(pk=pk)).prefetch_related("organisers").first()


def registration_of(*, event: Event, user: Any) -> Registration | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Registration.objects.filter(event=event, user=user).first()


def registration_get(*, pk: int) -> Registration | None:
    return Registration.objects.select_related("event").filter(pk=pk).first()


def registrants(*, event: Event) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(event=event)
        .select_related("organization")
        .order_by("status", "waitlist_position", "registered_at", "id")
    )


def my_upcoming_registrations(*, user_id: int, limit: int = 20) -> list[Registration]:
    return list(
        Registration.objects.filter(
            user_id=user_id,
            status__in=(RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED),
            event__ends_at__gte=timezone.now(),
        )
        .select_related("event")
        .order_by("event__starts_at")[:limit]
    )


def registrations_of_person(*, user_id: int, limit: int = LIMIT_360) -> list[Registration]:
    return list(
        Registration.objects.filter(user_id=user_id)
        .exclude(status=RegistrationStatus.CANCELLED)
        .select_related("event")
        .order_by("-event__starts_at")[:limit]
    )


# --- Demo days -------------------------------------------------------------------------------


def pitch_get(*, pk: int) -> Pitch | None:
    return Pitch.objects.select_related("event", "organization").filter(pk=pk).first()


def pitches_for_staff(*, event: Event) -> list[Pitch]:
    return list(
        Pitch.objects.filter(event=event)
        .select_related("organization")
        .annotate(interest_count=Count("interests"))
        .order_by("agenda_order", "created_at", "id")
    )


def agenda(*, event: Event) -> list[Pitch]:
    """The selected pitches in agenda order (public once the demo day is)."""
    return list(
        Pitch.objects.filter(event=event, status=PitchStatus.SELECTED)
        .select_related("organization")
        .prefetch_related("interests")
        .order_by("agenda_order", "id")
    )


def pitches_of_organization(*, organization_id: int, event: Event | None = None) -> list[Pitch]:
    qs = Pitch.objects.filter(organization_id=organization_id).select_related("event")
    if event is not None:
        qs = qs.filter(event=event)
    return list(qs.order_by("-created_at")[:50])


# --- Awards ----------------------------------------------------------------------------------


def edition_list() -> QuerySet[AwardEdition]:
    return (
        AwardEdition.objects.select_related("event").annotate(n_categories=Count("categories")).order_by("-year", "id")
    )


def edition_get(*, slug: str) -> AwardEdition | None:
    return (
        AwardEdition.objects.select_related("event")
        .prefetch_related("categories", Prefetch("jurors", queryset=Juror.objects.select_related("organization")))
        .filter(slug=slug)
        .first()
    )


def edition_get_by_pk(*, pk: int) -> AwardEdition | None:
    return AwardEdition.objects.prefetch_related("categories", "jurors").filter(pk=pk).first()


def nominations_of(*, edition: AwardEdition) -> list[Nomination]:
    return list(
        Nomination.objects.filter(category__edition=edition)
        .select_related("category", "organization")
        .order_by("category__position", "category_id", "id")
    )


def nomination_get(*, pk: int) -> Nomination | None:
    return (
        Nomination.objects.select_related("category__edition", "organization")
        .prefetch_related("category__edition__jurors")
        .filter(pk=pk)
        .first()
    )


def juror_of(*, edition: AwardEdition, user: Any) -> Juror | None:
    return next((j for j in edition.jurors.all() if j.user_id == getattr(user, "pk", None)), None)


def scores_of_juror(*, juror: Juror) -> dict[int, Score]:
    return {s.nomination_id: s for s in Score.objects.filter(juror=juror)}


def nominations_to_score(*, user_id: int) -> list[Nomination]:
    """Nominations of editions in judging where the person sits on the jury, not yet scored by
    them and not of their own organisation (those they may not score)."""
    jurors = list(Juror.objects.filter(user_id=user_id, edition__status=AwardStatus.JUDGING))
    if not jurors:
        return []
    q = Q()
    for j in jurors:
        part = Q(category__edition_id=j.edition_id) & ~Q(scores__juror=j)
        if j.organization_id:
            part &= ~Q(organization_id=j.organization_id)
        q |= part
    return list(Nomination.objects.filter(q).select_related("category__edition").distinct()[:50])


@dataclass(frozen=True)
class ResultRow:
    nomination: Nomination
    mean: Decimal | None
    n_scores: int


def results(*, edition: AwardEdition) -> dict[int, list[ResultRow]]:
    """Per category id: nominations ranked by the mean of their jurors' weighted scores (the
    unscored last). Two queries."""
    nominations = nominations_of(edition=edition)
    sums: dict[int, list[Decimal]] = {}
    for nomination_id, weighted in Score.objects.filter(nomination__category__edition=edition).values_list(
        "nomination_id", "weighted"
    ):
        sums.setdefault(nomination_id, []).append(Decimal(weighted))
    out: dict[int, list[ResultRow]] = {}
    for n in nominations:
        values = sums.get(n.pk, [])
        mean = (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.001")) if values else None
        out.setdefault(n.category_id, []).append(ResultRow(n, mean, len(values)))
    for rows in out.values():
        rows.sort(key=lambda r: (r.mean is None, -(r.mean or 0), r.nomination.pk))
    return out


def winners(*, edition: AwardEdition) -> list[Nomination]:
    return [n for n in nominations_of(edition=edition) if n.is_winner]


def awards_won_by(*, organization_id: int, limit: int = LIMIT_360) -> list[Nomination]:
    return list(
        Nomination.objects.filter(
            organization_id=organization_id, is_winner=True, category__edition__status=AwardStatus.PUBLISHED
        )
        .select_related("category__edition")
        .order_by("-category__edition__year")[:limit]
    )
