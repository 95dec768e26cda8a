from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from hublocal.audit.models import AuditEvent
from hublocal.engagement import selectors as engagement_selectors
from hublocal.proposals import selectors, services
from hublocal.proposals.models import (
    Attachment,
    CommitteeMember,
    Proposal,
    Score,
    SessionParticipant,
    WorkingSession,
)

from .conftest import JPEG, PNG, TERMS, make_challenge, office_bytes, pdf_bytes, submit, upload

# --- submitting -------------------------------------------------------------------------------


def test_startup_submits_for_its_own_organisation_and_it_is_audited(users, challenge):
    p = submit(users["startup-a"], challenge)
    assert p.organization_id == users["startup-a"].organization_id
    assert (p.status, p.version) == ("submitted", 1)
    event = AuditEvent.objects.get(action="proposals.proposal_submit", object_id=str(p.pk))
    assert event.actor == users["startup-a"] and event.after["price_max"] == TERMS["price_max"]


def test_late_submission_after_close_is_refused_and_nothing_is_stored(users, challenge, open_call):
    before = Proposal.objects.count()
    with pytest.raises(ValidationError) as exc:
        submit(users["startup-a"], challenge, now=open_call.closes_at + timedelta(seconds=1))
    assert "La convocatoria cerró" in exc.value.messages[0]
    assert Proposal.objects.count() == before


def test_submission_before_opening_is_refused(users, challenge, open_call):
    with pytest.raises(ValidationError):
        submit(users["startup-a"], challenge, now=open_call.opens_at - timedelta(minutes=1))
    assert not Proposal.objects.filter(challenge=challenge).exists()


def test_closed_call_refuses_even_without_a_simulated_clock(users, closed_challenge):
    with pytest.raises(ValidationError):
        submit(users["startup-a"], closed_challenge)
    assert not Proposal.objects.filter(challenge=closed_challenge).exists()


def test_challenge_not_published_refuses(users, open_call):
    draft = make_challenge(open_call, title="Borrador", status="draft")
    with pytest.raises(ValidationError):
        submit(users["startup-a"], draft)


@pytest.mark.parametrize("username", ["staff", "santiago", "partner"])
def test_only_startup_accounts_apply(users, challenge, username):
    with pytest.raises(ValidationError):
        submit(users[username], challenge)
    assert not Proposal.objects.filter(challenge=challenge).exists()


def test_duplicate_submission_is_refused_with_a_clear_message(users, challenge):
    first = submit(users["startup-a"], challenge)
    with pytest.raises(ValidationError) as exc:
        submit(users["startup-a"], challenge, approach="Otra idea")
    assert exc.value.messages[0].startswith("Su startup ya postuló a este desafío")
    assert list(Proposal.objects.filter(challenge=challenge)) == [first]
    assert Proposal.objects.get(pk=first.pk).approach == TERMS["approach"]


def test_duplicate_refusal_leaves_the_outer_transaction_usable(users, challenge):
    """The constraint's refusal happens inside a savepoint, so a caller's transaction goes on."""
    with transaction.atomic():
        submit(users["startup-a"], challenge)
        with pytest.raises(ValidationError):
            submit(users["startup-a"], challenge)
        assert Proposal.objects.filter(challenge=challenge).count() == 1


@pytest.mark.parametrize(
    ("field", "overrides"),
    [
        ("price_max", {"price_min": 5, "price_max": 4}),
        ("price_min", {"price_min": -1}),
        ("price_max", {"price_max": 10**13}),
        ("timeline_weeks", {"timeline_weeks": 0}),
        ("timeline_weeks", {"timeline_weeks": 261}),
        ("approach", {"approach": "   "}),
    ],
)
def test_bad_terms_are_refused_per_field(users, challenge, field, overrides):
    with pytest.raises(ValidationError) as exc:
        submit(users["startup-a"], challenge, **overrides)
    assert field in exc.value.message_dict
    assert not Proposal.objects.filter(challenge=challenge).exists()


def test_solution_must_belong_to_the_startup(users, challenge):
    from hublocal.solutions.models import Solution

    foreign = Solution.objects.filter(organization_id=users["startup-b"].organization_id).first()
    if foreign is None:
        pytest.skip("the catalogue demo has no solution for Trámite Fácil")
    with pytest.raises(ValidationError) as exc:
        submit(users["startup-a"], challenge, solution=foreign)
    assert "solution" in exc.value.message_dict


