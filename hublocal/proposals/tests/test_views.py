from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hublocal.audit.models import AuditEvent
from hublocal.proposals import services
from hublocal.proposals.models import Attachment, CommitteeMember, Proposal, Score, WorkingSession

from .conftest import TERMS, office_bytes, pdf_bytes, submit, upload

FORM = {
    "approach": "Bandeja única y seguimiento por WhatsApp.",
    "price_min": "1000000",
    "price_max": "3000000",
    "timeline_weeks": "10",
    "timeline": "Dos etapas.",
    "solution": "",
}


def _apply_url(challenge):
    return reverse("proposals:apply", kwargs={"challenge_pk": challenge.pk})


# --- applying ---------------------------------------------------------------------------------


def test_apply_page_shows_the_challenge_and_the_published_criteria(client_for, challenge):
    page = client_for("startup-a").get(_apply_url(challenge)).content.decode()
    assert "Un problema." in page and "Pertinencia" in page and "60 %" in page
    assert 'name="approach"' in page


def test_apply_creates_the_proposal_and_redirects(client_for, users, challenge):
    response = client_for("startup-a").post(_apply_url(challenge), FORM)
    p = Proposal.objects.get(challenge=challenge)
    assert response.status_code == 302 and response["Location"] == reverse("proposals:detail", kwargs={"pk": p.pk})
    assert p.organization_id == users["startup-a"].organization_id and p.price_max == 3_000_000


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"price_min": "5000000"}, "price_max", "El precio máximo no puede ser menor que el mínimo."),
        ({"approach": ""}, "approach", "Este campo es requerido."),
        ({"timeline_weeks": "300"}, "timeline_weeks", "260"),
        ({"price_min": "mil"}, "price_min", "Introduzca un número entero."),
        ({"solution": "999999999"}, "solution", "Escoja una opción válida."),
        ({"approach": "x\x00y"}, "approach", "Los caracteres nulos no están permitidos."),
    ],
)
def test_apply_with_bad_input_shows_errors_beside_fields_and_saves_nothing(
    client_for, challenge, changes, field, message
):
    response = client_for("startup-a").post(_apply_url(challenge), {**FORM, **changes})
    assert response.status_code == 400
    form = response.context["form"]
    assert field in form.errors and any(message in e for e in form.errors[field]), form.errors
    assert not Proposal.objects.filter(challenge=challenge).exists()


def test_apply_twice_is_a_clear_error(client_for, challenge):
    client = client_for("startup-a")
    client.post(_apply_url(challenge), FORM)
    response = client.post(_apply_url(challenge), FORM)
    assert response.status_code == 400
    assert "Su startup ya postuló a este desafío" in response.content.decode()
    assert Proposal.objects.filter(challenge=challenge).count() == 1


def test_apply_to_a_closed_call_shows_why_and_refuses(client_for, closed_challenge):
    client = client_for("startup-a")
    page = client.get(_apply_url(closed_challenge)).content.decode()
    assert "no recibe propuestas ahora" in page
    response = client.post(_apply_url(closed_challenge), FORM)
    assert response.status_code == 400 and "La convocatoria cerró" in response.content.decode()
    assert not Proposal.objects.filter(challenge=closed_challenge).exists()


def test_apply_to_a_draft_challenge_is_404(client_for, open_call):
    from .conftest import make_challenge

    draft = make_challenge(open_call, title="Borrador", status="draft")
    assert client_for("startup-a").get(_apply_url(draft)).status_code == 404


def test_apply_to_unknown_or_huge_challenge_is_404(client_for):
    assert client_for("startup-a").get("/propuestas/desafio/99999999/postular/").status_code == 404
    assert client_for("startup-a").get(f"/propuestas/desafio/{10**25}/postular/").status_code == 404


# --- my proposals, detail, edit ---------------------------------------------------------------


