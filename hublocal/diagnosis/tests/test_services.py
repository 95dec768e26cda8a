from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from hublocal.audit.models import AuditEvent
from hublocal.diagnosis import selectors, services
from hublocal.diagnosis.models import Answer, AnswerChange, Participation, ProposedChallenge, Result
from hublocal.directory import selectors as directory_selectors
from hublocal.engagement import selectors as engagement_selectors

from .conftest import FULL, answer_all


def _track(p):
    return engagement_selectors.track_get(
        process=services.PROCESS, subject_key=selectors.subject_key(p.campaign), organization_id=p.organization_id
    )


class TestCampaign:
    def test_invites_each_municipality_with_a_track(self, campaign):
        ps = list(selectors.participation_list(campaign=campaign))
        assert len(ps) == 5
        santiago = next(p for p in ps if p.commune_code == "13101")
        assert santiago.typology == "metropolitana" and santiago.region_code == "13"
        assert santiago.focal_point is not None  # taken from the municipality's designation
        assert _track(santiago).status == "invited"

    def test_validation(self, users, tiny_version):
        now = timezone.now()
        with pytest.raises(ValidationError) as exc:
            services.campaign_create(
                actor=users["staff"],
                name=" ",
                instrument_version=tiny_version,
                opens_at=now,
                closes_at=now,
                organizations=[directory_selectors.organization_get(slug="datamuni-spa")],
                remind_after_days=9,
                escalate_admin_after_days=5,
            )
        assert {"name", "closes_at", "organizations", "remind_after_days"} <= set(exc.value.message_dict)


class TestAnswers:
    def test_saves_with_history_and_activity(self, participation, users):
        answer_all(participation, users["santiago"])
        p = Participation.objects.get(pk=participation.pk)
        assert p.status == "in_progress" and p.revision == 1
        assert Answer.objects.filter(participation=p).count() == len(FULL)
        assert AnswerChange.objects.filter(participation=p, changed_by=users["santiago"]).count() == len(FULL)
        assert _track(p).status == "in_progress"
        assert AuditEvent.objects.filter(action="diagnosis.answers_save", actor=users["santiago"]).exists()

    def test_all_or_nothing(self, participation, users):
        items = [
            services.AnswerInput("portal", True),
            services.AnswerInput("escala", 9),
            services.AnswerInput("formatos", "web"),
        ]
        with pytest.raises(ValidationError) as exc:
            services.answers_save(
                allow_unversioned=True, actor=users["santiago"], participation=participation, answers=items
            )
        assert set(exc.value.message_dict) == {"escala", "formatos"}
        assert not Answer.objects.filter(participation=participation).exists()

    def test_unknown_question(self, participation, users):
        with pytest.raises(ValidationError):
            services.answers_save(
                allow_unversioned=True,
                actor=users["santiago"],
                participation=participation,
                answers=[services.AnswerInput("no_existe", 1)],
            )

    def test_stale_version_conflicts_and_keeps_the_other_work(self, participation, users):
        # Two officials load the empty question (version 0) and both save.
        services.answers_save(
            allow_unversioned=True,
            actor=users["santiago"],
            participation=participation,
            answers=[services.AnswerInput("escala", 2, expected_version=0)],
        )
        with pytest.raises(services.AnswerConflict) as exc:
            services.answers_save(
                allow_unversioned=True,
                actor=users["staff"],
                participation=participation,
                answers=[
                    services.AnswerInput("escala", 4, expected_version=0),
                    services.AnswerInput("portal", True, expected_version=0),
                ],
            )
        assert exc.value.conflicts["escala"]["value"] == 2
        assert exc.value.conflicts["escala"]["updated_by"] == "santiago"
        assert Answer.objects.get(participation=participation, question_id="escala").value == 2
        assert not Answer.objects.filter(participation=participation, question_id="portal").exists()
        # With the current version the second person may overwrite knowingly.
        services.answers_save(
            allow_unversioned=True,
            actor=users["staff"],
            participation=participation,
            answers=[services.AnswerInput("escala", 4, expected_version=1)],
        )
        assert Answer.objects.get(participation=participation, question_id="escala").version == 2

    def test_same_value_is_not_a_conflict(self, participation, users):
        services.answers_save(
            allow_unversioned=True,
            actor=users["santiago"],
            participation=participation,
            answers=[services.AnswerInput("escala", 2, expected_version=0)],
        )
        services.answers_save(
            allow_unversioned=True,
            actor=users["staff"],
            participation=participation,
            answers=[services.AnswerInput("escala", 2, expected_version=0)],
        )

    def test_clearing_an_answer(self, participation, users):
        answer_all(participation, users["santiago"])
        services.answers_save(
            allow_unversioned=True,
            actor=users["santiago"],
            participation=participation,
            answers=[services.AnswerInput("tramites", "")],
        )
        assert not Answer.objects.filter(participation=participation, question_id="tramites").exists()

    def test_deadline_is_enforced(self, participation, users):
        campaign = participation.campaign
        campaign.closes_at = timezone.now() - timedelta(minutes=1)
        campaign.opens_at = campaign.closes_at - timedelta(days=5)
        campaign.save()
        with pytest.raises(ValidationError) as exc:
            answer_all(participation, users["santiago"])
        assert "plazo" in str(exc.value)
        assert not Answer.objects.filter(participation=participation).exists()

    def test_not_before_opening(self, participation, users):
        with pytest.raises(ValidationError):
            services.answers_save(
                allow_unversioned=True,
                actor=users["santiago"],
                participation=participation,
                answers=[services.AnswerInput("escala", 3)],
                now=participation.campaign.opens_at - timedelta(hours=1),
            )


