from __future__ import annotations

from hublocal.innovation import selectors as innovation_selectors
from hublocal.proposals import selectors, services
from hublocal.proposals.models import Proposal, WorkingSession


def test_demo_past_call_is_fully_evaluated(users):
    past = innovation_selectors.call_get_by_slug(slug="municipia-2025")
    assert not selectors.proposals_lacking_feedback(call=past).exists()
    board = selectors.evaluation_board(call=past, viewer=users["staff"])
    statuses = {r.proposal.organization.slug: r.proposal.status for g in board.groups for r in g.rows}
    assert statuses["datamuni-spa"] == statuses["tramite-facil-spa"] == "shortlisted"
    assert "not_selected" in statuses.values()
    assert all(r.complete and r.summary.members == 2 for g in board.groups for r in g.rows)
    held = WorkingSession.objects.filter(challenge__call=past, status="held", is_demo=True)
    assert held.count() == 2 and all(s.minutes for s in held)
    assert selectors.funnel_counts(call_id=past.pk) == {"proposals": 3, "sessions": 2}
    overall = selectors.funnel_counts()
    assert overall["proposals"] >= 5 and overall["sessions"] >= 2


def test_board_ranks_by_weighted_total_and_counts_my_scores(users, evaluated, closed_call):
    a, b = evaluated
    c1, c2 = closed_call.criteria.order_by("order")
    services.score_set(actor=users["staff"], proposal=b, scores={c1.pk: 5, c2.pk: 5})
    services.score_set(actor=users["analista"], proposal=a, scores={c1.pk: 1})
    board = selectors.evaluation_board(call=closed_call, viewer=users["analista"])
    rows = board.groups[0].rows
    assert [r.proposal.pk for r in rows] == [b.pk, a.pk]
    assert (rows[0].summary.total, rows[0].complete, rows[0].scored_by_me) == (100.0, True, 0)
    assert (rows[1].summary.total, rows[1].complete, rows[1].scored_by_me) == (12.0, False, 1)
    assert rows[1].means == [1.0, None] and board.committee_size == 2


def test_withdrawn_proposals_leave_the_board(users, proposal_a, proposal_b, open_call):
    services.proposal_withdraw(actor=users["startup-a"], proposal=proposal_a)
    board = selectors.evaluation_board(call=open_call, viewer=users["staff"])
    assert [r.proposal.pk for g in board.groups for r in g.rows] == [proposal_b.pk]
    assert selectors.funnel_counts(call_id=open_call.pk)["proposals"] == 1


def test_every_official_of_a_sharing_municipality_sees_them(users, evaluated, closed_call):
    from hublocal.accounts import services as accounts_services
    from hublocal.directory import selectors as directory_selectors

    valpo = directory_selectors.municipalities(codes=["05101"]).get()
    colleague = accounts_services.user_create(
        actor=users["staff"],
        username="valpo-2",
        email="v2@example.cl",
        password=None,
        role="municipal",
        organization=valpo,
    )
    assert selectors.proposals_visible_to(colleague).filter(challenge__call=closed_call).count() == 2
    assert not selectors.proposals_visible_to(users["partner"]).exists()


def test_own_results_hide_the_score_until_feedback(users, evaluated, closed_call):
    a, _ = evaluated
    c1 = closed_call.criteria.order_by("order").first()
    services.score_set(actor=users["staff"], proposal=a, scores={c1.pk: 5})
    org = users["startup-a"].organization_id
    assert {p.pk: s for p, s in selectors.own_results(organization_id=org)}[a.pk] is None
    services.feedback_give(actor=users["staff"], proposal=a, feedback="Bien.")
    assert {p.pk: s for p, s in selectors.own_results(organization_id=org)}[a.pk].total == 60.0


def test_sessions_visibility(users, evaluated, closed_challenge):
    from django.utils import timezone

    a, _ = evaluated
    services.proposal_shortlist(actor=users["staff"], proposal=a)
    session = services.session_schedule(
        actor=users["staff"], challenge=closed_challenge, starts_at=timezone.now(), place="Sala"
    )
    ids = {
        name: set(selectors.sessions_visible_to(users[name]).values_list("pk", flat=True))
        for name in ("staff", "santiago", "valparaiso", "startup-a", "startup-b", "partner")
    }
    assert session.pk in ids["staff"] and session.pk in ids["santiago"] and session.pk in ids["startup-a"]
    assert session.pk not in ids["valparaiso"] | ids["startup-b"] | ids["partner"]
    assert Proposal.objects.filter(pk=a.pk, status="shortlisted").exists()


def test_funnel_counts_can_leave_out_calls_still_open(users, evaluated, proposal_a):
    from django.utils import timezone

    # evaluated: two proposals to a closed call; proposal_a: one to an open call.
    everything = selectors.funnel_counts()
    closed_only = selectors.funnel_counts(closed_by=timezone.now())
    still_open = (
        Proposal.objects.filter(challenge__call__closes_at__gt=timezone.now()).exclude(status="withdrawn").count()
    )
    assert still_open >= 1 and everything["proposals"] - closed_only["proposals"] == still_open
    assert selectors.funnel_counts(call_id=proposal_a.challenge.call_id, closed_by=timezone.now())["proposals"] == 0
    assert selectors.funnel_counts(call_id=evaluated[0].challenge.call_id, closed_by=timezone.now())["proposals"] == 2
