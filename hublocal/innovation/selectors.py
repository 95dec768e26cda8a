"""Open-innovation reads. Other apps reach challenges and calls only through these functions.

Every list runs a bounded number of queries whatever the number of rows (select_related and
prefetch_related, never a query per row in a template)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from hublocal.core.permissions import has_role, is_hub_staff, organization_id
from hublocal.core.text import fold
from hublocal.diagnosis import selectors as diagnosis_selectors

from .matching import matches_for_challenge, matches_for_startup, matching_pending  # noqa: F401  (explainable matching)
from .models import (
    Call,
    CallStatus,
    Challenge,
    ChallengeMunicipality,
    ChallengeStatus,
    Criterion,
    Event,
    EventRegistration,
    Question,
)
from .permissions import PUBLIC_STATUSES, Action, can

# --- Challenges -------------------------------------------------------------------------------


def challenge_get(*, pk: int) -> Challenge | None:
    return (
        Challenge.objects.select_related("owner", "owner__commune", "call")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=ChallengeMunicipality.objects.select_related("organization", "organization__commune").order_by(
                    "organization__search_name"
                ),
            )
        )
        .filter(pk=pk)
        .first()
    )


def challenge_municipality_ids(*, challenge: Challenge) -> set[int]:
    """Every municipality sharing the challenge, its owner included."""
    ids = set(challenge.memberships.values_list("organization_id", flat=True))
    ids.add(challenge.owner_id)
    return ids


def challenge_municipalities(*, challenge: Challenge) -> list[Any]:
    """The municipalities sharing the challenge, owner first (uses challenge_get's prefetch)."""
    others = [m.organization for m in challenge.memberships.all() if m.organization_id != challenge.owner_id]
    return [challenge.owner, *others]


def _visible(viewer: Any) -> Q:
    if is_hub_staff(viewer):
        return Q()
    visible = Q(status__in=PUBLIC_STATUSES)
    own = organization_id(viewer) if has_role(viewer, "municipal") else None
    if own is not None:
        # Drafts and reviews of one's own municipality (owner or co-municipality).
        visible |= Q(owner_id=own) | Q(
            Exists(ChallengeMunicipality.objects.filter(challenge=OuterRef("pk"), organization_id=own))
        )
    return visible


def challenge_list_visible(
    *,
    viewer: Any,
    area: str = "",
    status: str = "",
    call: Call | int | None = None,
    region: str = "",
    q: str = "",
) -> QuerySet[Challenge]:
    """Challenges the viewer may see: published and later for everyone, their own
    municipality's drafts and reviews for its officials, every one for the hub team.
    Filters: priority area, status, call, region (of any of its municipalities), text."""
    qs = (
        Challenge.objects.filter(_visible(viewer))
        .select_related("owner", "owner__commune", "call")
        .order_by("-published_at", "-created_at", "-pk")
    )
    if area:
        qs = qs.filter(area=area)
    if status:
        qs = qs.filter(status=status)
    if call is not None:
        qs = qs.filter(call_id=call if isinstance(call, int) else call.pk)
    if region:
        qs = qs.filter(
            Q(owner__commune__region__code=region)
            | Q(
                Exists(
                    ChallengeMunicipality.objects.filter(
                        challenge=OuterRef("pk"), organization__commune__region__code=region
                    )
                )
            )
        )
    if q:
        for word in fold(q).split()[:8]:
            qs = qs.filter(search_text__contains=word)
    return qs


def challenge_get_visible(*, pk: int, viewer: Any) -> Challenge | None:
    challenge = challenge_get(pk=pk)
    if challenge is None or not can(viewer, Action.VIEW_CHALLENGE, challenge):
        return None
    return challenge


def open_challenges(*, now: datetime | None = None) -> QuerySet[Challenge]:
    """Published challenges of a call that accepts proposals now."""
    now = now or timezone.now()
    return (
        Challenge.objects.filter(
            status=ChallengeStatus.PUBLISHED,
            call__status=CallStatus.PUBLISHED,
            call__opens_at__lte=now,
            call__closes_at__gt=now,
        )
        .select_related("owner", "owner__commune", "call")
        .order_by("call__closes_at", "title", "pk")
    )


def challenge_counts(call_id: int | None = None) -> int:
    """How many challenges have been published (published or any later status)."""
    qs = Challenge.objects.filter(status__in=PUBLIC_STATUSES)
    if call_id is not None:
        qs = qs.filter(call_id=call_id)
    return qs.count()


def challenges_of_call(*, call: Call) -> QuerySet[Challenge]:
    return call.challenges.select_related("owner").order_by("title", "pk")


def public_challenges_of_call(*, call: Call) -> QuerySet[Challenge]:
    return (
        call.challenges.filter(status__in=PUBLIC_STATUSES)
        .select_related("owner", "owner__commune")
        .order_by("title", "pk")
    )


def available_transitions(*, user: Any, challenge: Challenge) -> list[Any]:
    """The moves the user may make from the challenge's current status (buttons to show)."""
    from .services import TRANSITIONS

    return [t for t in TRANSITIONS if t.source == challenge.status and can(user, t.action, challenge)]


def gap_drafts_for(*, user: Any) -> list[Any]:
    """The diagnosis gaps of the user's municipality not yet turned into challenges."""
    own = organization_id(user)
    if own is None or not has_role(user, "municipal"):
        return []
    return diagnosis_selectors.proposed_challenges_for_organization(organization_id=own, status="draft")


def profile_panel(*, commune_code: str, organization: Any, user: Any) -> dict[str, Any] | None:
    """The municipality profile's section: its published (and later) challenges."""
    if organization is None:
        return None
    challenges = list(
        Challenge.objects.filter(status__in=PUBLIC_STATUSES)
        .filter(
            Q(owner_id=organization.pk)
            | Q(Exists(ChallengeMunicipality.objects.filter(challenge=OuterRef("pk"), organization_id=organization.pk)))
        )
        .select_related("call")
        .order_by("-published_at", "-pk")[:20]
    )
    if not challenges:
        return None
    return {"challenges": challenges}


# --- Calls ------------------------------------------------------------------------------------


def call_get(*, pk: int) -> Call | None:
    return Call.objects.filter(pk=pk).first()


def call_get_visible(*, pk: int, viewer: Any) -> Call | None:
    """The call if the viewer may see it (a draft is the hub's working document), else None."""
    call = call_get(pk=pk)
    if call is None or not can(viewer, Action.VIEW_CALL, call):
        return None
    return call


def call_get_by_slug(*, slug: str) -> Call | None:
    return Call.objects.filter(slug=slug).first()


def call_criteria(*, call: Call) -> list[Criterion]:
    return list(call.criteria.order_by("order", "pk"))


def call_is_open(*, call: Call | None, now: datetime) -> bool:
    """Applications are accepted only while a published call is between its dates."""
    return call is not None and call.status == CallStatus.PUBLISHED and call.opens_at <= now < call.closes_at


def call_list_visible(*, viewer: Any, status: str = "") -> QuerySet[Call]:
    """Calls the viewer may see (drafts only for the hub team), with how many challenges each
    has published, newest first (one query)."""
    qs = Call.objects.annotate(
        n_challenges=Count("challenges", filter=Q(challenges__status__in=PUBLIC_STATUSES))
    ).order_by("-opens_at", "-pk")
    if not is_hub_staff(viewer):
        qs = qs.exclude(status=CallStatus.DRAFT)
    if status:
        qs = qs.filter(status=status)
    return qs


def open_calls(*, now: datetime | None = None) -> list[Call]:
    """Published calls not yet closed (open now or opening soon), soonest close first."""
    now = now or timezone.now()
    return list(
        Call.objects.filter(status=CallStatus.PUBLISHED, closes_at__gt=now)
        .annotate(n_challenges=Count("challenges", filter=Q(challenges__status__in=PUBLIC_STATUSES)))
        .order_by("closes_at", "pk")
    )


def calls_for_publication(*, now: datetime | None = None) -> list[Call]:
    """Calls a challenge may be published into: published and not yet closed."""
    now = now or timezone.now()
    return list(Call.objects.filter(status=CallStatus.PUBLISHED, closes_at__gt=now).order_by("closes_at", "pk"))


# --- Questions --------------------------------------------------------------------------------


def questions_visible(*, call: Call, viewer: Any) -> list[Question]:
    """The call's board as the viewer may see it: answered questions for everyone, unanswered
    ones for the hub team, their own asker and (questions about one challenge) the officials of
    that challenge's municipalities, who may answer them. Each question carries `asker_label`:
    who asked, or None when the asker chose anonymity and the viewer is not on the hub team (the
    name never leaves the server for them), `is_mine` and `can_answer`."""
    staff = is_hub_staff(viewer)
    me = viewer.pk if getattr(viewer, "is_authenticated", False) else None
    qs = Question.objects.filter(call=call).select_related(
        "asked_by", "asked_by__organization", "challenge", "answered_by"
    )
    own = organization_id(viewer) if has_role(viewer, "municipal") else None
    if not staff:
        visible = ~Q(answer="")
        if me is not None:
            visible |= Q(asked_by_id=me)
        if own is not None:
            visible |= Q(challenge__owner_id=own) | Q(
                Exists(ChallengeMunicipality.objects.filter(challenge=OuterRef("challenge_id"), organization_id=own))
            )
        qs = qs.filter(visible)
    answerable: set[int] = set()
    if own is not None:
        answerable = set(
            ChallengeMunicipality.objects.filter(challenge__call=call, organization_id=own).values_list(
                "challenge_id", flat=True
            )
        )
    questions = list(qs.order_by("-created_at", "-pk"))
    for question in questions:
        # Attributes for the page and the API, computed once here so neither decides on its own.
        question.is_mine = me is not None and question.asked_by_id == me  # type: ignore[attr-defined]
        question.asker_label = (  # type: ignore[attr-defined]
            _asker_label(question) if (staff or not question.anonymous) else None
        )
        # Same rule as permissions.ANSWER_QUESTION, without a query per question.
        question.can_answer = staff or question.challenge_id in answerable  # type: ignore[attr-defined]
    return questions


def _asker_label(question: Question) -> str | None:
    user = question.asked_by
    if user is None:
        return None
    name = user.get_full_name() or user.get_username()
    org = getattr(user, "organization", None)
    return f"{name} ({org.name})" if org is not None else name


def question_get(*, pk: int) -> Question | None:
    return Question.objects.select_related("call", "challenge", "challenge__owner").filter(pk=pk).first()


def unanswered_count(*, call: Call) -> int:
    return Question.objects.filter(call=call, answer="").count()


# --- Events -----------------------------------------------------------------------------------


def _with_counts(qs: QuerySet[Event]) -> QuerySet[Event]:
    return qs.annotate(n_registered=Count("registrations")).select_related("call")


def event_list(
    *, upcoming_only: bool = False, call: Call | None = None, now: datetime | None = None
) -> QuerySet[Event]:
    qs = _with_counts(Event.objects.all())
    if upcoming_only:
        qs = qs.filter(ends_at__gt=now or timezone.now())
    if call is not None:
        qs = qs.filter(call=call)
    return qs.order_by("starts_at", "pk") if upcoming_only else qs.order_by("-starts_at", "-pk")


def event_get(*, pk: int) -> Event | None:
    return _with_counts(Event.objects.filter(pk=pk)).first()


def registrations_of(*, event: Event) -> QuerySet[EventRegistration]:
    return EventRegistration.objects.filter(event=event).order_by("full_name", "pk")


def seats_left(*, event: Event) -> int:
    registered = getattr(event, "n_registered", None)
    if registered is None:
        registered = event.registrations.count()
    return max(0, event.capacity - registered)


# --- Personal home (/inicio/) -----------------------------------------------------------------


def home_challenges_of_municipality(*, organization_id: int, limit: int = 10) -> list[Challenge]:
    """A municipality's challenges (owned or shared) still in draft or under review, with their
    memberships prefetched for the permission rule (two queries)."""
    shared = ChallengeMunicipality.objects.filter(challenge=OuterRef("pk"), organization_id=organization_id)
    return list(
        Challenge.objects.filter(Q(owner_id=organization_id) | Q(Exists(shared)))
        .filter(status__in=(ChallengeStatus.DRAFT, ChallengeStatus.IN_REVIEW))
        .prefetch_related("memberships")
        .order_by("-updated_at", "-pk")[:limit]
    )


def home_challenges_in_review(*, limit: int = 10) -> tuple[list[Challenge], int]:
    """Challenges waiting for the hub's review, oldest first, with their owner, and how many
    there are in all (two queries)."""
    qs = Challenge.objects.filter(status=ChallengeStatus.IN_REVIEW)
    return list(qs.select_related("owner").order_by("updated_at", "pk")[:limit]), qs.count()
