"""Proposal reads. Other apps reach proposals only through these functions.

`proposals_visible_to` is the only way a list of proposals is built (pages, counts, API,
exports): a startup gets its own proposals and nothing else, everywhere. Every function here
runs a fixed number of queries whatever the number of proposals, scores or members."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Avg, Count, F, Prefetch, Q, QuerySet

from hublocal.accounts import selectors as accounts_selectors
from hublocal.core.permissions import HUB_STAFF_ROLES, has_role, is_authenticated, is_hub_staff, organization_id
from hublocal.directory import selectors as directory_selectors
from hublocal.innovation import selectors as innovation_selectors

from .models import (
    Attachment,
    CommitteeMember,
    Proposal,
    ProposalStatus,
    Score,
    SessionParticipant,
    SessionStatus,
    WorkingSession,
)

MAX_SCORE = 5


def subject_key(challenge_id: int) -> str:
    """The engagement subject of a challenge's working sessions."""
    return f"challenge:{challenge_id}"


# --- Single objects -------------------------------------------------------------------------


# Largest primary key the database stores: larger ids from URLs are simply not found.
MAX_ID = 2**63 - 1


def proposal_get(*, pk: int) -> Proposal | None:
    if not 0 < pk <= MAX_ID:
        return None
    return (
        Proposal.objects.select_related("challenge", "challenge__call", "challenge__owner", "organization", "solution")
        .filter(pk=pk)
        .first()
    )


def attachment_get(*, pk: int) -> Attachment | None:
    if not 0 < pk <= MAX_ID:
        return None
    return (
        Attachment.objects.select_related("proposal", "proposal__challenge", "proposal__challenge__call")
        .filter(pk=pk)
        .first()
    )


def attachments_of(*, proposal: Proposal) -> list[Attachment]:
    return list(proposal.attachments.order_by("pk"))


def attachments_of_many(*, proposal_ids: list[int]) -> list[Attachment]:
    return list(Attachment.objects.filter(proposal_id__in=proposal_ids).order_by("proposal_id", "pk"))


def session_get(*, pk: int) -> WorkingSession | None:
    if not 0 < pk <= MAX_ID:
        return None
    return (
        WorkingSession.objects.select_related("challenge", "challenge__call", "municipality", "created_by")
        .prefetch_related(
            Prefetch(
                "participants",
                queryset=SessionParticipant.objects.select_related("proposal", "proposal__organization").order_by(
                    "proposal__organization__search_name", "pk"
                ),
            )
        )
        .filter(pk=pk)
        .first()
    )


def shortlisted_proposals(*, challenge_id: int) -> list[Proposal]:
    return list(
        Proposal.objects.select_related("organization")
        .filter(challenge_id=challenge_id, status=ProposalStatus.SHORTLISTED)
        .order_by("pk")
    )


def proposal_of_organization(*, challenge_id: int, organization_id: int) -> Proposal | None:
    """The startup's proposal to the challenge, if it applied (there is at most one)."""
    return Proposal.objects.filter(challenge_id=challenge_id, organization_id=organization_id).first()


# --- Facts the permission rules need (cached on the object for the rest of the request) ------


def applied_challenges(organization_id: int) -> dict[int, int]:
    """{challenge id: proposal id} of the organisation's live (not withdrawn) proposals: its own
    facts, shown to its own members on the recommendations page (one query)."""
    rows = (
        Proposal.objects.filter(organization_id=organization_id)
        .exclude(status=ProposalStatus.WITHDRAWN)
        .values_list("challenge_id", "pk")
    )
    return dict(rows)


def municipality_ids_of(challenge: Any) -> set[int]:
    """Every municipality sharing the challenge, its owner included (one query per challenge
    object, then remembered on it)."""
    cached = getattr(challenge, "_proposals_municipality_ids", None)
    if cached is None:
        cached = innovation_selectors.challenge_municipality_ids(challenge=challenge)
        challenge._proposals_municipality_ids = cached
    return cached


def committee_call_ids(user: Any) -> frozenset[int]:
    """The calls whose committee the account sits on (one query per request's user)."""
    if not is_authenticated(user):
        return frozenset()
    cached = getattr(user, "_proposals_committee_calls", None)
    if cached is None:
        cached = frozenset(CommitteeMember.objects.filter(user_id=user.pk).values_list("call_id", flat=True))
        user._proposals_committee_calls = cached
    return cached


