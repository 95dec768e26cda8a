"""Diagnosis pages: instruments, campaigns (staff), the questionnaire and submission."""

from __future__ import annotations

from functools import cache
from typing import Any

import markdown
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hublocal.core.offline_views import mark_offline_cacheable
from hublocal.core.page_cache import anonymous_page
from hublocal.core.permissions import organization_id
from hublocal.core.personal_page import personal_page
from hublocal.core.web import add_service_errors, paginate, posted, require
from hublocal.directory import selectors as directory_selectors
from hublocal.engagement import selectors as engagement_selectors

from . import selectors, services
from .forms import CampaignForm, ConfirmForm, ReopenForm, parse_section, visible_questions
from .models import Area, ParticipationStatus
from .permissions import Action, can
from .scoring import LEVELS, compute, missing_required


@cache
def _methodology_html() -> str:
    path = settings.BASE_DIR / "content" / "methodology.md"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    # The file is our own reviewed content, not user input.
    return markdown.markdown(text, extensions=["tables", "toc"])


@personal_page()
@anonymous_page("diagnosis", "directory", "territory")
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    context: dict[str, Any] = {
        "versions": selectors.instrument_version_list(latest_only=True),
        "areas": dict(Area.choices),
        "can_manage": can(request.user, Action.VIEW_CAMPAIGN_DASHBOARD),
    }
    if can(request.user, Action.VIEW_MY_DIAGNOSES):
        context["mine"] = list(selectors.participations_for_organization(organization_id=organization_id(request.user)))
    return render(request, "diagnosis/index.html", context)


@anonymous_page("diagnosis")
@require_GET
def methodology(request: HttpRequest) -> HttpResponse:
    context = {"body": mark_safe(_methodology_html()), "versions": selectors.instrument_version_list()}
    return render(request, "diagnosis/methodology.html", context)


@anonymous_page("diagnosis")
@require_GET
def instrument_detail(request: HttpRequest, slug: str, version: int) -> HttpResponse:
    require(request, can, Action.VIEW_INSTRUMENT)
    iv = selectors.instrument_version_get(slug=slug, version=version)
    if iv is None:
        raise Http404
    return render(request, "diagnosis/instrument_detail.html", {"iv": iv, "instrument": selectors.instrument_of(iv)})


# --- Staff: campaigns -------------------------------------------------------------------------


@personal_page()
@require_GET
def campaign_list(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.VIEW_CAMPAIGN_DASHBOARD)
    context = {
        "page_obj": paginate(request, selectors.campaign_list(), 25),
        "can_create": can(request.user, Action.MANAGE_CAMPAIGNS),
    }
    return render(request, "diagnosis/campaign_list.html", context)