# Skipped at collection on SQLite: a transactional test flushes the shared test database, and
# SQLite serialises writers anyway (the sequential test above covers the constraint there).
@pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"], reason="real concurrent inserts need PostgreSQL"
)
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_submissions_give_exactly_one_proposal(users, challenge):
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def apply() -> None:
        try:
            barrier.wait(10)
            submit(users["startup-a"], challenge)
            outcomes.append("ok")
        except ValidationError as exc:
            outcomes.append(exc.messages[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=apply) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(20)
    assert len(outcomes) == 2 and outcomes.count("ok") == 1
    assert next(o for o in outcomes if o != "ok").startswith("Su startup ya postuló")
    assert Proposal.objects.filter(challenge=challenge).count() == 1


# --- editing and withdrawing ------------------------------------------------------------------


def _update(user, p, **overrides):
    values = {**TERMS, "expected_version": p.row_version, **overrides}
    return services.proposal_update(actor=user, proposal=p, **values)


def test_edit_while_open_bumps_the_version(users, proposal_a):
    updated = _update(users["startup-a"], proposal_a, approach="Mejor enfoque")
    assert (updated.approach, updated.version) == ("Mejor enfoque", 2)
    assert AuditEvent.objects.filter(action="proposals.proposal_update", object_id=str(proposal_a.pk)).exists()


def test_stale_version_is_refused_and_keeps_the_colleagues_save(users, proposal_a):
    _update(users["startup-a"], proposal_a, approach="Primero")
    with pytest.raises(ValidationError) as exc:
        _update(users["startup-a"], proposal_a, version=1, approach="Encima")
    assert exc.value.error_list[0].code == "stale"
    assert Proposal.objects.get(pk=proposal_a.pk).approach == "Primero"


def test_edit_after_close_is_refused_and_unchanged(users, proposal_a, open_call):
    with pytest.raises(ValidationError) as exc:
        services.proposal_update(
            actor=users["startup-a"],
            proposal=proposal_a,
            expected_version=1,
            **{**TERMS, "approach": "Tarde"},
            now=open_call.closes_at,
        )
    assert exc.value.error_list[0].code == "closed"
    assert Proposal.objects.get(pk=proposal_a.pk).approach == TERMS["approach"]


def test_withdraw_is_final(users, proposal_a):
    services.proposal_withdraw(actor=users["startup-a"], proposal=proposal_a)
    assert Proposal.objects.get(pk=proposal_a.pk).status == "withdrawn"
    with pytest.raises(ValidationError):
        _update(users["startup-a"], Proposal.objects.get(pk=proposal_a.pk), approach="Vuelvo")
    with pytest.raises(ValidationError):
        submit(users["startup-a"], proposal_a.challenge)


def test_withdraw_after_close_is_refused(users, evaluated):
    a, _ = evaluated
    with pytest.raises(ValidationError):
        services.proposal_withdraw(actor=users["startup-a"], proposal=a)
    assert Proposal.objects.get(pk=a.pk).status == "submitted"


# --- attachments ------------------------------------------------------------------------------


def _files(media_root):
    return [p for p in media_root.rglob("*") if p.is_file()] if media_root.exists() else []


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("informe.pdf", pdf_bytes(), "application/pdf"),
        ("foto.PNG", PNG, "image/png"),
        ("foto.jpeg", JPEG, "image/jpeg"),
        ("plan.docx", office_bytes("word"), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("costos.xlsx", office_bytes("xl"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ],
)
def test_accepted_types_are_stored_under_a_random_name(users, proposal_a, media_root, name, content, expected):
    a = services.attachment_add(actor=users["startup-a"], proposal=proposal_a, upload=upload(name, content))
    assert (
        a.content_type == expected and a.original_name == name.rsplit(".", 1)[0] + "." + name.rsplit(".", 1)[1].lower()
    )
    assert a.file.name.startswith("proposals/") and name.rsplit(".", 1)[0] not in a.file.name
    assert len(a.sha256) == 64 and a.size == len(content)
    assert AuditEvent.objects.filter(action="proposals.attachment_add", object_id=str(a.pk)).exists()
    assert len(_files(media_root)) == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", pdf_bytes(), "Tipo de archivo no permitido"),
        ("falso.pdf", b"MZ\x90\x00 not a pdf at all", "no es un archivo PDF válido"),
        ("imagen.png", pdf_bytes(), "no es un archivo PNG válido"),
        ("zip.docx", b"PK\x03\x04 broken zip", "no es un archivo Word (DOCX) válido"),
        ("vacio.docx", b"", "El archivo está vacío"),
        ("planilla.xlsx", office_bytes("word"), "no es un archivo Excel (XLSX) válido"),
        ("pagina.html", b"<html><script>alert(1)</script>", "Tipo de archivo no permitido"),
    ],
)
def test_wrong_type_is_refused_and_nothing_is_stored(users, proposal_a, media_root, name, content, message):
    with pytest.raises(ValidationError) as exc:
        services.attachment_add(actor=users["startup-a"], proposal=proposal_a, upload=upload(name, content))
    assert message in exc.value.message_dict["file"][0]
    assert not Attachment.objects.exists() and not _files(media_root)


