"""Pilot pages: public lists and details, the agreement that opens a pilot, indicators and
their locked versions, the pilot's course, measurements, the close and the rating, the
supplier-performance record, the programme funnel and the open data."""

from __future__ import annotations

import re
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hublocal.core.areas import Area
from hublocal.core.exports import file_response, preparing_response
from hublocal.core.locking import StaleVersion, add_version_field, form_conflict, form_version
from hublocal.core.page_cache import ANY, anonymous_page
from hublocal.core.permissions import is_hub_admin
from hublocal.core.web import add_service_errors, paginate, posted, require
from hublocal.directory import selectors as directory_selectors
from hublocal.exports import selectors as exports_selectors
from hublocal.exports import services as exports_services
from hublocal.innovation import selectors as innovation_selectors
from hublocal.proposals import selectors as proposals_selectors
from hublocal.territory import selectors as territory_selectors

from . import charts, selectors, services
from . import open_data as open_data_module
from . import rubric as rubrics
from .forms import AgreementForm, CancelForm, FinishForm, IndicatorForm, MeasurementForm, RatingForm, ReviseForm
from .models import PilotStatus
from .permissions import Action, can

PAGE_SIZE = 25


def _detail_or_404(pk: int) -> selectors.PilotDetail:
    detail = selectors.pilot_detail(pk=pk)
    if detail is None:
        raise Http404
    return detail


def _pilot_or_404(pk: int) -> Any:
    pilot = selectors.pilot_get(pk=pk)
    if pilot is None:
        raise Http404
    return pilot


def _indicator_or_404(pk: int) -> Any:
    indicator = selectors.indicator_get(pk=pk)
    if indicator is None:
        raise Http404
    return indicator


# --- Public lists -----------------------------------------------------------------------------


@anonymous_page(ANY)
@require_GET
def pilot_list(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.VIEW_PILOTS)
    params = {k: request.GET.get(k, "").strip()[:100] for k in ("status", "area", "region", "startup")}
    if params["status"] not in PilotStatus.values:
        params["status"] = ""
    if params["area"] not in Area.values:
        params["area"] = ""
    context = {
        "finished": selectors.finished_pilots(limit=6) if not any(params.values()) else [],
        "page_obj": paginate(request, selectors.pilot_list(**params), PAGE_SIZE),
        "params": params,
        "statuses": PilotStatus.choices,
        "areas": Area.choices,
        "regions": territory_selectors.region_list(),
        "areas_by_key": dict(Area.choices),
    }
    return render(request, "pilots/pilot_list.html", context)


@anonymous_page(ANY)
@require_GET
def agreement_list(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.VIEW_AGREEMENT)
    context = {"page_obj": paginate(request, selectors.agreement_list(), PAGE_SIZE)}
    return render(request, "pilots/agreement_list.html", context)


# --- Pilot detail and its forms ---------------------------------------------------------------


def _charts(detail: selectors.PilotDetail) -> dict[int, str]:
    start = timezone.localdate(detail.pilot.started_at) if detail.pilot.started_at else None
    return {
        iv.indicator.pk: mark_safe(  # built from escaped text by charts.line_chart
            charts.line_chart(
                points=[(m.measured_on, m.value) for m in iv.measurements],
                baseline=iv.current.baseline,
                target=iv.current.target,
                unit=iv.current.unit,
                title=_("Evolución de «%(name)s»") % {"name": iv.current.name},
                dom_id=f"grafico-{iv.indicator.pk}",
                start=start,
            )
        )
        for iv in detail.indicators
    }


