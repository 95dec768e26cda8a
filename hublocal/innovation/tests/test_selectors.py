"""Who sees which challenges, calls and questions; counts and the profile panel."""

from __future__ import annotations

from hublocal.innovation import selectors, services
from hublocal.innovation.models import Challenge

from .conftest import STATEMENT, with_status


def _titles(viewer, **filters) -> set[str]:
    return set(selectors.challenge_list_visible(viewer=viewer, **filters).values_list("title", flat=True))


def test_public_sees_published_and_later_only(users):
    public = set(
        Challenge.objects.filter(status__in=["published", "closed", "in_pilot", "finished", "archived"]).values_list(
            "title", flat=True
        )
    )
    for viewer in (None, users["startup-a"], users["partner"]):
        assert _titles(viewer) == public
    assert "Microbasurales denunciados por la comunidad" not in public


def test_officials_see_their_own_drafts_and_reviews(users, valparaiso_org, draft):
    santiago = _titles(users["santiago"])
    valparaiso = _titles(users["valparaiso"])
    assert draft.title in santiago and draft.title not in valparaiso
    assert "Microbasurales denunciados por la comunidad" in valparaiso
    assert "Microbasurales denunciados por la comunidad" not in santiago
    # Sharing a draft makes it visible to the co-municipality too.
    services.challenge_update(
        expected_version=None, actor=users["santiago"], challenge=draft, data={}, co_municipalities=[valparaiso_org]
    )
    assert draft.title in _titles(users["valparaiso"])


def test_hub_sees_everything(users, draft):
    assert _titles(users["analista"]) == set(Challenge.objects.values_list("title", flat=True))


def test_filters(users, draft):
    assert _titles(None, area="aps") == {"Agenda de horas en CESFAM rurales con conectividad limitada"}
    # Region of any of the municipalities: Valparaíso shares the patentes challenge.
    assert "Patentes comerciales sin filas ni papeles" in _titles(None, region="05")
    assert "Prevención situacional en barrios con alta victimización" not in _titles(None, region="05")
    assert _titles(None, q="PATENTES comerciales") == {"Patentes comerciales sin filas ni papeles"}
    assert _titles(None, q="victimizacion") == {"Prevención situacional en barrios con alta victimización"}
    current = selectors.call_get_by_slug(slug="municipia-2026")
    assert len(_titles(None, call=current)) == 3
    assert _titles(users["santiago"], status="draft") >= {draft.title}


def test_counts_and_open_challenges(users, draft, call):
    before = selectors.challenge_counts()
    current = selectors.call_get_by_slug(slug="municipia-2026")
    assert selectors.challenge_counts(call_id=current.pk) == 3
    with_status(draft, "published", call)
    assert selectors.challenge_counts() == before + 1
    assert draft.pk in {c.pk for c in selectors.open_challenges()}
    past = selectors.call_get_by_slug(slug="municipia-2025")
    assert not {c.pk for c in selectors.open_challenges()} & {c.pk for c in selectors.challenges_of_call(call=past)}


def test_draft_calls_are_for_the_hub(users, draft_call):
    assert draft_call.pk in set(selectors.call_list_visible(viewer=users["analista"]).values_list("pk", flat=True))
    for viewer in (None, users["santiago"], users["startup-a"]):
        assert draft_call.pk not in set(selectors.call_list_visible(viewer=viewer).values_list("pk", flat=True))


def test_profile_panel_lists_published_challenges_of_the_municipality(users, santiago_org, valparaiso_org):
    panel = selectors.profile_panel(commune_code="13101", organization=santiago_org, user=None)
    titles = {c.title for c in panel["challenges"]}
    assert "Patentes comerciales sin filas ni papeles" in titles
    assert all(c.status != "draft" for c in panel["challenges"])
    shared = selectors.profile_panel(commune_code="05101", organization=valparaiso_org, user=None)
    assert "Patentes comerciales sin filas ni papeles" in {c.title for c in shared["challenges"]}


def test_available_transitions(users, draft):
    assert [t.target for t in selectors.available_transitions(user=users["santiago"], challenge=draft)] == ["in_review"]
    assert selectors.available_transitions(user=users["valparaiso"], challenge=draft) == []
    services.challenge_update(expected_version=None, actor=users["santiago"], challenge=draft, data=STATEMENT)
    draft = services.challenge_transition(actor=users["santiago"], challenge=draft, to="in_review")
    staff = {t.target for t in selectors.available_transitions(user=users["staff"], challenge=draft)}
    analyst = {t.target for t in selectors.available_transitions(user=users["analista"], challenge=draft)}
    assert staff == {"draft", "published"} and analyst == {"draft"}


def test_officials_see_and_may_answer_questions_about_their_challenge(users, published, call):
    question = services.question_ask(
        actor=users["startup-a"], call=call, text="¿Cuántos reclamos hay?", challenge=published
    )
    mine = {q.pk: q for q in selectors.questions_visible(call=call, viewer=users["santiago"])}
    assert mine[question.pk].can_answer and mine[question.pk].asker_label is None
    assert question.pk not in {q.pk for q in selectors.questions_visible(call=call, viewer=users["valparaiso"])}
    assert question.pk not in {q.pk for q in selectors.questions_visible(call=call, viewer=users["startup-b"])}