def test_mine_lists_only_own_proposals_with_feedback_and_score(client_for, users, evaluated, closed_call):
    a, b = evaluated
    c1 = closed_call.criteria.order_by("order").first()
    services.score_set(actor=users["staff"], proposal=a, scores={c1.pk: 5})
    services.feedback_give(actor=users["staff"], proposal=a, feedback="Propuesta sólida y bien costeada.")
    services.feedback_give(actor=users["staff"], proposal=b, feedback="Falta evidencia de Trámite Fácil.")
    page = client_for("startup-a").get(reverse("proposals:mine")).content.decode()
    assert "Propuesta sólida" in page and "60,0 / 100" in page
    assert "Falta evidencia de Trámite Fácil" not in page


def test_edit_with_a_stale_version_is_a_conflict(client_for, proposal_a):
    client = client_for("startup-a")
    url = reverse("proposals:edit", kwargs={"pk": proposal_a.pk})
    assert client.post(url, {**FORM, "row_version": "1", "approach": "Primera"}).status_code == 302
    response = client.post(url, {**FORM, "row_version": "1", "approach": "Segunda"})
    html = response.content.decode()
    assert response.status_code == 409 and "Otra persona guardó cambios" in html
    assert "Primera" in html and "Segunda" in html  # the saved version beside the typed one
    assert Proposal.objects.get(pk=proposal_a.pk).approach == "Primera"


def test_edit_after_close_is_refused(client_for, evaluated):
    a, _ = evaluated
    url = reverse("proposals:edit", kwargs={"pk": a.pk})
    client = client_for("startup-a")
    assert "ya no se puede modificar" in client.get(url).content.decode()
    response = client.post(url, {**FORM, "row_version": "1", "approach": "Tarde"})
    assert response.status_code == 400 and Proposal.objects.get(pk=a.pk).approach == TERMS["approach"]


def test_staff_sees_but_cannot_edit(client_for, proposal_a):
    client = client_for("staff")
    assert client.get(reverse("proposals:detail", kwargs={"pk": proposal_a.pk})).status_code == 200
    assert client.get(reverse("proposals:edit", kwargs={"pk": proposal_a.pk})).status_code == 403


def test_withdraw_needs_an_explicit_confirmation(client_for, proposal_a):
    response = client_for("startup-a").post(reverse("proposals:withdraw", kwargs={"pk": proposal_a.pk}))
    assert response.status_code == 400
    assert "Marque la casilla para confirmar el retiro" in response.content.decode()
    proposal_a.refresh_from_db()
    assert proposal_a.status == "submitted"


def test_withdraw_then_the_buyer_no_longer_sees_it(client_for, proposal_a):
    url = reverse("proposals:withdraw", kwargs={"pk": proposal_a.pk})
    response = client_for("startup-a").post(url, {"confirm": "on"})
    assert response.status_code == 302
    assert client_for("santiago").get(reverse("proposals:detail", kwargs={"pk": proposal_a.pk})).status_code == 404
    assert client_for("staff").get(reverse("proposals:detail", kwargs={"pk": proposal_a.pk})).status_code == 200


# --- attachments ------------------------------------------------------------------------------


def _upload(client, p, f):
    return client.post(reverse("proposals:attachment_upload", kwargs={"pk": p.pk}), {"file": f})


def test_upload_and_download_with_safe_headers(client_for, proposal_a):
    client = client_for("startup-a")
    assert _upload(client, proposal_a, upload("Plan de trabajo.pdf")).status_code == 302
    a = Attachment.objects.get(proposal=proposal_a)
    response = client.get(reverse("proposals:attachment_download", kwargs={"pk": a.pk}))
    assert response.status_code == 200
    assert (
        response["Content-Disposition"].startswith("attachment;")
        and "Plan de trabajo.pdf" in response["Content-Disposition"]
    )
    assert response["X-Content-Type-Options"] == "nosniff" and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == pdf_bytes()
    # The buyer (an official of the challenge's municipality) may read it too.
    assert (
        client_for("valparaiso").get(reverse("proposals:attachment_download", kwargs={"pk": a.pk})).status_code == 200
    )