def _detail_context(request: HttpRequest, detail: selectors.PilotDetail, **forms: Any) -> dict[str, Any]:
    pilot = detail.pilot
    can_manage = can(request.user, Action.MANAGE_PILOT, pilot)
    can_measure = can(request.user, Action.RECORD_MEASUREMENT, pilot) and pilot.status in services.ACTIVE
    charts_by_indicator = _charts(detail)
    return {
        "detail": detail,
        "pilot": pilot,
        "agreement": pilot.agreement,
        "indicator_rows": [(iv, charts_by_indicator[iv.indicator.pk]) for iv in detail.indicators],
        "can_manage": can_manage,
        "can_measure": can_measure,
        "can_rate": can(request.user, Action.RATE_PROVIDER, pilot)
        and pilot.status == PilotStatus.FINISHED
        and detail.rating is None,
        "can_see_rating_details": can(request.user, Action.VIEW_SUPPLIER_DETAILS, pilot.agreement.startup),
        "rubric": rubrics.load(detail.rating.rubric_version) if detail.rating else None,
        "indicator_form": forms.get("indicator_form") or (IndicatorForm() if can_manage else None),
        "measurement_form": forms.get("measurement_form")
        or (MeasurementForm(indicators=detail.indicators) if can_measure and detail.indicators else None),
        "cancel_form": forms.get("cancel_form") or (CancelForm() if can_manage else None),
        "planned": pilot.status == PilotStatus.PLANNED,
        "active": pilot.status in services.ACTIVE,
    }


@anonymous_page(ANY)
@require_GET
def pilot_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, can, Action.VIEW_PILOTS)
    detail = _detail_or_404(pk)
    return render(request, "pilots/pilot_detail.html", _detail_context(request, detail))


def _refused(request: HttpRequest, pk: int, exc: ValidationError, **forms: Any) -> HttpResponse:
    """The pilot page again with the service's reason, as a 400: nothing was written."""
    if not forms:
        messages.error(request, " ".join(exc.messages))
    detail = _detail_or_404(pk)
    return render(request, "pilots/pilot_detail.html", _detail_context(request, detail, **forms), status=400)


