"""Proposal pages: applying, "my proposals", the committee's board and scores, decisions and
feedback, attachments, and working sessions.

A proposal, an attachment or a session the viewer may not see does not exist for them (404);
anonymous visitors are sent to sign in first. Every write goes through one service."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hublocal.core.csvexport import csv_response
from hublocal.core.locking import StaleVersion, add_version_field, form_conflict, form_version
from hublocal.core.permissions import has_role, is_hub_admin, is_hub_staff, organization_id
from hublocal.core.personal_page import personal_page
from hublocal.core.web import add_service_errors, paginate, posted, require
from hublocal.directory import selectors as directory_selectors
from hublocal.innovation import selectors as innovation_selectors
from hublocal.solutions import selectors as solutions_selectors

from . import selectors, services
from .forms import (
    AttachmentForm,
    CommitteeAddForm,
    DecisionForm,
    FeedbackForm,
    ProposalEditForm,
    ProposalForm,
    ScoreForm,
    SessionForm,
    SessionRecordForm,
)
from .models import ProposalStatus, SessionStatus
from .permissions import Action, can

PAGE_SIZE = 50


def _signed_in(user: Any, action: Any, obj: Any) -> bool:
    return bool(user.is_authenticated)


def _hidden(request: HttpRequest) -> None:
    """Refuse without revealing: sign in first if anonymous, then 404."""
    require(request, _signed_in, None)
    raise Http404


def _challenge(request: HttpRequest, pk: int) -> Any:
    """A challenge the viewer may know about: published and later ones are public; drafts
    and those in review only to the hub and their municipalities."""
    challenge = innovation_selectors.challenge_get(pk=pk) if pk <= selectors.MAX_ID else None
    if challenge is None:
        raise Http404
    if challenge.status in ("draft", "in_review") and not (
        is_hub_staff(request.user)
        or (
            has_role(request.user, "municipal")
            and organization_id(request.user) in selectors.municipality_ids_of(challenge)
        )
    ):
        _hidden(request)
    return challenge


def _call_visible_to(user: Any, call: Any) -> bool:
    """A call's pages exist for everyone once it is published; before that, for the hub only."""
    return call is not None and (call.status == "published" or is_hub_staff(user))


def _call(request: HttpRequest, pk: int) -> Any:
    call = innovation_selectors.call_get(pk=pk) if pk <= selectors.MAX_ID else None
    if not _call_visible_to(request.user, call):
        _hidden(request)
    return call


def _evaluation_open_to(user: Any, call: Any) -> bool:
    """Whether the call's evaluation board answers this person (what `evaluation` checks)."""
    return _call_visible_to(user, call) and can(user, Action.VIEW_EVALUATION, call)


def _proposal(request: HttpRequest, pk: int) -> Any:
    proposal = selectors.proposal_get(pk=pk)
    if proposal is None or not can(request.user, Action.VIEW_PROPOSAL, proposal):
        _hidden(request)
    return proposal


def _session(request: HttpRequest, pk: int) -> Any:
    session = selectors.session_get(pk=pk)
    if session is None or not can(request.user, Action.VIEW_SESSION, session):
        _hidden(request)
    return session


def _solutions_for(request: HttpRequest) -> list[Any]:
    org = organization_id(request.user)
    return list(solutions_selectors.solutions_of(organization_id=org)) if org is not None else []


def _stale(exc: ValidationError) -> bool:
    return not hasattr(exc, "error_dict") and any(e.code == "stale" for e in exc.error_list)