def test_oversized_file_is_refused_and_nothing_is_stored(users, proposal_a, media_root):
    big = pdf_bytes(services.MAX_ATTACHMENT_BYTES + 1)
    with pytest.raises(ValidationError) as exc:
        services.attachment_add(actor=users["startup-a"], proposal=proposal_a, upload=upload("grande.pdf", big))
    assert "el máximo es 5 MB" in exc.value.message_dict["file"][0]
    assert not Attachment.objects.exists() and not _files(media_root)


def test_sixth_file_is_refused(users, proposal_a, media_root):
    for i in range(5):
        content = pdf_bytes(1000 + i)  # distinct content: the same file twice is refused
        services.attachment_add(actor=users["startup-a"], proposal=proposal_a, upload=upload(f"a{i}.pdf", content))
    with pytest.raises(ValidationError) as exc:
        services.attachment_add(
            actor=users["startup-a"], proposal=proposal_a, upload=upload("sexto.pdf", pdf_bytes(99))
        )
    assert "hasta 5 archivos" in exc.value.message_dict["file"][0]
    assert Attachment.objects.filter(proposal=proposal_a).count() == 5 and len(_files(media_root)) == 5


def test_same_file_twice_is_refused(users, proposal_a):
    services.attachment_add(actor=users["startup-a"], proposal=proposal_a, upload=upload())
    with pytest.raises(ValidationError):
        services.attachment_add(actor=users["startup-a"], proposal=proposal_a, upload=upload("copia.pdf"))


def test_attachment_after_close_is_refused(users, evaluated, media_root):
    a, _ = evaluated
    with pytest.raises(ValidationError):
        services.attachment_add(actor=users["startup-a"], proposal=a, upload=upload())
    assert not _files(media_root)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\ana\\Informe final.PDF", "Informe final.pdf"),
        ('ma"l\r\nicioso;<b>.pdf', "maliciosob.pdf"),
        ("....pdf", "adjunto.pdf"),
        ("presentación año.docx", "presentación año.docx"),
    ],
)
def test_original_names_are_cleaned(raw, expected):
    assert services.clean_filename(raw)[0] == expected


def test_attachment_delete_removes_row_and_file(users, proposal_a, media_root, django_capture_on_commit_callbacks):
    a = services.attachment_add(actor=users["startup-a"], proposal=proposal_a, upload=upload())
    with django_capture_on_commit_callbacks(execute=True):
        services.attachment_delete(actor=users["startup-a"], attachment=a)
    assert not Attachment.objects.exists() and not _files(media_root)
    assert AuditEvent.objects.filter(action="proposals.attachment_delete").exists()


# --- committee and scores ---------------------------------------------------------------------


def test_committee_admits_hub_staff_and_officials_of_the_calls_municipalities(users, open_call, challenge):
    for name in ("analista", "santiago", "valparaiso"):
        services.committee_member_add(actor=users["staff"], call=open_call, user=users[name])
    assert CommitteeMember.objects.filter(call=open_call).count() == 3