def counterpart_organization_ids(user: Any) -> frozenset[int]:
    """Organisations the account's organisation works with through a shortlisted proposal: for a
    startup, the municipalities sharing each challenge that shortlisted its proposal; for a
    municipality, the startups it shortlisted. One query per request's user, then remembered."""
    own = organization_id(user)
    if own is None:
        return frozenset()
    cached = getattr(user, "_proposals_counterparts", None)
    if cached is None:
        involved = Q(organization_id=own) | Q(challenge__owner_id=own) | Q(challenge__memberships__organization_id=own)
        rows = (
            Proposal.objects.filter(involved, status=ProposalStatus.SHORTLISTED)
            .values_list("organization_id", "challenge__owner_id", "challenge__memberships__organization_id")
            .order_by()
        )
        ids: set[int] = set()
        for startup_id, owner_id, sharing_id in rows:
            if startup_id == own:
                ids.update(i for i in (owner_id, sharing_id) if i is not None)
            else:
                ids.add(startup_id)
        ids.discard(own)
        cached = frozenset(ids)
        user._proposals_counterparts = cached
    return cached


def contact_relationship(viewer: Any, person: Any) -> bool:
    """Registered with core.registry: a shortlisted proposal's startup and the municipalities of
    its challenge see each other's people's contact data (they must arrange working sessions);
    nobody else gains anything from it."""
    counterparts = counterpart_organization_ids(viewer)
    return bool(counterparts) and bool(counterparts & directory_selectors.person_organization_ids(person))


def forget_committee_cache(user: Any) -> None:
    """Called after the account's committee seats change."""
    if hasattr(user, "_proposals_committee_calls"):
        del user._proposals_committee_calls


def participant_organization_ids(session: WorkingSession) -> set[int]:
    """Startups at the session's table (uses the prefetched participants when present)."""
    return {p.proposal.organization_id for p in session.participants.all()}


# --- Visibility -------------------------------------------------------------------------------


def proposals_visible_to(viewer: Any, challenge: Any = None) -> QuerySet[Proposal]:
    """The proposals the viewer may see, optionally of one challenge.

    Startups: their own organisation's proposals only. Hub staff: all. Municipal officials:
    those to their municipalities' challenges; committee members: those of their calls (the
    last two without withdrawn proposals, as in permissions.VIEW_PROPOSAL)."""
    qs = Proposal.objects.select_related("challenge", "challenge__call", "organization", "solution")
    if challenge is not None:
        qs = qs.filter(challenge_id=challenge.pk)
    if not is_authenticated(viewer):
        return qs.none()
    if is_hub_staff(viewer):
        return qs
    org = organization_id(viewer)
    if has_role(viewer, "startup"):
        return qs.filter(organization_id=org) if org is not None else qs.none()
    condition = Q(pk__in=[])
    if has_role(viewer, "municipal") and org is not None:
        shared = Proposal.objects.filter(challenge__memberships__organization_id=org).values("challenge_id")
        condition |= Q(challenge__owner_id=org) | Q(challenge_id__in=shared)
    calls = committee_call_ids(viewer)
    if calls:
        condition |= Q(challenge__call_id__in=calls)
    return qs.filter(condition).exclude(status=ProposalStatus.WITHDRAWN)


def proposal_visible_to(viewer: Any, proposal: Proposal) -> bool:
    """Whether the viewer may see this proposal (the same rule as the pages and the API)."""
    from .permissions import Action, can  # permissions builds on this module

    return can(viewer, Action.VIEW_PROPOSAL, proposal)


