"""Open-innovation pages: calls with their criteria and public board, challenges and their
workflow, matches, recommendations for startups, presentation events."""

from __future__ import annotations

import re
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hublocal.core import registry
from hublocal.core.locking import StaleVersion, add_version_field, edited_values, form_conflict, form_version
from hublocal.core.page_cache import ANY, anonymous_page
from hublocal.core.permissions import has_role, is_hub_staff, organization_id
from hublocal.core.personal_page import personal_page
from hublocal.core.web import add_service_errors, paginate, posted, require
from hublocal.diagnosis import selectors as diagnosis_selectors
from hublocal.directory import selectors as directory_selectors
from hublocal.territory import selectors as territory_selectors

from . import selectors, services
from .forms import (
    AnswerForm,
    AttendanceForm,
    CallForm,
    ChallengeForm,
    CriteriaForm,
    EventForm,
    ExtendForm,
    QuestionForm,
    RegistrationForm,
    TransitionForm,
    criteria_lines,
    municipalities_text,
)
from .models import Area, CallStatus, ChallengeStatus
from .permissions import PUBLIC_STATUSES, Action, can

# The fields of the problem statement, in the order the form and the detail page show them.
STATEMENT = ["title", "area", "problem", "affected", "current_process", "constraints", "success"]
EDITABLE = [
    "title",
    "area",
    "problem",
    "affected",
    "current_process",
    "constraints",
    "budget_min",
    "budget_max",
    "connectivity",
    "staff_skills",
    "success",
]


def _status(form: Any, context: dict[str, Any] | None = None) -> int:
    if context and "conflict" in context:
        return 409  # someone else saved first: see includes/conflict.html
    return 400 if form.is_bound and form.errors else 200


# --- Landing ----------------------------------------------------------------------------------


@anonymous_page(ANY)
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    context = {
        "calls": selectors.open_calls(),
        "challenges": list(selectors.open_challenges()[:12]),
        "events": list(selectors.event_list(upcoming_only=True)[:3]),
        "can_create": can(request.user, Action.CREATE_CHALLENGE),
        "can_recommend": can(request.user, Action.VIEW_RECOMMENDED),
        "can_manage": can(request.user, Action.MANAGE_CALLS),
        "gaps": selectors.gap_drafts_for(user=request.user),
    }
    return render(request, "innovation/index.html", context)


# --- Calls ------------------------------------------------------------------------------------


def _call(request: HttpRequest, slug: str) -> Any:
    call = selectors.call_get_by_slug(slug=slug)
    if call is None or not can(request.user, Action.VIEW_CALL, call):
        # A draft call does not exist for the public.
        raise Http404
    return call


@anonymous_page("innovation", "directory")
@require_GET
def call_list(request: HttpRequest) -> HttpResponse:
    context = {
        "page_obj": paginate(request, selectors.call_list_visible(viewer=request.user), 25),
        "can_manage": can(request.user, Action.MANAGE_CALLS),
        "now": timezone.now(),
    }
    return render(request, "innovation/call_list.html", context)


@require_http_methods(["GET", "POST"])
def call_create(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.MANAGE_CALLS)
    form = CallForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            call = services.call_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Convocatoria creada como borrador. Defina ahora sus criterios."))
            return redirect("innovation:call_criteria", slug=call.slug)
    return render(request, "innovation/call_form.html", {"form": form, "call": None}, status=_status(form))


@anonymous_page(ANY)
@require_GET
def call_detail(request: HttpRequest, slug: str) -> HttpResponse:
    call = _call(request, slug)
    now = timezone.now()
    challenges = list(selectors.public_challenges_of_call(call=call))
    context = {
        "call": call,
        "criteria": selectors.call_criteria(call=call),
        "challenges": challenges,
        "questions": selectors.questions_visible(call=call, viewer=request.user),
        "question_form": QuestionForm(challenges=[c for c in challenges if c.status == ChallengeStatus.PUBLISHED]),
        "can_ask": can(request.user, Action.ASK_QUESTION, call) and call.closes_at > now,
        "can_manage": can(request.user, Action.MANAGE_CALLS, call),
        "extend_form": ExtendForm(),
        "events": list(selectors.event_list(call=call)),
        "is_open": selectors.call_is_open(call=call, now=now),
        "now": now,
    }
    return render(request, "innovation/call_detail.html", context)