@pytest.mark.parametrize("username", ["startup-a", "partner"])
def test_committee_refuses_others(users, open_call, challenge, username):
    with pytest.raises(ValidationError) as exc:
        services.committee_member_add(actor=users["staff"], call=open_call, user=users[username])
    assert "user" in exc.value.message_dict
    assert not CommitteeMember.objects.filter(call=open_call).exists()


def test_committee_refuses_an_official_of_an_unrelated_municipality(users, open_call, network):
    from hublocal.accounts import services as accounts_services
    from hublocal.directory import selectors as directory_selectors

    other = directory_selectors.municipalities(codes=["09101"]).get()
    outsider = accounts_services.user_create(
        actor=users["staff"],
        username="temuco-1",
        email="t@example.cl",
        password=None,
        role="municipal",
        organization=other,
    )
    make_challenge(open_call)
    with pytest.raises(ValidationError):
        services.committee_member_add(actor=users["staff"], call=open_call, user=outsider)


def test_committee_member_twice_is_a_clear_error(users, open_call):
    services.committee_member_add(actor=users["staff"], call=open_call, user=users["analista"])
    with pytest.raises(ValidationError) as exc:
        services.committee_member_add(actor=users["staff"], call=open_call, user=users["analista"])
    assert "ya integra el comité" in exc.value.message_dict["user"][0]


def _criteria(call):
    return list(call.criteria.order_by("order"))


def test_scoring_before_close_is_refused(users, open_call, proposal_a):
    CommitteeMember.objects.create(call=open_call, user=users["analista"])
    c1, _ = _criteria(open_call)
    with pytest.raises(ValidationError) as exc:
        services.score_set(actor=users["analista"], proposal=proposal_a, scores={c1.pk: 4})
    assert exc.value.error_list[0].code == "not_closed"
    assert not Score.objects.filter(proposal=proposal_a).exists()


def test_non_committee_member_cannot_score(users, evaluated, closed_call):
    a, _ = evaluated
    c1, _ = _criteria(closed_call)
    with pytest.raises(ValidationError) as exc:
        services.score_set(actor=users["santiago"], proposal=a, scores={c1.pk: 4})
    assert exc.value.error_list[0].code == "not_committee"
    assert not Score.objects.filter(proposal=a).exists()


def test_scores_upsert_one_row_per_criterion_and_evaluator(users, evaluated, closed_call):
    a, _ = evaluated
    c1, c2 = _criteria(closed_call)
    services.score_set(actor=users["staff"], proposal=a, scores={c1.pk: 2, c2.pk: 3})
    services.score_set(actor=users["staff"], proposal=a, scores={c1.pk: 5}, comments={c1.pk: "Muy pertinente"})
    rows = {s.criterion_id: s for s in Score.objects.filter(proposal=a, evaluator=users["staff"])}
    assert (rows[c1.pk].score, rows[c1.pk].comment, rows[c2.pk].score) == (5, "Muy pertinente", 3)
    assert AuditEvent.objects.filter(action="proposals.score_set", object_id=str(a.pk)).count() == 2


@pytest.mark.parametrize("value", [6, -1, True, "4"])
def test_scores_out_of_range_are_refused(users, evaluated, closed_call, value):
    a, _ = evaluated
    c1, _ = _criteria(closed_call)
    with pytest.raises(ValidationError):
        services.score_set(actor=users["staff"], proposal=a, scores={c1.pk: value})
    assert not Score.objects.filter(proposal=a).exists()


def test_unknown_criterion_is_refused(users, evaluated, open_call):
    a, _ = evaluated
    other_call_criterion = _criteria(open_call)[0]
    with pytest.raises(ValidationError):
        services.score_set(actor=users["staff"], proposal=a, scores={other_call_criterion.pk: 3})