def proposal_counts_for(viewer: Any, *, challenge_ids: Iterable[int]) -> dict[int, int] | None:
    """Number of proposals per challenge as the viewer may know it, or None when the viewer
    may not see counts at all (startups and the public: how many competitors applied is
    private). One query."""
    if not is_authenticated(viewer) or has_role(viewer, "startup"):
        return None
    ids = list(challenge_ids)
    rows = (
        proposals_visible_to(viewer)
        .filter(challenge_id__in=ids)
        .exclude(status=ProposalStatus.WITHDRAWN)
        .values("challenge_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = dict.fromkeys(ids, 0)
    counts.update({r["challenge_id"]: r["n"] for r in rows})
    return counts


def sessions_visible_to(viewer: Any, challenge: Any = None) -> QuerySet[WorkingSession]:
    """Hub staff: every session; municipal officials: their municipality's; startups: those
    they are invited to; everyone else: none."""
    qs = (
        WorkingSession.objects.select_related("challenge", "municipality")
        .annotate(n_participants=Count("participants", distinct=True))
        .order_by("-starts_at", "-pk")
    )
    if challenge is not None:
        qs = qs.filter(challenge_id=challenge.pk)
    if not is_authenticated(viewer):
        return qs.none()
    if is_hub_staff(viewer):
        return qs
    org = organization_id(viewer)
    if org is None:
        return qs.none()
    if has_role(viewer, "municipal"):
        return qs.filter(municipality_id=org)
    if has_role(viewer, "startup"):
        invited = SessionParticipant.objects.filter(proposal__organization_id=org).values("session_id")
        return qs.filter(pk__in=invited)
    return qs.none()


def participants_visible_to(viewer: Any, session: WorkingSession) -> list[SessionParticipant]:
    """A startup sees only its own seat: who else was shortlisted is not its business."""
    rows = list(session.participants.all())
    if has_role(viewer, "startup") and not is_hub_staff(viewer):
        org = organization_id(viewer)
        rows = [p for p in rows if p.proposal.organization_id == org]
    return rows


# --- Scores and the evaluation board ----------------------------------------------------------


@dataclass
class ScoreSummary:
    """A proposal's committee result: weighted total 0–100 = Σ weight × mean score / 5."""

    total: float = 0.0
    means: dict[int, float] = field(default_factory=dict)  # criterion id → mean 0–5
    members: int = 0  # evaluators who scored at least one criterion

    def complete(self, criteria: list[Any]) -> bool:
        return bool(criteria) and all(c.pk in self.means for c in criteria)


def score_summaries(*, proposal_ids: list[int]) -> dict[int, ScoreSummary]:
    """Weighted totals and per-criterion means of the given proposals (two queries)."""
    summaries: dict[int, ScoreSummary] = {pk: ScoreSummary() for pk in proposal_ids}
    if not proposal_ids:
        return summaries
    means = (
        Score.objects.filter(proposal_id__in=proposal_ids)
        .values("proposal_id", "criterion_id", "criterion__weight")
        .annotate(mean=Avg("score"))
        .order_by()
    )
    for row in means:
        s = summaries[row["proposal_id"]]
        mean = float(row["mean"])
        s.means[row["criterion_id"]] = mean
        s.total += row["criterion__weight"] * mean / MAX_SCORE
    members = (
        Score.objects.filter(proposal_id__in=proposal_ids)
        .values("proposal_id")
        .annotate(n=Count("evaluator_id", distinct=True))
        .order_by()
    )
    for row in members:
        summaries[row["proposal_id"]].members = row["n"]
    for s in summaries.values():
        s.total = round(s.total, 1)
    return summaries


@dataclass
class BoardRow:
    proposal: Proposal
    summary: ScoreSummary
    means: list[float | None]  # aligned with the board's criteria
    complete: bool
    scored_by_me: int  # criteria the viewing member has scored


@dataclass
class BoardGroup:
    challenge: Any
    rows: list[BoardRow]


@dataclass
class Board:
    call: Any
    criteria: list[Any]
    groups: list[BoardGroup]
    committee_size: int


def evaluation_board(*, call: Any, viewer: Any) -> Board:
    """Every proposal still in the competition for the call, grouped by challenge and ranked
    by weighted total. Six queries whatever the numbers of proposals and members."""
    criteria = innovation_selectors.call_criteria(call=call)
    proposals = list(
        Proposal.objects.select_related("challenge", "organization")
        .filter(challenge__call_id=call.pk)
        .exclude(status=ProposalStatus.WITHDRAWN)
        .order_by("challenge__title", "challenge_id", "pk")
    )
    ids = [p.pk for p in proposals]
    summaries = score_summaries(proposal_ids=ids)
    mine: dict[int, int] = defaultdict(int)
    if ids and is_authenticated(viewer):
        for counted in (
            Score.objects.filter(proposal_id__in=ids, evaluator_id=viewer.pk)
            .values("proposal_id")
            .annotate(n=Count("pk"))
            .order_by()
        ):
            mine[counted["proposal_id"]] = counted["n"]
    groups: dict[int, BoardGroup] = {}
    for p in proposals:
        s = summaries[p.pk]
        row = BoardRow(
            proposal=p,
            summary=s,
            means=[s.means.get(c.pk) for c in criteria],
            complete=s.complete(criteria),
            scored_by_me=mine[p.pk],
        )
        groups.setdefault(p.challenge_id, BoardGroup(challenge=p.challenge, rows=[])).rows.append(row)
    for g in groups.values():
        g.rows.sort(key=lambda r: (-r.summary.total, r.proposal.organization.search_name, r.proposal.pk))
    size = CommitteeMember.objects.filter(call_id=call.pk).count()
    return Board(call=call, criteria=criteria, groups=list(groups.values()), committee_size=size)


def evaluation_csv_rows(*, call: Any) -> Iterable[list[Any]]:
    """The call's evaluation as spreadsheet rows (header first), for the hub's export."""
    board = evaluation_board(call=call, viewer=None)
    yield [
        "desafio_id",
        "desafio",
        "propuesta_id",
        "startup",
        "estado",
        "puntaje_ponderado",
        "evaluadores",
        *[f"promedio: {c.name} ({c.weight}%)" for c in board.criteria],
        "retroalimentacion_entregada",
    ]
    for group in board.groups:
        for r in group.rows:
            p = r.proposal
            yield [
                group.challenge.pk,
                group.challenge.title,
                p.pk,
                p.organization.name,
                p.get_status_display(),
                r.summary.total,
                r.summary.members,
                *["" if m is None else round(m, 2) for m in r.means],
                "sí" if p.feedback_at else "no",
            ]


def member_scores(*, proposal: Proposal) -> list[tuple[Any, dict[int, Score]]]:
    """Each evaluator's scores of the proposal, by criterion id (one query)."""
    by_member: dict[int, tuple[Any, dict[int, Score]]] = {}
    for s in Score.objects.select_related("evaluator").filter(proposal_id=proposal.pk).order_by("evaluator__username"):
        by_member.setdefault(s.evaluator_id, (s.evaluator, {}))[1][s.criterion_id] = s
    return list(by_member.values())


def scores_of_evaluator(*, proposal: Proposal, evaluator: Any) -> dict[int, Score]:
    return {s.criterion_id: s for s in Score.objects.filter(proposal_id=proposal.pk, evaluator_id=evaluator.pk)}


def own_results(*, organization_id: int) -> list[tuple[Proposal, ScoreSummary | None]]:
    """A startup's proposals with its own weighted score, shown once feedback was given (a
    half-scored total would mislead). Three queries."""
    proposals = list(
        Proposal.objects.select_related("challenge", "challenge__call", "solution")
        .filter(organization_id=organization_id)
        .order_by("-submitted_at", "-pk")
    )
    summaries = score_summaries(proposal_ids=[p.pk for p in proposals if p.feedback_at])
    return [(p, summaries.get(p.pk)) for p in proposals]


# --- Committee -------------------------------------------------------------------------------


def committee_of(*, call: Any) -> list[CommitteeMember]:
    """The call's committee, each member with `n_scores` (scores given in this call). Two queries."""
    members = list(
        CommitteeMember.objects.select_related("user", "user__organization")
        .filter(call_id=call.pk)
        .order_by("user__username")
    )
    given = dict(
        Score.objects.filter(proposal__challenge__call_id=call.pk)
        .values("evaluator_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("evaluator_id", "n")
    )
    for m in members:
        m.n_scores = given.get(m.user_id, 0)  # type: ignore[attr-defined]
    return members


def committee_member_get(*, call: Any, user_id: int) -> CommitteeMember | None:
    return CommitteeMember.objects.select_related("user").filter(call_id=call.pk, user_id=user_id).first()


def call_municipality_ids(*, call: Any) -> set[int]:
    """Every municipality with a challenge in the call (one query)."""
    ids: set[int] = set()
    for owner, member in innovation_selectors.challenges_of_call(call=call).values_list(
        "owner_id", "memberships__organization_id"
    ):
        ids.add(owner)
        if member is not None:
            ids.add(member)
    return ids


def committee_candidates(*, call: Any) -> QuerySet[Any]:
    """Active accounts that may be appointed: hub staff and officials of the call's
    municipalities, minus those already on the committee."""
    municipalities = call_municipality_ids(call=call)
    return (
        accounts_selectors.user_list()
        .filter(is_active=True)
        .filter(Q(role__in=HUB_STAFF_ROLES) | Q(role="municipal", organization_id__in=municipalities))
        .exclude(pk__in=CommitteeMember.objects.filter(call_id=call.pk).values("user_id"))
    )


def proposals_lacking_feedback(*, call: Any) -> QuerySet[Proposal]:
    """Applicants of the call still owed written feedback (withdrawn ones are not owed any)."""
    return (
        Proposal.objects.select_related("challenge", "organization")
        .filter(challenge__call_id=call.pk, feedback_at__isnull=True)
        .exclude(status=ProposalStatus.WITHDRAWN)
        .order_by("challenge__title", "pk")
    )


# --- Programme figures -----------------------------------------------------------------------


def funnel_counts(*, call_id: int | None = None, closed_by: datetime | None = None) -> dict[str, int]:
    """Proposals (not withdrawn) and held working sessions, for one call or overall. With
    `closed_by`, only those of calls closed at that moment: how many proposals an open call has
    received is private until it closes (the caller decides who may see the live figures)."""
    proposals = Proposal.objects.exclude(status=ProposalStatus.WITHDRAWN)
    sessions = WorkingSession.objects.filter(status=SessionStatus.HELD)
    if call_id is not None:
        proposals = proposals.filter(challenge__call_id=call_id)
        sessions = sessions.filter(challenge__call_id=call_id)
    if closed_by is not None:
        proposals = proposals.filter(challenge__call__closes_at__lte=closed_by)
        sessions = sessions.filter(challenge__call__closes_at__lte=closed_by)
    return {"proposals": proposals.count(), "sessions": sessions.count()}


def proposal_count() -> int:
    """For the home page's statistics: proposals received by the programme."""
    return Proposal.objects.exclude(status=ProposalStatus.WITHDRAWN).count()


# --- Personal home (/inicio/) -----------------------------------------------------------------


def home_proposals_to_score(*, user: Any, now: datetime) -> list[Proposal]:
    """Undecided proposals of closed calls whose committee the account sits on and that it has
    not scored on every criterion yet, with their challenge and call (one query after the
    committee seats, which are remembered per request)."""
    calls = committee_call_ids(user)
    if not calls:
        return []
    return list(
        Proposal.objects.filter(
            challenge__call_id__in=calls, challenge__call__closes_at__lte=now, status=ProposalStatus.SUBMITTED
        )
        .annotate(
            n_mine=Count("scores", filter=Q(scores__evaluator_id=user.pk), distinct=True),
            n_criteria=Count("challenge__call__criteria", distinct=True),
        )
        .filter(n_mine__lt=F("n_criteria"))
        .select_related("challenge", "challenge__call")
        .order_by("challenge__call__closes_at", "pk")
    )


def home_proposals_of_organization(*, organization_id: int, since: datetime, limit: int = 10) -> list[Proposal]:
    """A startup's live proposals: those still undecided, and those decided since `since`
    without an agreement yet, newest first, with challenge and call (one query)."""
    return list(
        Proposal.objects.filter(organization_id=organization_id)
        .filter(
            Q(status=ProposalStatus.SUBMITTED)
            | Q(
                status__in=(ProposalStatus.SHORTLISTED, ProposalStatus.NOT_SELECTED),
                has_agreement=False,
                updated_at__gte=since,
            )
        )
        .select_related("challenge", "challenge__call")
        .order_by("-submitted_at", "-pk")[:limit]
    )


def home_sessions(*, viewer: Any, since: datetime, limit: int = 10) -> list[WorkingSession]:
    """Scheduled working sessions the viewer may see that start after `since`, soonest first,
    with the participants the permission rule reads (three queries)."""
    return list(
        sessions_visible_to(viewer)
        .filter(status=SessionStatus.SCHEDULED, starts_at__gte=since)
        .prefetch_related("participants__proposal")
        .order_by("starts_at", "pk")[:limit]
    )


def home_shortlisted_without_agreement(*, municipality_id: int, limit: int = 10) -> list[Proposal]:
    """Shortlisted proposals to challenges a municipality owns or shares that have no agreement
    yet: the next step is the municipality's (one query)."""
    shared = Q(challenge__owner_id=municipality_id) | Q(
        challenge_id__in=Proposal.objects.filter(challenge__memberships__organization_id=municipality_id).values(
            "challenge_id"
        )
    )
    return list(
        Proposal.objects.filter(shared, status=ProposalStatus.SHORTLISTED, has_agreement=False)
        .select_related("challenge", "organization")
        .order_by("-updated_at", "-pk")[:limit]
    )