@require_http_methods(["GET", "POST"])
def campaign_create(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.MANAGE_CAMPAIGNS)
    form = CampaignForm(posted(request), versions=selectors.instrument_version_list())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        orgs: dict[int, Any] = {}
        if data["region"] or data["typology"]:
            for org in directory_selectors.municipalities(region=data["region"], typology=data["typology"]):
                orgs[org.pk] = org
        if data["codes"]:
            found = list(directory_selectors.municipalities(codes=data["codes"]))
            missing = set(data["codes"]) - {o.commune.code for o in found}
            if missing:
                form.add_error("codes", _("No hay municipalidad para: %(c)s") % {"c": ", ".join(sorted(missing))})
            orgs.update({o.pk: o for o in found})
        if not form.errors:
            try:
                campaign = services.campaign_create(
                    actor=request.user,
                    name=data["name"],
                    instrument_version=data["instrument_version"],
                    opens_at=data["opens_at"],
                    closes_at=data["closes_at"],
                    organizations=list(orgs.values()),
                    remind_after_days=data["remind_after_days"],
                    escalate_admin_after_days=data["escalate_admin_after_days"],
                    escalate_mayor_after_days=data["escalate_mayor_after_days"],
                    results_public=data["results_public"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Campaña creada con %(n)s municipios.") % {"n": len(orgs)})
                return redirect("diagnosis:campaign_detail", pk=campaign.pk)
    return render(request, "diagnosis/campaign_form.html", {"form": form}, status=400 if form.errors else 200)


@require_GET
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, can, Action.VIEW_CAMPAIGN_DASHBOARD)
    campaign = selectors.campaign_get(pk=pk)
    if campaign is None:
        raise Http404
    subject = selectors.subject_key(campaign)
    # A page of participations at a time (a Latin-American campaign invites thousands), with the
    # engagement tracks of that page's municipalities only.
    page = paginate(request, selectors.participation_list(campaign=campaign), 50)
    tracks = {
        t.organization_id: t
        for t in engagement_selectors.track_list(process=services.PROCESS, subject_key=subject).filter(
            organization_id__in=[p.organization_id for p in page]
        )
    }
    rows = [(p, tracks.get(p.organization_id)) for p in page]
    context = {
        "campaign": campaign,
        "rows": rows,
        "page_obj": page,
        "status_counts": selectors.campaign_status_counts(campaign=campaign),
        "funnel": engagement_selectors.funnel(process=services.PROCESS, subject_key=subject),
        "messages_log": engagement_selectors.message_list(process=services.PROCESS, subject_key=subject)[:50],
        "can_reopen": can(request.user, Action.REOPEN),
        "now": timezone.now(),
    }
    return render(request, "diagnosis/campaign_detail.html", context)


@require_POST
def participation_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    p = _participation(pk)
    require(request, can, Action.REOPEN, p)
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            services.participation_reopen(
                actor=request.user, participation=p, extended_until=form.cleaned_data["extended_until"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Diagnóstico de %(c)s reabierto.") % {"c": p.commune_name})
    else:
        messages.error(request, _("Fecha inválida."))
    return redirect("diagnosis:campaign_detail", pk=p.campaign_id)


# --- The municipality answers -----------------------------------------------------------------


def _participation(pk: int) -> Any:
    p = selectors.participation_get(pk=pk)
    if p is None:
        raise Http404
    return p


def _view_participation(request: HttpRequest, pk: int) -> Any:
    p = _participation(pk)
    if not can(request.user, Action.VIEW_PARTICIPATION, p):
        # Another municipality's diagnosis does not exist for you; sign in first if anonymous.
        require(request, lambda u, a, o: u.is_authenticated, None)
        raise Http404
    return p


def _progress(instrument: Any, answers: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for dim in instrument.dimensions:
        shown = visible_questions(instrument, dim, answers)
        required = [q for q in shown if q.required]
        done = sum(1 for q in required if answers.get(q.id) is not None)
        rows.append({"dimension": dim, "required": len(required), "done": done, "complete": done == len(required)})
    return rows


@require_http_methods(["GET", "POST"])
def participation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    p = _view_participation(request, pk)
    instrument = selectors.instrument_of(p.campaign.instrument_version)
    answers = {qid: a.value for qid, a in selectors.answers_of(participation=p).items()}
    members = [
        m.person for m in directory_selectors.organization_members(organization=p.organization, viewer=request.user)
    ]
    form = ConfirmForm(posted(request), people=members)
    if request.method == "POST":
        require(request, can, Action.CONFIRM, p)
        if form.is_valid():
            focal = next((m for m in members if m.pk == form.cleaned_data["focal_point"]), None)
            try:
                services.participation_confirm(actor=request.user, participation=p, focal_point=focal)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("Participación confirmada."))
                return redirect("diagnosis:participation_detail", pk=p.pk)
    context = {
        "p": p,
        "instrument": instrument,
        "progress": _progress(instrument, answers),
        "history": selectors.answer_history(participation=p, limit=15),
        "confirm_form": form,
        "can_answer": can(request.user, Action.ANSWER, p),
        "can_submit": can(request.user, Action.SUBMIT, p),
        "result": selectors.result_of(participation=p),
        "open": selectors.window_open(p, timezone.now()),
    }
    return render(request, "diagnosis/participation_detail.html", context)


@require_http_methods(["GET", "POST"])
def participation_section(request: HttpRequest, pk: int, dimension: str) -> HttpResponse:
    p = _view_participation(request, pk)
    instrument = selectors.instrument_of(p.campaign.instrument_version)
    dim = next((d for d in instrument.dimensions if d.id == dimension), None)
    if dim is None:
        raise Http404
    errors: dict[str, list[str]] = {}
    conflicts: dict[str, dict[str, Any]] = {}
    posted: dict[str, Any] = {}
    status = 200
    if request.method == "POST":
        require(request, can, Action.ANSWER, p)
        items = parse_section(request.POST, instrument, dim)
        posted = {i.question_id: i.value for i in items}
        try:
            services.answers_save(actor=request.user, participation=p, answers=items)
        except services.AnswerConflict as exc:
            conflicts, status = exc.conflicts, 409
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
            status = 400
        else:
            if not request.htmx:
                messages.success(request, _("Respuestas guardadas."))
                if "next" in request.POST:
                    nxt = _next_dimension(instrument, dim)
                    if nxt is not None:
                        return redirect("diagnosis:participation_section", pk=p.pk, dimension=nxt.id)
                    return redirect("diagnosis:participation_submit", pk=p.pk)
                return redirect("diagnosis:participation_section", pk=p.pk, dimension=dim.id)
            posted = {}
    saved = selectors.answers_of(participation=p)
    answers = {qid: a.value for qid, a in saved.items()}
    # What the person typed stays on the page when it could not be saved.
    shown_values = {**answers, **posted} if (errors or conflicts) else answers
    answers_for_municipality = can(request.user, Action.ANSWER, p)
    context = {
        "p": p,
        "instrument": instrument,
        "dim": dim,
        "questions": visible_questions(instrument, dim, shown_values),
        "values": shown_values,
        "saved": saved,
        "errors": errors,
        "conflicts": conflicts,
        "can_answer": answers_for_municipality and p.status != ParticipationStatus.SUBMITTED,
        # Answers kept on this device are shown to whoever answers for the municipality, even once
        # the diagnosis is submitted, so that any the server refused can still be copied.
        "offline_answers": answers_for_municipality,
        "next_dim": _next_dimension(instrument, dim),
        "progress": _progress(instrument, answers),
        "saved_at": timezone.now() if request.method == "POST" and not (errors or conflicts) else None,
    }
    template = "diagnosis/_section_form.html" if request.htmx else "diagnosis/section.html"
    response = render(request, template, context, status=status)
    if status == 200 and not request.htmx and context["can_answer"]:
        # The person may answer this section: their device may keep it to answer offline.
        mark_offline_cacheable(response)
    return response


def _next_dimension(instrument: Any, dim: Any) -> Any:
    dims = list(instrument.dimensions)
    i = dims.index(dim)
    return dims[i + 1] if i + 1 < len(dims) else None


@require_http_methods(["GET", "POST"])
def participation_submit(request: HttpRequest, pk: int) -> HttpResponse:
    p = _view_participation(request, pk)
    instrument = selectors.instrument_of(p.campaign.instrument_version)
    answers = {qid: a.value for qid, a in selectors.answers_of(participation=p).items()}
    if request.method == "POST":
        require(request, can, Action.SUBMIT, p)
        try:
            services.participation_submit(actor=request.user, participation=p)
        except ValidationError as exc:
            messages.error(
                request,
                _("No se pudo enviar: %(n)s preguntas obligatorias sin responder.")
                % {"n": len(exc.message_dict) if hasattr(exc, "error_dict") else 1}
                if hasattr(exc, "error_dict")
                else " ".join(exc.messages),
            )
        else:
            messages.success(request, _("Diagnóstico enviado. Estos son sus resultados."))
            return redirect("diagnosis:participation_results", pk=p.pk)
    missing = missing_required(instrument, answers)
    preview = compute(instrument, answers)
    # What is still missing, per dimension, so the preview never announces a level as if it were
    # final: a dimension without any scored answer is left out of the index (scoring.compute).
    missing_by_dim: dict[str, list[Any]] = {}
    for q in missing:
        missing_by_dim.setdefault(q.dimension, []).append(q)
    dimension_rows = [
        {"dim": dim, "score": preview.dimensions.get(dim.id), "missing": missing_by_dim.get(dim.id, [])}
        for dim in instrument.dimensions
    ]
    unanswered = [row for row in dimension_rows if row["score"] is None]
    context = {
        "p": p,
        "instrument": instrument,
        "missing": missing,
        "preview": preview,
        "dimension_rows": dimension_rows,
        "missing_groups": [row for row in dimension_rows if row["missing"]],
        "unanswered_dimensions": unanswered,
        "answered_dimensions": len(dimension_rows) - len(unanswered),
        "provisional": bool(missing or unanswered),
        "levels": dict(LEVELS),
        "can_submit": can(request.user, Action.SUBMIT, p) and p.status != ParticipationStatus.SUBMITTED,
        "open": selectors.window_open(p, timezone.now()),
    }
    return render(request, "diagnosis/submit.html", context, status=400 if request.method == "POST" else 200)