def test_weighted_total_is_weight_times_mean_over_five(users, evaluated, closed_call):
    a, b = evaluated
    c1, c2 = _criteria(closed_call)  # weights 60 and 40
    services.score_set(actor=users["staff"], proposal=a, scores={c1.pk: 5, c2.pk: 2})
    services.score_set(actor=users["analista"], proposal=a, scores={c1.pk: 4, c2.pk: 4})
    s = selectors.score_summaries(proposal_ids=[a.pk, b.pk])
    # 60 × 4.5/5 + 40 × 3/5 = 54 + 24
    assert s[a.pk].total == 78.0 and s[a.pk].members == 2 and s[a.pk].means == {c1.pk: 4.5, c2.pk: 3.0}
    assert s[b.pk].total == 0.0 and s[b.pk].members == 0


def test_member_who_scored_cannot_be_removed(users, evaluated, closed_call):
    a, _ = evaluated
    c1, _ = _criteria(closed_call)
    services.score_set(actor=users["staff"], proposal=a, scores={c1.pk: 3})
    member = CommitteeMember.objects.get(call=closed_call, user=users["staff"])
    with pytest.raises(ValidationError):
        services.committee_member_remove(actor=users["staff"], member=member)
    services.committee_member_remove(
        actor=users["staff"], member=CommitteeMember.objects.get(call=closed_call, user=users["analista"])
    )
    assert list(CommitteeMember.objects.filter(call=closed_call).values_list("user__username", flat=True)) == ["staff"]


# --- decisions and feedback -------------------------------------------------------------------


def test_shortlist_before_close_is_refused(users, proposal_a):
    with pytest.raises(ValidationError):
        services.proposal_shortlist(actor=users["staff"], proposal=proposal_a)
    assert Proposal.objects.get(pk=proposal_a.pk).status == "submitted"


def test_shortlist_not_select_and_feedback_to_every_applicant(users, evaluated, closed_call):
    a, b = evaluated
    services.proposal_shortlist(actor=users["staff"], proposal=a)
    services.proposal_not_select(actor=users["staff"], proposal=b)
    assert {p.pk for p in selectors.proposals_lacking_feedback(call=closed_call)} == {a.pk, b.pk}
    services.feedback_give(actor=users["staff"], proposal=a, feedback="Bien planteada.")
    assert [p.pk for p in selectors.proposals_lacking_feedback(call=closed_call)] == [b.pk]
    services.feedback_give(actor=users["staff"], proposal=b, feedback="Costo alto.")
    assert not selectors.proposals_lacking_feedback(call=closed_call).exists()
    assert Proposal.objects.get(pk=a.pk).status == "shortlisted"
    actions = set(AuditEvent.objects.filter(object_id__in=[str(a.pk), str(b.pk)]).values_list("action", flat=True))
    assert {"proposals.proposal_shortlist", "proposals.proposal_not_select", "proposals.feedback_give"} <= actions


def test_empty_feedback_is_refused(users, evaluated):
    a, _ = evaluated
    with pytest.raises(ValidationError) as exc:
        services.feedback_give(actor=users["staff"], proposal=a, feedback="  ")
    assert "feedback" in exc.value.message_dict


def test_decide_is_all_or_nothing(users, evaluated):
    a, _ = evaluated
    with pytest.raises(ValidationError):
        services.proposal_decide(actor=users["staff"], proposal=a, decision="shortlisted", feedback="x" * 30_000)
    assert Proposal.objects.get(pk=a.pk).status == "submitted"


# --- working sessions -------------------------------------------------------------------------


@pytest.fixture
def shortlisted(users, evaluated):
    a, b = evaluated
    services.proposal_shortlist(actor=users["staff"], proposal=a)
    services.proposal_shortlist(actor=users["staff"], proposal=b)
    return a, b


def test_session_needs_shortlisted_proposals(users, evaluated, closed_challenge):
    with pytest.raises(ValidationError) as exc:
        services.session_schedule(
            actor=users["santiago"], challenge=closed_challenge, starts_at=timezone.now(), place="Sala"
        )
    assert "proposals" in exc.value.message_dict
    assert not WorkingSession.objects.filter(challenge=closed_challenge).exists()