@require_http_methods(["GET", "POST"])
def call_edit(request: HttpRequest, slug: str) -> HttpResponse:
    call = _call(request, slug)
    require(request, can, Action.MANAGE_CALLS, call)
    if call.status != CallStatus.DRAFT:
        messages.error(request, _("Una convocatoria publicada o cancelada ya no se puede editar."))
        return redirect("innovation:call_detail", slug=call.slug)
    initial = {name: getattr(call, name) for name in CallForm.base_fields}
    form = CallForm(posted(request), initial=initial)
    add_version_field(form, call.row_version)
    context: dict[str, Any] = {"form": form, "call": call}
    if request.method == "POST" and form.is_valid():
        try:
            services.call_update(
                actor=request.user, call=call, data=edited_values(form), expected_version=form_version(form)
            )
        except StaleVersion as exc:
            saved = {name: getattr(exc.current, name) for name in CallForm.base_fields}
            context |= form_conflict(form, exc, saved)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Convocatoria actualizada."))
            return redirect("innovation:call_detail", slug=call.slug)
    return render(request, "innovation/call_form.html", context, status=_status(form, context))


@require_http_methods(["GET", "POST"])
def call_criteria(request: HttpRequest, slug: str) -> HttpResponse:
    call = _call(request, slug)
    require(request, can, Action.MANAGE_CALLS, call)
    current = selectors.call_criteria(call=call)
    form = CriteriaForm(posted(request), initial={"lines": criteria_lines(current)})
    if request.method == "POST" and form.is_valid():
        try:
            services.call_criteria_set(actor=request.user, call=call, criteria=form.cleaned_data["lines"])
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"lines": exc.messages}
            for messages_ in errors.values():
                form.add_error("lines", messages_)
        else:
            messages.success(request, _("Criterios guardados."))
            return redirect("innovation:call_detail", slug=call.slug)
    context = {"form": form, "call": call, "criteria": current, "frozen": call.status != CallStatus.DRAFT}
    return render(request, "innovation/call_criteria.html", context, status=_status(form))


@require_POST
def call_publish(request: HttpRequest, slug: str) -> HttpResponse:
    call = _call(request, slug)
    require(request, can, Action.MANAGE_CALLS, call)
    try:
        services.call_publish(actor=request.user, call=call)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _back_to_call(request, call, status=400)
    messages.success(request, _("Convocatoria publicada: sus criterios y su apertura quedan fijos."))
    return redirect("innovation:call_detail", slug=call.slug)