@pytest.mark.parametrize(
    ("f", "message"),
    [
        (lambda: upload("script.pdf", b"<script>alert(1)</script>"), "no es un archivo PDF válido"),
        (lambda: upload("grande.pdf", pdf_bytes(5 * 1024 * 1024 + 10)), "el máximo es 5 MB"),
        (lambda: upload("planilla.exe", office_bytes("xl")), "Tipo de archivo no permitido"),
    ],
)
def test_bad_upload_shows_the_error_and_stores_nothing(client_for, proposal_a, media_root, f, message):
    response = _upload(client_for("startup-a"), proposal_a, f())
    assert response.status_code == 400 and message in response.content.decode()
    assert not Attachment.objects.filter(proposal=proposal_a).exists()
    assert not media_root.exists() or not any(p.is_file() for p in media_root.rglob("*"))


def test_upload_without_a_file_is_400(client_for, proposal_a):
    response = client_for("startup-a").post(reverse("proposals:attachment_upload", kwargs={"pk": proposal_a.pk}))
    assert response.status_code == 400


def test_missing_stored_file_is_404_not_500(client_for, users, proposal_a):
    a = services.attachment_add(actor=users["startup-a"], proposal=proposal_a, upload=upload())
    a.file.storage.delete(a.file.name)
    assert client_for("startup-a").get(reverse("proposals:attachment_download", kwargs={"pk": a.pk})).status_code == 404


def test_delete_attachment_after_close_is_refused(client_for, users, evaluated, closed_call):
    a, _ = evaluated
    attachment = services.attachment_add(
        actor=users["startup-a"], proposal=a, upload=upload(), now=closed_call.opens_at + timedelta(days=3)
    )
    response = client_for("startup-a").post(reverse("proposals:attachment_delete", kwargs={"pk": attachment.pk}))
    assert response.status_code == 400 and Attachment.objects.filter(pk=attachment.pk).exists()


# --- the committee ----------------------------------------------------------------------------


def test_committee_member_scores_from_the_board(client_for, users, evaluated, closed_call):
    a, _ = evaluated
    c1, c2 = closed_call.criteria.order_by("order")
    board = client_for("analista").get(reverse("proposals:evaluation", kwargs={"call_pk": closed_call.pk}))
    assert board.status_code == 200 and reverse("proposals:score", kwargs={"pk": a.pk}) in board.content.decode()
    url = reverse("proposals:score", kwargs={"pk": a.pk})
    bad = client_for("analista").post(url, {f"criterion_{c1.pk}": "9"})
    assert bad.status_code == 400 and not Score.objects.filter(proposal=a).exists()
    empty = client_for("analista").post(url, {})
    assert empty.status_code == 400 and "Asigne al menos un puntaje." in empty.content.decode()
    ok = client_for("analista").post(
        url, {f"criterion_{c1.pk}": "4", f"criterion_{c2.pk}": "5", f"comment_{c1.pk}": "Bien"}
    )
    assert ok.status_code == 302
    assert Score.objects.filter(proposal=a, evaluator=users["analista"]).count() == 2


def test_the_buyer_sees_the_applicants_but_not_the_committees_scores(client_for, users, evaluated, closed_call):
    a, _ = evaluated
    c1, c2 = closed_call.criteria.order_by("order")
    services.score_set(actor=users["staff"], proposal=a, scores={c1.pk: 5, c2.pk: 3})
    url = reverse("proposals:challenge_proposals", kwargs={"challenge_pk": a.challenge_id})
    hub = client_for("analista").get(url).content.decode()
    assert "84,0" in hub and "1 evaluador/a" in hub
    buyer = client_for("santiago").get(url)
    page = buyer.content.decode()
    assert buyer.status_code == 200 and a.organization.name in page
    # VIEW_SCORES leaves the buyer out: no weighted total, no count of evaluators.
    assert "84,0" not in page and "evaluador" not in page