def test_session_schedule_opens_tracks_and_record_closes_them(users, shortlisted, closed_challenge):
    a, b = shortlisted
    session = services.session_schedule(
        actor=users["santiago"],
        challenge=closed_challenge,
        starts_at=timezone.now() - timedelta(hours=1),
        place="Sala del concejo",
    )
    assert session.municipality_id == users["santiago"].organization_id
    assert {p.proposal_id for p in SessionParticipant.objects.filter(session=session)} == {a.pk, b.pk}
    key = selectors.subject_key(closed_challenge.pk)
    tracks = engagement_selectors.track_list(process=services.PROCESS, subject_key=key)
    assert {t.organization_id for t in tracks} == {
        users["santiago"].organization_id,
        a.organization_id,
        b.organization_id,
    }
    services.session_record(
        expected_version=None,
        actor=users["santiago"],
        session=session,
        minutes="Se acordó un piloto.",
        next_steps="Convenio",
        attendance={a.pk: True, b.pk: False},
    )
    session.refresh_from_db()
    assert session.status == "held"
    assert dict(SessionParticipant.objects.filter(session=session).values_list("proposal_id", "attended")) == {
        a.pk: True,
        b.pk: False,
    }
    assert all(t.status == "done" for t in engagement_selectors.track_list(process=services.PROCESS, subject_key=key))
    assert selectors.funnel_counts(call_id=closed_challenge.call_id) == {"proposals": 2, "sessions": 1}


def test_official_cannot_schedule_for_another_municipality(users, shortlisted, closed_challenge):
    from hublocal.directory import selectors as directory_selectors

    with pytest.raises(ValidationError) as exc:
        services.session_schedule(
            actor=users["santiago"],
            challenge=closed_challenge,
            starts_at=timezone.now(),
            place="Sala",
            municipality=directory_selectors.municipalities(codes=["05101"]).get(),
        )
    assert "municipality" in exc.value.message_dict


def test_session_with_a_not_shortlisted_proposal_is_refused(users, evaluated, closed_challenge):
    a, b = evaluated
    services.proposal_shortlist(actor=users["staff"], proposal=a)
    with pytest.raises(ValidationError) as exc:
        services.session_schedule(
            actor=users["staff"], challenge=closed_challenge, starts_at=timezone.now(), place="Sala", proposals=[b]
        )
    assert "proposals" in exc.value.message_dict


def test_future_session_cannot_be_recorded_yet_and_cancel_stops_reminders(users, shortlisted, closed_challenge):
    session = services.session_schedule(
        actor=users["staff"], challenge=closed_challenge, starts_at=timezone.now() + timedelta(days=3), place="Sala"
    )
    with pytest.raises(ValidationError):
        services.session_record(expected_version=None, actor=users["staff"], session=session, minutes="Adelantado")
    services.session_cancel(actor=users["staff"], session=session)
    key = selectors.subject_key(closed_challenge.pk)
    assert all(t.status == "done" for t in engagement_selectors.track_list(process=services.PROCESS, subject_key=key))
    with pytest.raises(ValidationError):
        services.session_record(expected_version=None, actor=users["staff"], session=session, minutes="Cancelada")


def test_a_proposal_with_sessions_keeps_its_shortlist(users, shortlisted, closed_challenge):
    a, _ = shortlisted
    services.session_schedule(
        actor=users["staff"], challenge=closed_challenge, starts_at=timezone.now(), place="Sala", proposals=[a]
    )
    with pytest.raises(ValidationError):
        services.proposal_not_select(actor=users["staff"], proposal=a)


# --- decisions are final once taken (review findings) -----------------------------------------


@pytest.mark.parametrize("status", ["shortlisted", "not_selected"])
def test_a_decided_proposal_is_frozen_even_while_its_call_is_open(users, proposal_a, status):
    # Whatever the dates say (a call reopened by mistake), what the committee decided on stays.
    Proposal.objects.filter(pk=proposal_a.pk).update(status=status)
    p = Proposal.objects.get(pk=proposal_a.pk)
    for attempt in (
        lambda: _update(users["startup-a"], p, approach="Cambio tardío"),
        lambda: services.proposal_withdraw(actor=users["startup-a"], proposal=p),
        lambda: services.attachment_add(actor=users["startup-a"], proposal=p, upload=upload()),
    ):
        with pytest.raises(ValidationError) as exc:
            attempt()
        assert exc.value.error_list[0].code == "decided"
    p.refresh_from_db()
    assert (p.status, p.approach, p.attachments.count()) == (status, TERMS["approach"], 0)