# --- Applying ---------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, challenge_pk: int) -> HttpResponse:
    challenge = _challenge(request, challenge_pk)
    require(request, can, Action.APPLY, challenge)
    now = timezone.now()
    existing = selectors.proposal_of_organization(
        challenge_id=challenge.pk, organization_id=organization_id(request.user)
    )
    form = ProposalForm(posted(request), solutions=_solutions_for(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            proposal = services.proposal_submit(
                actor=request.user,
                challenge=challenge,
                approach=data["approach"],
                price_min=data["price_min"],
                price_max=data["price_max"],
                timeline_weeks=data["timeline_weeks"],
                timeline=data["timeline"],
                solution=form.solution_object(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Propuesta enviada. Puede editarla hasta el cierre de la convocatoria."))
            return redirect("proposals:detail", pk=proposal.pk)
    context = {
        "challenge": challenge,
        "criteria": innovation_selectors.call_criteria(call=challenge.call) if challenge.call else [],
        "is_open": challenge.status == "published" and innovation_selectors.call_is_open(call=challenge.call, now=now),
        "existing": existing,
        "form": form,
    }
    return render(request, "proposals/apply.html", context, status=400 if form.errors else 200)


@personal_page()
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.VIEW_MINE)
    rows = selectors.own_results(organization_id=organization_id(request.user))
    return render(request, "proposals/mine.html", {"rows": rows, "now": timezone.now()})


# --- One proposal -----------------------------------------------------------------------------


def _detail_context(request: HttpRequest, proposal: Any, **forms: Any) -> dict[str, Any]:
    user = request.user
    now = timezone.now()
    call = proposal.challenge.call
    is_open = proposal.challenge.status == "published" and innovation_selectors.call_is_open(call=call, now=now)
    own = can(user, Action.CHANGE_PROPOSAL, proposal)
    sees_scores = can(user, Action.VIEW_SCORES, proposal)
    criteria = innovation_selectors.call_criteria(call=call) if call else []
    summary = None
    if sees_scores or (own and proposal.feedback_at):
        summary = selectors.score_summaries(proposal_ids=[proposal.pk])[proposal.pk]
    closed = call is not None and call.status == "published" and now >= call.closes_at
    return {
        "proposal": proposal,
        "challenge": proposal.challenge,
        "call": call,
        "attachments": selectors.attachments_of(proposal=proposal),
        "is_open": is_open,
        "can_change": own and is_open and proposal.status == ProposalStatus.SUBMITTED,
        "is_own": own,
        "criteria": criteria,
        "summary": summary,
        "summary_means": [summary.means.get(c.pk) for c in criteria] if summary else [],
        "member_scores": (
            [
                (member, [scores.get(c.pk) for c in criteria])
                for member, scores in selectors.member_scores(proposal=proposal)
            ]
            if sees_scores
            else []
        ),
        "can_score": closed and can(user, Action.SCORE, proposal),
        "can_decide": closed and can(user, Action.DECIDE, proposal) and proposal.status != ProposalStatus.WITHDRAWN,
        # The way on to an agreement (the pilots app checks again): for those who sign for the buyer.
        "can_open_agreement": proposal.status == ProposalStatus.SHORTLISTED
        and (
            is_hub_admin(user)
            or (
                has_role(user, "municipal")
                and organization_id(user) in selectors.municipality_ids_of(proposal.challenge)
            )
        ),
        "attachment_form": forms.get("attachment_form") or AttachmentForm(),
        "decision_form": forms.get("decision_form") or DecisionForm(),
        "action_errors": forms.get("action_errors", []),
    }


def _render_detail(request: HttpRequest, proposal: Any, status: int = 200, **forms: Any) -> HttpResponse:
    return render(request, "proposals/detail.html", _detail_context(request, proposal, **forms), status=status)


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _proposal(request, pk))


@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(request, pk)
    require(request, can, Action.CHANGE_PROPOSAL, proposal)
    form = ProposalEditForm(posted(request), initial=_proposal_values(proposal), solutions=_solutions_for(request))
    add_version_field(form, proposal.row_version)
    status = 200
    conflict: dict[str, Any] = {}
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.proposal_update(
                    actor=request.user,
                    proposal=proposal,
                    expected_version=form_version(form),
                    approach=data["approach"],
                    price_min=data["price_min"],
                    price_max=data["price_max"],
                    timeline_weeks=data["timeline_weeks"],
                    timeline=data["timeline"],
                    solution=form.solution_object(),
                )
            except StaleVersion as exc:
                conflict = form_conflict(form, exc, _proposal_values(exc.current))
                status = 409
            except ValidationError as exc:
                add_service_errors(form, exc)
                if _stale(exc):
                    status = 409
            else:
                messages.success(request, _("Cambios guardados."))
                return redirect("proposals:detail", pk=proposal.pk)
    now = timezone.now()
    context = {
        "proposal": proposal,
        "challenge": proposal.challenge,
        "form": form,
        "is_open": proposal.challenge.status == "published"
        and innovation_selectors.call_is_open(call=proposal.challenge.call, now=now),
        **conflict,
    }
    return render(request, "proposals/edit.html", context, status=status)


def _proposal_values(proposal: Any) -> dict[str, Any]:
    """A proposal in the edit form's terms."""
    return {
        "approach": proposal.approach,
        "solution": proposal.solution_id,
        "price_min": proposal.price_min,
        "price_max": proposal.price_max,
        "timeline_weeks": proposal.timeline_weeks,
        "timeline": proposal.timeline,
    }


@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(request, pk)
    require(request, can, Action.CHANGE_PROPOSAL, proposal)
    if request.POST.get("confirm") != "on":
        # Withdrawing is final (the startup cannot apply again): one deliberate tick, no JavaScript.
        return _render_detail(
            request,
            proposal,
            status=400,
            action_errors=[_("Marque la casilla para confirmar el retiro: es definitivo.")],
        )
    try:
        services.proposal_withdraw(actor=request.user, proposal=proposal)
    except ValidationError as exc:
        return _render_detail(request, proposal, status=400, action_errors=exc.messages)
    messages.success(request, _("Propuesta retirada."))
    return redirect("proposals:detail", pk=proposal.pk)


# --- Attachments ------------------------------------------------------------------------------


@require_POST
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(request, pk)
    require(request, can, Action.CHANGE_PROPOSAL, proposal)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            attachment = services.attachment_add(
                actor=request.user, proposal=proposal, upload=form.cleaned_data["file"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Archivo «%(name)s» adjuntado.") % {"name": attachment.original_name})
            return redirect("proposals:detail", pk=proposal.pk)
    return _render_detail(request, proposal, status=400, attachment_form=form)


def _attachment(request: HttpRequest, pk: int) -> Any:
    attachment = selectors.attachment_get(pk=pk)
    if attachment is None or not can(request.user, Action.VIEW_PROPOSAL, attachment.proposal):
        _hidden(request)
    return attachment


@require_POST
def attachment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = _attachment(request, pk)
    proposal = attachment.proposal
    require(request, can, Action.CHANGE_PROPOSAL, proposal)
    try:
        services.attachment_delete(actor=request.user, attachment=attachment)
    except ValidationError as exc:
        return _render_detail(request, selectors.proposal_get(pk=proposal.pk), status=400, action_errors=exc.messages)
    messages.success(request, _("Archivo eliminado."))
    return redirect("proposals:detail", pk=proposal.pk)


@require_GET
def attachment_download(request: HttpRequest, pk: int) -> HttpResponse:
    # The permission check comes first: the file is opened only for those who may see it.
    attachment = _attachment(request, pk)
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=attachment.original_name, content_type=attachment.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- The committee ----------------------------------------------------------------------------


@require_GET
def challenge_proposals(request: HttpRequest, challenge_pk: int) -> HttpResponse:
    challenge = _challenge(request, challenge_pk)
    require(request, can, Action.VIEW_CHALLENGE_PROPOSALS, challenge)
    page = paginate(
        request, selectors.proposals_visible_to(request.user, challenge).order_by("submitted_at", "pk"), PAGE_SIZE
    )
    rows = list(page)
    # The buyer sees who applied, not the committee's scores (VIEW_SCORES): "—" for them.
    summaries = selectors.score_summaries(proposal_ids=[p.pk for p in rows if can(request.user, Action.VIEW_SCORES, p)])
    context = {
        "challenge": challenge,
        "page_obj": page,
        "rows": [(p, summaries.get(p.pk)) for p in rows],
        "can_schedule": can(request.user, Action.SCHEDULE_SESSION, challenge),
        # The buyer reads this page but not the call's board: never link to what they cannot open.
        "can_evaluate": _evaluation_open_to(request.user, challenge.call),
        "sessions": list(selectors.sessions_visible_to(request.user, challenge)[:20]),
    }
    return render(request, "proposals/challenge_proposals.html", context)


@require_GET
def evaluation(request: HttpRequest, call_pk: int) -> HttpResponse:
    call = _call(request, call_pk)
    require(request, can, Action.VIEW_EVALUATION, call)
    now = timezone.now()
    context = {
        "call": call,
        "board": selectors.evaluation_board(call=call, viewer=request.user),
        "closed": call.status == "published" and now >= call.closes_at,
        "is_member": call.pk in selectors.committee_call_ids(request.user),
        "can_manage": can(request.user, Action.MANAGE_COMMITTEE, call),
        "can_export": can(request.user, Action.EXPORT_EVALUATION, call),
        "lacking_feedback": list(selectors.proposals_lacking_feedback(call=call)[:200])
        if can(request.user, Action.DECIDE)
        else [],
    }
    return render(request, "proposals/evaluation.html", context)


@require_GET
def evaluation_export(request: HttpRequest, call_pk: int) -> HttpResponse:
    call = _call(request, call_pk)
    require(request, can, Action.EXPORT_EVALUATION, call)
    return csv_response(selectors.evaluation_csv_rows(call=call), f"evaluacion-{slugify(call.slug)[:80]}.csv")


@require_http_methods(["GET", "POST"])
def score(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(request, pk)
    require(request, can, Action.SCORE, proposal)
    call = proposal.challenge.call
    criteria = innovation_selectors.call_criteria(call=call) if call else []
    current = selectors.scores_of_evaluator(proposal=proposal, evaluator=request.user)
    form = ScoreForm(posted(request), criteria=criteria, initial_scores=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.score_set(actor=request.user, proposal=proposal, scores=form.scores(), comments=form.comments())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Puntajes guardados."))
            return redirect("proposals:evaluation", call_pk=call.pk)
    now = timezone.now()
    context = {
        "proposal": proposal,
        "challenge": proposal.challenge,
        "call": call,
        "form": form,
        "closed": call is not None and now >= call.closes_at,
    }
    return render(request, "proposals/score.html", context, status=400 if form.errors else 200)


@require_POST
def decision(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(request, pk)
    require(request, can, Action.DECIDE, proposal)
    form = DecisionForm(request.POST)
    if form.is_valid():
        service = (
            services.proposal_shortlist
            if form.cleaned_data["decision"] == ProposalStatus.SHORTLISTED
            else services.proposal_not_select
        )
        try:
            updated = service(actor=request.user, proposal=proposal)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Decisión registrada: %(status)s.") % {"status": updated.get_status_display()})
            return redirect("proposals:detail", pk=proposal.pk)
    return _render_detail(request, proposal, status=400, decision_form=form)


@require_http_methods(["GET", "POST"])
def feedback(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(request, pk)
    require(request, can, Action.DECIDE, proposal)
    form = FeedbackForm(posted(request), initial={"feedback": proposal.feedback})
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_give(actor=request.user, proposal=proposal, feedback=form.cleaned_data["feedback"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Retroalimentación guardada; la startup ya puede leerla."))
            return redirect("proposals:detail", pk=proposal.pk)
    context = {"proposal": proposal, "challenge": proposal.challenge, "form": form}
    return render(request, "proposals/feedback.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def committee(request: HttpRequest, call_pk: int) -> HttpResponse:
    call = _call(request, call_pk)
    require(request, can, Action.MANAGE_COMMITTEE, call)
    candidates = list(selectors.committee_candidates(call=call)[:500])
    form = CommitteeAddForm(posted(request), candidates=candidates)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.committee_member_add(actor=request.user, call=call, user=form.user_object())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(u)s se integró al comité.") % {"u": member.user.get_username()})
            return redirect("proposals:committee", call_pk=call.pk)
    context = {"call": call, "members": selectors.committee_of(call=call), "form": form}
    return render(request, "proposals/committee.html", context, status=400 if form.errors else 200)


@require_POST
def committee_remove(request: HttpRequest, call_pk: int, user_pk: int) -> HttpResponse:
    call = _call(request, call_pk)
    require(request, can, Action.MANAGE_COMMITTEE, call)
    member = selectors.committee_member_get(call=call, user_id=user_pk) if user_pk <= selectors.MAX_ID else None
    if member is None:
        raise Http404
    try:
        services.committee_member_remove(actor=request.user, member=member)
    except ValidationError as exc:
        candidates = list(selectors.committee_candidates(call=call)[:500])
        form = CommitteeAddForm(candidates=candidates)
        context = {"call": call, "members": selectors.committee_of(call=call), "form": form, "errors": exc.messages}
        return render(request, "proposals/committee.html", context, status=400)
    messages.success(request, _("%(u)s ya no integra el comité.") % {"u": member.user.get_username()})
    return redirect("proposals:committee", call_pk=call.pk)


# --- Working sessions -------------------------------------------------------------------------


@require_GET
def session_list(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.VIEW_SESSIONS)
    page = paginate(request, selectors.sessions_visible_to(request.user), PAGE_SIZE)
    return render(request, "proposals/session_list.html", {"page_obj": page})


@require_http_methods(["GET", "POST"])
def session_create(request: HttpRequest, challenge_pk: int) -> HttpResponse:
    challenge = _challenge(request, challenge_pk)
    require(request, can, Action.SCHEDULE_SESSION, challenge)
    shortlisted = selectors.shortlisted_proposals(challenge_id=challenge.pk)
    municipalities = None
    if is_hub_staff(request.user):
        municipalities = directory_selectors.organizations_with_commune(
            ids=sorted(selectors.municipality_ids_of(challenge))
        )
    form = SessionForm(
        posted(request),
        shortlisted=shortlisted,
        municipalities=municipalities,
        initial={"municipality": challenge.owner_id},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = services.session_schedule(
                actor=request.user,
                challenge=challenge,
                starts_at=data["starts_at"],
                place=data["place"],
                agenda=data["agenda"],
                proposals=form.proposal_objects(),
                municipality=form.municipality_object(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Sesión agendada; se hará seguimiento a los participantes."))
            return redirect("proposals:session_detail", pk=session.pk)
    context = {"challenge": challenge, "form": form, "shortlisted": shortlisted}
    return render(request, "proposals/session_form.html", context, status=400 if form.errors else 200)


@require_GET
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    context = {
        "session": session,
        "participants": selectors.participants_visible_to(request.user, session),
        "can_record": can(request.user, Action.RECORD_SESSION, session) and session.status != SessionStatus.CANCELLED,
        "can_cancel": can(request.user, Action.RECORD_SESSION, session) and session.status == SessionStatus.SCHEDULED,
    }
    return render(request, "proposals/session_detail.html", context)


@require_http_methods(["GET", "POST"])
def session_record(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    require(request, can, Action.RECORD_SESSION, session)
    participants = list(session.participants.all())
    initial = {"minutes": session.minutes, "next_steps": session.next_steps}
    form = SessionRecordForm(posted(request), participants=participants, initial=initial)
    add_version_field(form, session.row_version)
    context: dict[str, Any] = {"session": session, "form": form}
    if request.method == "POST" and form.is_valid():
        try:
            services.session_record(
                actor=request.user,
                session=session,
                expected_version=form_version(form),
                minutes=form.cleaned_data["minutes"],
                next_steps=form.cleaned_data["next_steps"],
                attendance=form.attendance(),
            )
        except StaleVersion as exc:
            saved = {"minutes": exc.current.minutes, "next_steps": exc.current.next_steps}
            saved |= {
                f"attended_{p.proposal_id}": "" if p.attended is None else ("yes" if p.attended else "no")
                for p in exc.current.participants.all()
            }
            context |= form_conflict(form, exc, saved)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Acta registrada."))
            return redirect("proposals:session_detail", pk=session.pk)
    status = 409 if "conflict" in context else 400 if form.errors else 200
    return render(request, "proposals/session_record.html", context, status=status)


@require_POST
def session_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    require(request, can, Action.RECORD_SESSION, session)
    try:
        services.session_cancel(actor=request.user, session=session)
    except ValidationError as exc:
        context = {
            "session": session,
            "participants": selectors.participants_visible_to(request.user, session),
            "can_record": False,
            "can_cancel": False,
            "action_errors": exc.messages,
        }
        return render(request, "proposals/session_detail.html", context, status=400)
    messages.success(request, _("Sesión cancelada."))
    return redirect("proposals:session_detail", pk=session.pk)