@require_http_methods(["GET", "POST"])
def indicator_create(request: HttpRequest, pk: int) -> HttpResponse:
    pilot = _pilot_or_404(pk)
    require(request, can, Action.MANAGE_PILOT, pilot)
    form = IndicatorForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_add(actor=request.user, pilot=pilot, data=form.data_object())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Indicador agregado."))
            return redirect("pilots:pilot_detail", pk=pilot.pk)
    context = {"pilot": pilot, "form": form, "mode": "create"}
    return render(request, "pilots/indicator_form.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def indicator_edit(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = _indicator_or_404(pk)
    pilot = indicator.pilot
    require(request, can, Action.MANAGE_PILOT, pilot)
    form = IndicatorForm(posted(request), initial=_indicator_values(indicator))
    add_version_field(form, indicator.row_version)
    locked = pilot.indicators_locked_at is not None
    context = {"pilot": pilot, "form": form, "mode": "edit", "indicator": indicator, "locked": locked}
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_update(
                actor=request.user, indicator=indicator, data=form.data_object(), expected_version=form_version(form)
            )
        except StaleVersion as exc:
            context |= form_conflict(form, exc, _indicator_values(exc.current) or {})
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Indicador actualizado."))
            return redirect("pilots:pilot_detail", pk=pilot.pk)
    status = 409 if "conflict" in context else 400 if form.errors else 200
    return render(request, "pilots/indicator_form.html", context, status=status)


def _indicator_values(indicator: Any) -> dict[str, Any] | None:
    """The indicator's current version in the edit forms' terms."""
    current = selectors.indicator_current_version(indicator=indicator)
    return {f: getattr(current, f) for f in services.INDICATOR_FIELDS} if current else None


@require_POST
def indicator_delete(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = _indicator_or_404(pk)
    require(request, can, Action.MANAGE_PILOT, indicator.pilot)
    try:
        services.indicator_remove(actor=request.user, indicator=indicator)
    except ValidationError as exc:
        return _refused(request, indicator.pilot_id, exc)
    messages.success(request, _("Indicador eliminado."))
    return redirect("pilots:pilot_detail", pk=indicator.pilot_id)


@require_http_methods(["GET", "POST"])
def indicator_revise(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = _indicator_or_404(pk)
    pilot = indicator.pilot
    require(request, can, Action.MANAGE_PILOT, pilot)
    current = selectors.indicator_current_version(indicator=indicator)
    initial = {f: getattr(current, f) for f in services.INDICATOR_FIELDS} if current else None
    form = ReviseForm(posted(request), initial=initial)
    add_version_field(form, indicator.row_version)
    context = {"pilot": pilot, "form": form, "indicator": indicator, "current": current}
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_revise(
                actor=request.user,
                indicator=indicator,
                data=form.data_object(),
                justification=form.cleaned_data["justification"],
                expected_version=form_version(form),
            )
        except StaleVersion as exc:
            context |= form_conflict(form, exc, _indicator_values(exc.current) or {})
            # The page's "current version" panel must show the one just saved, not the stale one.
            context["current"] = selectors.indicator_current_version(indicator=exc.current)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Nueva versión del indicador registrada."))
            return redirect("pilots:pilot_detail", pk=pilot.pk)
    status = 409 if "conflict" in context else 400 if form.errors else 200
    return render(request, "pilots/indicator_revise.html", context, status=status)


@require_POST
def pilot_start(request: HttpRequest, pk: int) -> HttpResponse:
    pilot = _pilot_or_404(pk)
    require(request, can, Action.MANAGE_PILOT, pilot)
    try:
        services.pilot_start(actor=request.user, pilot=pilot)
    except ValidationError as exc:
        return _refused(request, pk, exc)
    messages.success(request, _("Piloto iniciado: sus indicadores quedaron bloqueados."))
    return redirect("pilots:pilot_detail", pk=pk)


def _transition(request: HttpRequest, pk: int, action: str, done: str) -> HttpResponse:
    pilot = _pilot_or_404(pk)
    require(request, can, Action.MANAGE_PILOT, pilot)
    try:
        services.pilot_transition(actor=request.user, pilot=pilot, action=action)
    except ValidationError as exc:
        return _refused(request, pk, exc)
    messages.success(request, done)
    return redirect("pilots:pilot_detail", pk=pk)


@require_POST
def pilot_pause(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(request, pk, "pause", _("Piloto pausado."))


@require_POST
def pilot_resume(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(request, pk, "resume", _("Piloto reanudado."))


@require_POST
def pilot_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    pilot = _pilot_or_404(pk)
    require(request, can, Action.MANAGE_PILOT, pilot)
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            services.pilot_cancel(actor=request.user, pilot=pilot, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Piloto cancelado."))
            return redirect("pilots:pilot_detail", pk=pk)
    return _refused(request, pk, ValidationError(form.errors.as_text()), cancel_form=form)


@require_http_methods(["GET", "POST"])
def pilot_finish(request: HttpRequest, pk: int) -> HttpResponse:
    pilot = _pilot_or_404(pk)
    require(request, can, Action.MANAGE_PILOT, pilot)
    rows = services.judgements(pilot=pilot)
    form = FinishForm(posted(request), rows=rows)
    if request.method == "POST" and form.is_valid():
        try:
            services.pilot_finish(
                actor=request.user, pilot=pilot, overrides=form.overrides(), summary=form.cleaned_data["summary"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Piloto finalizado. La municipalidad ya puede calificar al proveedor."))
            return redirect("pilots:pilot_detail", pk=pk)
    context = {"pilot": pilot, "form": form, "rows": form.bound_rows(), "active": pilot.status in services.ACTIVE}
    return render(request, "pilots/pilot_finish.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def measurement_create(request: HttpRequest, pk: int) -> HttpResponse:
    detail = _detail_or_404(pk)
    pilot = detail.pilot
    require(request, can, Action.RECORD_MEASUREMENT, pilot)
    form = MeasurementForm(posted(request), indicators=detail.indicators)
    if request.method == "POST" and form.is_valid():
        indicator = next(iv.indicator for iv in detail.indicators if iv.indicator.pk == form.cleaned_data["indicator"])
        try:
            services.measurement_record(
                actor=request.user,
                indicator=indicator,
                measured_on=form.cleaned_data["measured_on"],
                value=form.cleaned_data["value"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Medición registrada."))
            return redirect("pilots:pilot_detail", pk=pk)
    context = {"pilot": pilot, "form": form, "active": pilot.status in services.ACTIVE}
    return render(request, "pilots/measurement_form.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def rating_create(request: HttpRequest, pk: int) -> HttpResponse:
    pilot = _pilot_or_404(pk)
    require(request, can, Action.RATE_PROVIDER, pilot)
    rubric = rubrics.load()
    form = RatingForm(posted(request), rubric=rubric)
    if request.method == "POST" and form.is_valid():
        try:
            services.rating_submit(
                actor=request.user, pilot=pilot, scores=form.scores(), comment=form.cleaned_data["comment"]
            )
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
            add_service_errors(form, ValidationError({_field(k): v for k, v in errors.items()}))
        else:
            messages.success(request, _("Calificación registrada. Aparece en el registro de desempeño del proveedor."))
            return redirect("pilots:pilot_detail", pk=pk)
    notice = ""
    if pilot.status != PilotStatus.FINISHED:
        notice = _("El proveedor se califica cuando el piloto ha finalizado.")
    elif selectors.pilot_rating(pilot=pilot) is not None:
        notice = _("Este piloto ya tiene su calificación; no se puede calificar dos veces.")
    context = {"pilot": pilot, "form": form, "rubric": rubric, "notice": notice}
    return render(request, "pilots/rating_form.html", context, status=400 if form.errors else 200)


def _field(key: Any) -> Any:
    """A rubric criterion's error belongs beside its radio group (field c_<id>)."""
    return f"c_{key}" if key and key not in ("scores", "comment", "__all__") else key


# --- Agreements -------------------------------------------------------------------------------


def _proposal_for_agreement(request: HttpRequest, proposal_pk: int) -> Any:
    """The proposal an agreement would come from. Proposals are private: one the user may not
    see does not exist for them (404); a visible one they may not sign for is a 403."""
    proposal = proposals_selectors.proposal_get(pk=proposal_pk)
    if proposal is None:
        raise Http404
    if can(request.user, Action.CREATE_AGREEMENT, proposal):
        return proposal
    require(request, lambda u, a, o: u.is_authenticated, None)
    if proposals_selectors.proposal_visible_to(request.user, proposal):
        require(request, can, Action.CREATE_AGREEMENT, proposal)
    raise Http404


@require_http_methods(["GET", "POST"])
def agreement_create(request: HttpRequest, proposal_pk: int) -> HttpResponse:
    proposal = _proposal_for_agreement(request, proposal_pk)
    ids = innovation_selectors.challenge_municipality_ids(challenge=proposal.challenge)
    if not is_hub_admin(request.user) and request.user.organization_id in ids:
        # An official signs for their own municipality only, even on a shared challenge.
        ids = {request.user.organization_id}
    municipalities = directory_selectors.organizations_with_commune(ids=sorted(ids))
    files = request.FILES if request.method == "POST" else None
    form = AgreementForm(posted(request), files, municipalities=municipalities)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            agreement = services.agreement_create(
                actor=request.user,
                proposal=proposal,
                municipality=form.municipalities[data["municipality"]],
                title=data["title"],
                scope=data["scope"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                value_clp=data["value_clp"],
                signed_on=data["signed_on"],
                document=data["document"],
                pilot_title=data["pilot_title"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Convenio registrado. Defina los indicadores del piloto antes de iniciarlo."))
            return redirect("pilots:pilot_detail", pk=agreement.pilot.pk)
    context = {
        "proposal": proposal,
        "form": form,
        "shortlisted": proposal.status == "shortlisted",
        "existing": selectors.agreement_for_proposal(proposal_id=proposal.pk),
    }
    return render(request, "pilots/agreement_form.html", context, status=400 if form.errors else 200)


def _agreement_or_404(pk: int) -> Any:
    agreement = selectors.agreement_get(pk=pk)
    if agreement is None:
        raise Http404
    return agreement


@anonymous_page(ANY)
@require_GET
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = _agreement_or_404(pk)
    require(request, can, Action.VIEW_AGREEMENT, agreement)
    return render(request, "pilots/agreement_detail.html", {"agreement": agreement})


@require_GET
def agreement_document(request: HttpRequest, pk: int) -> HttpResponse:
    """The signed agreement (public, like the agreement), served as a download under the name
    it was uploaded with; stored under a random name."""
    agreement = _agreement_or_404(pk)
    require(request, can, Action.VIEW_AGREEMENT, agreement)
    if not agreement.document:
        raise Http404
    try:
        handle = agreement.document.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=agreement.document_name or "convenio.pdf", content_type="application/pdf"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Supplier record --------------------------------------------------------------------------


@anonymous_page(ANY)
@require_GET
def supplier_list(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.VIEW_SUPPLIERS)
    suppliers = selectors.supplier_list()
    return render(request, "pilots/supplier_list.html", {"page_obj": paginate(request, suppliers, 50)})


@anonymous_page(ANY)
@require_GET
def supplier_detail(request: HttpRequest, slug: str) -> HttpResponse:
    require(request, can, Action.VIEW_SUPPLIERS)
    org = directory_selectors.organization_get(slug=slug)
    if org is None or org.kind != "startup":
        raise Http404
    record = selectors.supplier_record(organization=org)
    details = can(request.user, Action.VIEW_SUPPLIER_DETAILS, org)
    criteria = [(c, record.summary.criterion_averages.get(c.id)) for c in record.rubric.criteria]
    context = {"org": org, "record": record, "details": details, "criteria": criteria}
    return render(request, "pilots/supplier_detail.html", context)


# --- Programme --------------------------------------------------------------------------------


@anonymous_page(ANY)
@require_GET
def programme(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.VIEW_PROGRAMME)
    raw = request.GET.get("call", "").strip()
    call = None
    if raw:
        # ASCII digits only: str.isdigit() accepts "²", which int() refuses.
        if not re.fullmatch(r"[0-9]{1,18}", raw):
            messages.error(request, _("La convocatoria indicada no es válida."))
            return render(request, "pilots/programme.html", {"calls": selectors.programme_calls()}, status=400)
        # A draft call does not exist for those who may not see it.
        call = innovation_selectors.call_get_visible(pk=int(raw), viewer=request.user)
        if call is None:
            raise Http404
    call_id = call.pk if call else None
    funnel = selectors.programme_funnel(call=call, open_figures=can(request.user, Action.VIEW_OPEN_CALL_FIGURES))
    context: dict[str, Any] = {
        "call": call,
        "funnel": _funnel_stages(funnel),
        "calls": selectors.programme_calls(),
    }
    if can(request.user, Action.VIEW_PROGRAMME_MUNICIPALITIES):
        table = selectors.programme_table(viewer=request.user, call_id=call_id)
        context["municipalities"] = table.rows
        context["totals"] = table.totals
    return render(request, "pilots/programme.html", context)


def _funnel_stages(funnel: dict[str, int | None]) -> list[tuple[str, int | str]]:
    labels = [
        ("challenges", _("Desafíos publicados")),
        ("proposals", _("Propuestas")),
        ("sessions", _("Sesiones de trabajo realizadas")),
        ("agreements", _("Convenios")),
        ("pilots", _("Pilotos iniciados")),
        ("pilots_met", _("Pilotos con indicadores cumplidos")),
    ]
    # None: a figure of a call still open, private until it closes.
    return [(label, "—" if funnel[key] is None else funnel[key]) for key, label in labels]


# --- Open data --------------------------------------------------------------------------------


@require_GET
def open_data(request: HttpRequest, dataset: str) -> HttpResponseBase:
    """Open data: every pilot with its results (pilotos) or every indicator's current version
    and judgement (indicadores), served from the files the task queue builds (hublocal/exports);
    503 with Retry-After until the first build."""
    require(request, can, Action.VIEW_PILOTS)
    key = open_data_module.DATASETS.get(dataset)
    if key is None:
        raise Http404
    state = exports_selectors.dataset_state(key)
    stored = state.file("csv") if state.built else None
    response = file_response(request, stored) if stored is not None else None
    if response is None:  # not built yet, or its file is gone: built by the task queue
        exports_services.dataset_request(key)
        response = preparing_response(request)
    response["Access-Control-Allow-Origin"] = "*"  # open data: any site may fetch it
    return response