def test_lock_for_agreement_requires_a_shortlisted_proposal(users, evaluated):
    a, b = evaluated
    services.proposal_shortlist(actor=users["staff"], proposal=a)
    with transaction.atomic():
        assert services.proposal_lock_for_agreement(proposal_id=a.pk).pk == a.pk
        with pytest.raises(ValidationError) as exc:
            services.proposal_lock_for_agreement(proposal_id=b.pk)
        assert "proposal" in exc.value.message_dict
        with pytest.raises(ValidationError):
            services.proposal_lock_for_agreement(proposal_id=10**12)


def test_a_contracted_proposal_keeps_its_decision(users, evaluated):
    a, _ = evaluated
    services.proposal_shortlist(actor=users["staff"], proposal=a)
    with transaction.atomic():
        locked = services.proposal_lock_for_agreement(proposal_id=a.pk)
        services.proposal_mark_contracted(actor=users["staff"], proposal=locked)
    assert Proposal.objects.get(pk=a.pk).has_agreement
    assert AuditEvent.objects.filter(action="proposals.proposal_mark_contracted", object_id=str(a.pk)).count() == 1
    with pytest.raises(ValidationError) as exc:
        services.proposal_not_select(actor=users["staff"], proposal=a)
    assert exc.value.error_list[0].code == "has_agreement"
    with pytest.raises(ValidationError):
        services.proposal_decide(actor=users["staff"], proposal=a, decision="not_selected")
    with pytest.raises(ValidationError):
        services.proposal_withdraw(actor=users["startup-a"], proposal=a)
    assert Proposal.objects.get(pk=a.pk).status == "shortlisted"
    # A second municipality of the shared challenge signing too changes nothing more.
    services.proposal_mark_contracted(actor=users["staff"], proposal=a)
    assert AuditEvent.objects.filter(action="proposals.proposal_mark_contracted", object_id=str(a.pk)).count() == 1


def test_only_a_shortlisted_proposal_is_marked_contracted(users, evaluated):
    a, _ = evaluated
    with pytest.raises(ValidationError):
        services.proposal_mark_contracted(actor=users["staff"], proposal=a)
    assert not Proposal.objects.get(pk=a.pk).has_agreement


def test_session_schedule_reads_the_shortlist_from_the_database(users, shortlisted, closed_challenge):
    # The caller's copy says shortlisted; the row (as read under the lock) decides.
    a, b = shortlisted
    Proposal.objects.filter(pk=b.pk).update(status="not_selected")
    with pytest.raises(ValidationError) as exc:
        services.session_schedule(
            actor=users["staff"], challenge=closed_challenge, starts_at=timezone.now(), place="Sala", proposals=[a, b]
        )
    assert "proposals" in exc.value.message_dict
    assert not WorkingSession.objects.filter(challenge=closed_challenge).exists()


@pytest.mark.skipif("postgresql" not in settings.DATABASES["default"]["ENGINE"], reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_session_schedule_waits_for_a_decision_being_changed(users, shortlisted, closed_challenge):
    """A "not selected" decision in flight when a session is scheduled: the session waits for
    it and then refuses the startup, instead of inviting it on a stale read."""
    a, b = shortlisted
    decided, release = threading.Event(), threading.Event()
    outcome: list[str] = []

    def decide() -> None:
        try:
            with transaction.atomic():
                services.proposal_not_select(actor=users["staff"], proposal=b)
                decided.set()
                release.wait(10)
        finally:
            connection.close()

    def schedule() -> None:
        try:
            services.session_schedule(
                actor=users["staff"],
                challenge=closed_challenge,
                starts_at=timezone.now(),
                place="Sala",
                proposals=[a, b],
            )
            outcome.append("scheduled")
        except ValidationError as exc:
            outcome.append(",".join(exc.message_dict))
        finally:
            connection.close()

    first = threading.Thread(target=decide)
    first.start()
    assert decided.wait(10)
    second = threading.Thread(target=schedule)
    second.start()
    second.join(0.5)
    assert second.is_alive()  # blocked on the proposal's row lock
    release.set()
    first.join(10)
    second.join(10)
    assert outcome == ["proposals"]
    assert not WorkingSession.objects.filter(challenge=closed_challenge).exists()