@require_POST
def call_extend(request: HttpRequest, slug: str) -> HttpResponse:
    call = _call(request, slug)
    require(request, can, Action.MANAGE_CALLS, call)
    form = ExtendForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Indique una fecha de cierre válida."))
        return _back_to_call(request, call, status=400)
    try:
        services.call_extend_close(actor=request.user, call=call, closes_at=form.cleaned_data["closes_at"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _back_to_call(request, call, status=400)
    messages.success(request, _("Cierre extendido."))
    return redirect("innovation:call_detail", slug=call.slug)


@require_POST
def call_cancel(request: HttpRequest, slug: str) -> HttpResponse:
    call = _call(request, slug)
    require(request, can, Action.MANAGE_CALLS, call)
    try:
        services.call_cancel(actor=request.user, call=call)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _back_to_call(request, call, status=400)
    messages.success(request, _("Convocatoria cancelada."))
    return redirect("innovation:call_detail", slug=call.slug)


def _back_to_call(request: HttpRequest, call: Any, *, status: int) -> HttpResponse:
    """The call page again with the refusal shown (a 4xx, not a redirect: nothing was written)."""
    response = call_detail.__wrapped__(request, call.slug)  # type: ignore[attr-defined]
    response.status_code = status
    return response


# --- Questions --------------------------------------------------------------------------------


@require_POST
def question_ask(request: HttpRequest, slug: str) -> HttpResponse:
    call = _call(request, slug)
    require(request, can, Action.ASK_QUESTION, call)
    challenges = [c for c in selectors.public_challenges_of_call(call=call) if c.status == ChallengeStatus.PUBLISHED]
    form = QuestionForm(request.POST, challenges=challenges)
    if form.is_valid():
        try:
            services.question_ask(
                actor=request.user,
                call=call,
                text=form.cleaned_data["text"],
                anonymous=form.cleaned_data["anonymous"],
                challenge=form.cleaned_data["challenge"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Pregunta enviada. Se publicará cuando el equipo del Hub la responda."))
            return redirect("innovation:call_detail", slug=call.slug)
    context = {"form": form, "call": call}
    return render(request, "innovation/question_form.html", context, status=400)


@require_http_methods(["GET", "POST"])
def question_answer(request: HttpRequest, pk: int) -> HttpResponse:
    question = selectors.question_get(pk=pk)
    if question is None or not can(request.user, Action.VIEW_CALL, question.call):
        raise Http404
    if not question.answer and not can(request.user, Action.ANSWER_QUESTION, question):
        # An unanswered question is not public yet: it does not exist for those who cannot answer it.
        raise Http404
    require(request, can, Action.ANSWER_QUESTION, question)
    form = AnswerForm(posted(request), initial={"answer": question.answer})
    if request.method == "POST" and form.is_valid():
        try:
            services.question_answer(actor=request.user, question=question, answer=form.cleaned_data["answer"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Respuesta publicada."))
            return redirect("innovation:call_detail", slug=question.call.slug)
    # The person answering is on the hub team or the challenge's municipality; the asker's name
    # is still shown only to the hub team.
    asker = None
    if is_hub_staff(request.user) or not question.anonymous:
        asker = question.asked_by
    context = {"form": form, "question": question, "asker": asker}
    return render(request, "innovation/question_answer.html", context, status=_status(form))


# --- Challenges -------------------------------------------------------------------------------


@anonymous_page("innovation", "directory", "territory")
@require_GET
def challenge_list(request: HttpRequest) -> HttpResponse:
    area = request.GET.get("area", "")
    status = request.GET.get("status", "")
    region = request.GET.get("region", "")
    call_slug = request.GET.get("call", "")
    q = request.GET.get("q", "")[:100].replace("\x00", "")
    call = selectors.call_get_by_slug(slug=call_slug[:140]) if call_slug else None
    if call is not None and not can(request.user, Action.VIEW_CALL, call):
        call = None
    qs = selectors.challenge_list_visible(
        viewer=request.user,
        area=area if area in Area.values else "",
        status=status if status in ChallengeStatus.values else "",
        call=call,
        region=region[:2],
        q=q,
    )
    context = {
        "page_obj": paginate(request, qs, 25),
        "areas": Area.choices,
        "statuses": ChallengeStatus.choices,
        "regions": territory_selectors.region_list(),
        "calls": list(selectors.call_list_visible(viewer=request.user)),
        "filters": {"area": area, "status": status, "region": region, "call": call_slug, "q": q},
        "can_create": can(request.user, Action.CREATE_CHALLENGE),
    }
    return render(request, "innovation/challenge_list.html", context)


def _challenge(request: HttpRequest, pk: int) -> Any:
    challenge = selectors.challenge_get_visible(pk=pk, viewer=request.user)
    if challenge is None:
        # Drafts and reviews do not exist for outsiders.
        raise Http404
    return challenge


@require_http_methods(["GET", "POST"])
def challenge_create(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.CREATE_CHALLENGE)
    choose_owner = not has_role(request.user, "municipal")
    form = ChallengeForm(posted(request), choose_owner=choose_owner)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        co = data.pop("co_municipalities")
        owner = data.pop("owner", None) if choose_owner else _own_municipality(request)
        require(request, can, Action.CREATE_CHALLENGE, owner)
        try:
            challenge = services.challenge_create(actor=request.user, owner=owner, co_municipalities=co, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Desafío guardado como borrador. Envíelo a revisión cuando esté listo."))
            return redirect("innovation:challenge_detail", pk=challenge.pk)
    return render(request, "innovation/challenge_form.html", {"form": form, "challenge": None}, status=_status(form))


def _own_municipality(request: HttpRequest) -> Any:
    own = organization_id(request.user)
    found = directory_selectors.organizations_with_commune(ids=[own]) if own is not None else []
    return found[0] if found else None


@require_http_methods(["GET", "POST"])
def challenge_from_gap(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.ADOPT_GAP)
    if request.method == "POST":
        raw = request.POST.get("proposed", "")
        # ASCII digits only (str.isdigit() accepts "²"); a malformed id names no gap: 404.
        valid = re.fullmatch(r"[0-9]{1,18}", raw) is not None
        proposed = diagnosis_selectors.proposed_challenge_get(pk=int(raw)) if valid else None
        if proposed is None or not can(request.user, Action.ADOPT_GAP, proposed):
            raise Http404
        try:
            challenge = services.challenge_create_from_gap(actor=request.user, proposed=proposed)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Brecha convertida en desafío. Complete ahora la descripción del problema."))
            return redirect("innovation:challenge_edit", pk=challenge.pk)
        status = 400
    else:
        status = 200
    context = {"gaps": selectors.gap_drafts_for(user=request.user)}
    return render(request, "innovation/challenge_from_gap.html", context, status=status)


@personal_page()
@anonymous_page(ANY)
@require_GET
def challenge_detail(request: HttpRequest, pk: int) -> HttpResponse:
    challenge = _challenge(request, pk)
    user = request.user
    now = timezone.now()
    transitions = selectors.available_transitions(user=user, challenge=challenge)
    # The hub team and the challenge's municipalities: the buyer's side.
    buyer_side = can(user, Action.VIEW_MATCHES, challenge)
    context = {
        "challenge": challenge,
        "municipalities": selectors.challenge_municipalities(challenge=challenge),
        "can_edit": can(user, Action.CHANGE_CHALLENGE, challenge),
        "transitions": transitions,
        "transition_form": TransitionForm(calls=selectors.calls_for_publication(now=now)) if transitions else None,
        "matches": selectors.matches_for_challenge(challenge=challenge, limit=10) if buyer_side else None,
        "matches_pending": buyer_side and selectors.matching_pending(),
        "call_open": selectors.call_is_open(call=challenge.call, now=now),
        "is_startup": has_role(user, "startup"),
        # The proposals app decides what the buyer's side sees there; startups never get this link.
        "sees_proposals": buyer_side and challenge.status in PUBLIC_STATUSES,
    }
    return render(request, "innovation/challenge_detail.html", context)


@require_http_methods(["GET", "POST"])
def challenge_edit(request: HttpRequest, pk: int) -> HttpResponse:
    challenge = _challenge(request, pk)
    require(request, can, Action.CHANGE_CHALLENGE, challenge)

    def values(c: Any) -> dict[str, Any]:
        initial = {name: getattr(c, name) for name in EDITABLE}
        initial["co_municipalities"] = municipalities_text(selectors.challenge_municipalities(challenge=c)[1:])
        return initial

    form = ChallengeForm(posted(request), initial=values(challenge))
    add_version_field(form, challenge.row_version)
    context: dict[str, Any] = {"form": form, "challenge": challenge}
    if request.method == "POST" and form.is_valid():
        data = edited_values(form)
        co = data.pop("co_municipalities")
        try:
            services.challenge_update(
                actor=request.user,
                challenge=challenge,
                data=data,
                co_municipalities=co,
                expected_version=form_version(form),
            )
        except StaleVersion as exc:
            saved = values(exc.current)
            # The form shows the other municipalities as text; compare like with like.
            form.cleaned_data["co_municipalities"] = form.data.get("co_municipalities", "")
            context |= form_conflict(form, exc, saved)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Desafío actualizado."))
            return redirect("innovation:challenge_detail", pk=challenge.pk)
    return render(request, "innovation/challenge_form.html", context, status=_status(form, context))


@require_POST
def challenge_transition(request: HttpRequest, pk: int) -> HttpResponse:
    challenge = _challenge(request, pk)
    form = TransitionForm(request.POST, calls=selectors.calls_for_publication())
    to = request.POST.get("to", "")[:20]
    transition = services.transition_for(source=challenge.status, target=to)
    if transition is None:
        if not selectors.available_transitions(user=request.user, challenge=challenge):
            # Someone who may move this challenge nowhere is refused before being told why.
            require(request, _never, None)
        messages.error(
            request, _("Ese cambio de estado no es posible desde «%(s)s».") % {"s": challenge.get_status_display()}
        )
        return _challenge_refused(request, challenge)
    require(request, can, transition.action, challenge)
    if not form.is_valid():
        messages.error(request, " ".join(m for errs in form.errors.values() for m in errs))
        return _challenge_refused(request, challenge)
    try:
        services.challenge_transition(
            actor=request.user,
            challenge=challenge,
            to=to,
            note=form.cleaned_data["note"],
            call=form.cleaned_data["call"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _challenge_refused(request, challenge)
    messages.success(
        request,
        _("Desafío ahora en estado «%(s)s».") % {"s": dict(ChallengeStatus.choices)[to]},
    )
    return redirect("innovation:challenge_detail", pk=challenge.pk)


def _never(*_args: Any) -> bool:
    return False


def _challenge_refused(request: HttpRequest, challenge: Any) -> HttpResponse:
    response = challenge_detail.__wrapped__(request, challenge.pk)  # type: ignore[attr-defined]
    response.status_code = 400
    return response


@personal_page()
@require_GET
def recommended(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.VIEW_RECOMMENDED)
    organization = directory_selectors.organizations_with_commune(ids=[organization_id(request.user)])
    org = organization[0] if organization else None
    matches = selectors.matches_for_startup(organization=org, limit=20) if org is not None else []
    # Challenges it already applied to link to its proposal instead of offering to apply again.
    applied = registry.organization_fact("proposals.applied_challenges", org.pk) if org is not None else {}
    rows = [(m, applied.get(m.challenge.pk)) for m in matches]
    context = {"rows": rows, "organization": org, "matches_pending": selectors.matching_pending()}
    return render(request, "innovation/recommended.html", context)


# --- Events -----------------------------------------------------------------------------------


def _event(pk: int) -> Any:
    event = selectors.event_get(pk=pk)
    if event is None:
        raise Http404
    return event


@anonymous_page("innovation", "directory")
@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    context = {
        "page_obj": paginate(request, selectors.event_list(), 25),
        "can_manage": can(request.user, Action.MANAGE_EVENTS),
        "now": timezone.now(),
    }
    return render(request, "innovation/event_list.html", context)


def _event_calls(request: HttpRequest) -> list[Any]:
    """Calls an event may present: published ones only (the event page is public, and a draft
    call is the hub's working document)."""
    return list(selectors.call_list_visible(viewer=request.user, status=CallStatus.PUBLISHED))


@require_http_methods(["GET", "POST"])
def event_create(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.MANAGE_EVENTS)
    form = EventForm(posted(request), calls=_event_calls(request))
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Evento creado."))
            return redirect("innovation:event_detail", pk=event.pk)
    return render(request, "innovation/event_form.html", {"form": form, "event": None}, status=_status(form))


@require_http_methods(["GET", "POST"])
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(pk)
    require(request, can, Action.MANAGE_EVENTS, event)

    def values(e: Any) -> dict[str, Any]:
        initial = {name: getattr(e, name) for name in EventForm.base_fields if name != "call"}
        initial["call"] = e.call_id
        return initial

    form = EventForm(posted(request), initial=values(event), calls=_event_calls(request))
    add_version_field(form, event.row_version)
    context: dict[str, Any] = {"form": form, "event": event}
    if request.method == "POST" and form.is_valid():
        try:
            services.event_update(
                actor=request.user, event=event, data=edited_values(form), expected_version=form_version(form)
            )
        except StaleVersion as exc:
            context |= form_conflict(form, exc, values(exc.current))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Evento actualizado."))
            return redirect("innovation:event_detail", pk=event.pk)
    return render(request, "innovation/event_form.html", context, status=_status(form, context))


def _registration_initial(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    if not getattr(user, "is_authenticated", False):
        return {}
    org = getattr(user, "organization", None)
    return {
        "full_name": user.get_full_name(),
        "email": user.email,
        "organization_name": org.name if org is not None else "",
    }


@anonymous_page(ANY)
@require_GET
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(pk)
    return _event_page(request, event, RegistrationForm(initial=_registration_initial(request)))


def _event_page(request: HttpRequest, event: Any, form: Any, status: int = 200) -> HttpResponse:
    now = timezone.now()
    context = {
        "event": event,
        # A call the viewer may not see (a draft) is not named on the public page.
        "call": event.call if event.call is not None and can(request.user, Action.VIEW_CALL, event.call) else None,
        "form": form,
        "seats_left": selectors.seats_left(event=event),
        "open": event.ends_at > now,
        "can_manage": can(request.user, Action.MANAGE_EVENTS, event),
        "can_see_registrations": can(request.user, Action.VIEW_REGISTRATIONS, event),
    }
    return render(request, "innovation/event_detail.html", context, status=status)


@require_http_methods(["GET", "POST"])
def event_register(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(pk)
    require(request, can, Action.REGISTER_EVENT, event)
    if request.method == "GET":
        return redirect("innovation:event_detail", pk=event.pk)
    form = RegistrationForm(request.POST)
    if form.is_valid():
        try:
            services.event_register(actor=request.user, event=event, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Inscripción confirmada. ¡Le esperamos!"))
            return redirect("innovation:event_detail", pk=event.pk)
    return _event_page(request, event, form, status=400)


@require_http_methods(["GET", "POST"])
def event_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(pk)
    require(request, can, Action.VIEW_REGISTRATIONS, event)
    registrations = list(selectors.registrations_of(event=event))
    form = AttendanceForm(posted(request), registrations=registrations)
    if request.method == "POST":
        require(request, can, Action.MANAGE_EVENTS, event)
        if form.is_valid():
            try:
                services.event_set_attendance(actor=request.user, event=event, attended=form.attendance())
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Asistencia registrada."))
                return redirect("innovation:event_attendance", pk=event.pk)
    context = {
        "event": event,
        "form": form,
        "rows": [(r, form[f"r{r.pk}"]) for r in registrations],
        "can_record": can(request.user, Action.MANAGE_EVENTS, event),
        "attended": sum(1 for r in registrations if r.attended),
    }
    return render(request, "innovation/event_attendance.html", context, status=_status(form))