class TestSubmit:
    def test_missing_required_are_listed(self, participation, users):
        services.answers_save(
            allow_unversioned=True,
            actor=users["santiago"],
            participation=participation,
            answers=[services.AnswerInput("portal", True)],
        )
        with pytest.raises(ValidationError) as exc:
            services.participation_submit(actor=users["santiago"], participation=participation)
        assert set(exc.value.message_dict) == {"formatos", "escala", "canales", "tramites"}
        assert not Result.objects.filter(participation=participation).exists()

    def test_submit_scores_closes_and_locks(self, participation, users):
        answer_all(participation, users["santiago"])
        result = services.participation_submit(actor=users["santiago"], participation=participation)
        assert result.overall == 100.0 and result.level == 5
        assert result.instrument_version == participation.campaign.instrument_version
        assert _track(participation).status == "done"
        with pytest.raises(ValidationError):
            answer_all(participation, users["santiago"])

    def test_reopen_withdraws_scores_and_allows_edits(self, participation, users):
        answer_all(participation, users["santiago"])
        services.participation_submit(actor=users["santiago"], participation=participation)
        services.participation_reopen(actor=users["staff"], participation=participation)
        assert not Result.objects.filter(participation=participation).exists()
        answer_all(participation, users["santiago"], {"escala": 1})
        result = services.participation_submit(actor=users["santiago"], participation=participation)
        assert result.dimensions["a"] < 100

    def test_reopen_can_extend_the_deadline(self, participation, users):
        answer_all(participation, users["santiago"])
        services.participation_submit(actor=users["santiago"], participation=participation)
        campaign = participation.campaign
        campaign.opens_at = timezone.now() - timedelta(days=20)
        campaign.closes_at = timezone.now() - timedelta(days=1)
        campaign.save()
        services.participation_reopen(
            actor=users["staff"], participation=participation, extended_until=timezone.now() + timedelta(days=3)
        )
        answer_all(participation, users["santiago"], {"escala": 2})  # allowed again


class TestResults:
    def _submit_all(self, campaign, users, scale_by_code):
        for p in selectors.participation_list(campaign=campaign):
            answer_all(p, users["staff"], {**FULL, "escala": scale_by_code.get(p.commune_code, 3)})
            services.participation_submit(actor=users["staff"], participation=p)

    def test_recompute_all_matches_incremental(self, campaign, users):
        self._submit_all(campaign, users, {"13101": 5, "05101": 1})
        before = dict(Result.objects.filter(campaign=campaign).values_list("commune_code", "overall"))
        Result.objects.filter(campaign=campaign).update(overall=0)
        assert services.results_recompute_all(campaign=campaign) == 5
        assert dict(Result.objects.filter(campaign=campaign).values_list("commune_code", "overall")) == before

    def test_peers_and_small_groups(self, campaign, users):
        self._submit_all(campaign, users, {"13101": 5, "05101": 1, "13110": 2, "13114": 3, "13123": 4})
        result = Result.objects.get(campaign=campaign, commune_code="13101")
        groups = {g.group: g for g in selectors.peer_comparison(result=result)}
        assert groups["nation"].size == 5 and groups["nation"].shown
        assert groups["nation"].overall_percentile == 90.0  # best of five: (4 + 0.5) / 5
        valpo = Result.objects.get(campaign=campaign, commune_code="05101")
        region = {g.group: g for g in selectors.peer_comparison(result=valpo)}["region"]
        assert region.size == 1 and not region.shown and region.overall_mean is None

    def test_proposed_challenge_from_a_gap(self, campaign, participation, users):
        with pytest.raises(ValidationError):
            services.proposed_challenge_create(actor=users["santiago"], participation=participation, dimension="a")
        answer_all(participation, users["santiago"], {**FULL, "escala": 1})
        services.participation_submit(actor=users["santiago"], participation=participation)
        proposal = services.proposed_challenge_create(
            actor=users["santiago"], participation=participation, dimension="a"
        )
        assert proposal.status == "draft" and "Santiago" in proposal.title
        with pytest.raises(ValidationError):
            services.proposed_challenge_create(actor=users["santiago"], participation=participation, dimension="a")
        assert ProposedChallenge.objects.filter(participation=participation).count() == 1


def test_cached_aggregates_follow_every_result_change(campaign, users, settings):
    settings.DIAGNOSIS_AGGREGATE_CACHE = True
    from django.core.cache import cache

    cache.clear()
    ps = list(selectors.participation_list(campaign=campaign))
    for p in ps[:3]:
        answer_all(p, users["staff"], {**FULL, "escala": 1})
        services.participation_submit(actor=users["staff"], participation=p)
    assert sum(selectors.distribution(campaign=campaign)) == 3
    answer_all(ps[3], users["staff"])
    services.participation_submit(actor=users["staff"], participation=ps[3])
    assert sum(selectors.distribution(campaign=campaign)) == 4  # not the cached 3
    services.participation_reopen(actor=users["staff"], participation=ps[3])
    assert sum(selectors.distribution(campaign=campaign)) == 3
    cache.clear()