def test_the_buyer_is_not_offered_the_evaluation_board_it_cannot_open(client_for, evaluated):
    a, _ = evaluated
    url = reverse("proposals:challenge_proposals", kwargs={"challenge_pk": a.challenge_id})
    board = reverse("proposals:evaluation", kwargs={"call_pk": a.challenge.call_id})
    hub = client_for("analista").get(url).content.decode()
    assert f'href="{board}"' in hub and client_for("analista").get(board).status_code == 200
    buyer = client_for("santiago").get(url)
    assert buyer.status_code == 200 and f'href="{board}"' not in buyer.content.decode()
    assert client_for("santiago").get(board).status_code == 403  # the link it no longer gets


def test_scoring_page_before_close_explains_and_refuses(client_for, users, open_call, proposal_a):
    CommitteeMember.objects.create(call=open_call, user=users["analista"])
    c1 = open_call.criteria.order_by("order").first()
    url = reverse("proposals:score", kwargs={"pk": proposal_a.pk})
    assert "La evaluación comienza cuando cierra" in client_for("analista").get(url).content.decode()
    response = client_for("analista").post(url, {f"criterion_{c1.pk}": "4"})
    assert response.status_code == 400 and not Score.objects.filter(proposal=proposal_a).exists()


def test_non_member_cannot_open_the_score_form(client_for, evaluated):
    a, _ = evaluated
    # Santiago is the buyer (sees the proposal) but not on this committee: 403, not 404.
    assert client_for("santiago").get(reverse("proposals:score", kwargs={"pk": a.pk})).status_code == 403


def test_decision_and_feedback_by_the_hub_admin(client_for, evaluated):
    a, _ = evaluated
    staff = client_for("staff")
    assert staff.post(reverse("proposals:decision", kwargs={"pk": a.pk}), {"decision": "nope"}).status_code == 400
    assert (
        staff.post(reverse("proposals:decision", kwargs={"pk": a.pk}), {"decision": "shortlisted"}).status_code == 302
    )
    assert Proposal.objects.get(pk=a.pk).status == "shortlisted"
    url = reverse("proposals:feedback", kwargs={"pk": a.pk})
    assert staff.post(url, {"feedback": ""}).status_code == 400
    assert staff.post(url, {"feedback": "Excelente pertinencia."}).status_code == 302
    assert Proposal.objects.get(pk=a.pk).feedback == "Excelente pertinencia."


def test_committee_page_adds_and_removes(client_for, users, closed_call, closed_challenge):
    staff = client_for("staff")
    url = reverse("proposals:committee", kwargs={"call_pk": closed_call.pk})
    assert staff.post(url, {"user": str(users["startup-a"].pk)}).status_code == 400
    assert staff.post(url, {"user": str(users["santiago"].pk)}).status_code == 302
    assert CommitteeMember.objects.filter(call=closed_call, user=users["santiago"]).exists()
    remove = reverse("proposals:committee_remove", kwargs={"call_pk": closed_call.pk, "user_pk": users["santiago"].pk})
    assert staff.post(remove).status_code == 302
    assert not CommitteeMember.objects.filter(call=closed_call).exists()
    assert client_for("analista").get(url).status_code == 403


def test_csv_export_streams_with_bom_and_neutralises_formulas(client_for, users, evaluated, closed_call):
    from hublocal.directory.models import Organization

    a, _ = evaluated
    Organization.objects.filter(pk=a.organization_id).update(name='=HYPERLINK("http://x")')
    response = client_for("analista").get(reverse("proposals:evaluation_export", kwargs={"call_pk": closed_call.pk}))
    body = b"".join(response.streaming_content).decode("utf-8")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert body.startswith("\ufeffdesafio_id,") and "'=HYPERLINK" in body
    assert (
        client_for("santiago")
        .get(reverse("proposals:evaluation_export", kwargs={"call_pk": closed_call.pk}))
        .status_code
        == 403
    )


# --- working sessions -------------------------------------------------------------------------


def test_session_created_and_recorded_by_the_municipality(client_for, users, evaluated, closed_challenge):
    a, b = evaluated
    services.proposal_shortlist(actor=users["staff"], proposal=a)
    santiago = client_for("santiago")
    url = reverse("proposals:session_create", kwargs={"challenge_pk": closed_challenge.pk})
    bad = santiago.post(url, {"starts_at": "ayer", "place": "", "proposals": [str(b.pk)]})
    assert bad.status_code == 400 and not WorkingSession.objects.filter(challenge=closed_challenge).exists()
    response = santiago.post(url, {"starts_at": "2020-01-10T10:00", "place": "Sala", "proposals": [str(a.pk)]})
    assert response.status_code == 302
    session = WorkingSession.objects.get(challenge=closed_challenge)
    detail = reverse("proposals:session_detail", kwargs={"pk": session.pk})
    assert client_for("startup-a").get(detail).status_code == 200
    assert client_for("startup-b").get(detail).status_code == 404
    record = reverse("proposals:session_record", kwargs={"pk": session.pk})
    assert santiago.post(record, {"minutes": ""}).status_code == 400
    form = {"minutes": "Acuerdos.", f"attended_{a.pk}": "yes", "row_version": str(session.row_version)}
    assert santiago.post(record, form).status_code == 302
    session.refresh_from_db()
    assert session.status == "held"
    assert (
        client_for("startup-a").get(reverse("proposals:session_record", kwargs={"pk": session.pk})).status_code == 403
    )


# --- query counts -----------------------------------------------------------------------------


def _grow(challenge, call, n, start):
    """n more startups with a proposal each, scored by staff on every criterion."""
    from hublocal.directory.models import Organization

    orgs = Organization.objects.bulk_create(
        [
            Organization(kind="startup", name=f"Startup {i}", search_name=f"startup {i}", slug=f"st-{start + i}")
            for i in range(n)
        ]
    )
    proposals = Proposal.objects.bulk_create(
        [
            Proposal(challenge=challenge, organization=o, approach="x", price_min=1, price_max=2, timeline_weeks=3)
            for o in orgs
        ]
    )
    staff = CommitteeMember.objects.get(call=call, user__username="staff").user
    Score.objects.bulk_create(
        [Score(proposal=p, criterion=c, evaluator=staff, score=3) for p in proposals for c in call.criteria.all()]
    )


def _queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("route", "who", "ceiling"),
    [
        ("evaluation", "analista", 14),
        ("challenge_proposals", "staff", 14),
        ("challenge_proposals", "santiago", 16),
        ("api_list", "staff", 12),
    ],
)
def test_list_pages_run_a_bounded_number_of_queries(
    client_for, evaluated, closed_call, closed_challenge, route, who, ceiling
):
    from tests.helpers import api_client

    urls = {
        "evaluation": reverse("proposals:evaluation", kwargs={"call_pk": closed_call.pk}),
        "challenge_proposals": reverse("proposals:challenge_proposals", kwargs={"challenge_pk": closed_challenge.pk}),
        "api_list": reverse("api:proposal_list") + f"?challenge={closed_challenge.pk}",
    }
    client = api_client(who) if route.startswith("api") else client_for(who)
    _grow(closed_challenge, closed_call, 3, 0)
    small = _queries(client, urls[route])
    _grow(closed_challenge, closed_call, 30, 100)
    large = _queries(client, urls[route])
    assert small == large <= ceiling, (small, large)


def test_mine_page_query_count_does_not_grow(client_for, users, evaluated):
    client = client_for("startup-a")
    small = _queries(client, reverse("proposals:mine"))
    from .conftest import make_call, make_challenge

    for i in range(5):
        call = make_call(slug=f"extra-{i}")
        submit(users["startup-a"], make_challenge(call, title=f"Extra {i}"))
    assert _queries(client, reverse("proposals:mine")) == small


def test_audit_trail_names_the_actor_of_web_writes(client_for, users, challenge):
    client_for("startup-b").post(_apply_url(challenge), FORM)
    event = AuditEvent.objects.filter(action="proposals.proposal_submit").latest("id")
    assert event.actor == users["startup-b"]
