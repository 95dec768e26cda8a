"""Replication pages: the public list, one replication with its forms, a resource's replications
with a map, recording one, and "lo que funcionó en municipios como el mío"."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hublocal.core.exports import file_response, preparing_response
from hublocal.core.locking import StaleVersion, add_version_field, edited_values, form_conflict, form_version
from hublocal.core.page_cache import anonymous_page
from hublocal.core.permissions import has_role, is_hub_staff, organization_id
from hublocal.core.web import add_service_errors, paginate, posted, require
from hublocal.directory import selectors as directory_selectors
from hublocal.exports import selectors as exports_selectors
from hublocal.exports import services as exports_services
from hublocal.library import selectors as library_selectors
from hublocal.pilots import selectors as pilots_selectors
from hublocal.territory import selectors as territory_selectors

from . import experience as experience_module
from . import maps, open_data, selectors, services
from .forms import ConfirmForm, CreateForm, ReplicationForm, ResultForm, TransitionForm
from .models import TRANSITIONS, Status
from .permissions import Action, can

PAGE_SIZE = 25
NAMESPACES = ("replications", "library", "pilots", "directory")


def _replication_or_404(pk: int) -> Any:
    replication = selectors.replication_get(pk=pk)
    if replication is None:
        raise Http404
    return replication


def _int_param(request: HttpRequest, name: str) -> int | None:
    raw = request.GET.get(name, "").strip()
    return int(raw) if raw.isdigit() and len(raw) < 12 else None


@anonymous_page(*NAMESPACES)
@require_GET
def replication_list(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.VIEW_REPLICATIONS)
    params = {k: request.GET.get(k, "").strip()[:100] for k in ("status", "commune")}
    if params["status"] not in Status.values:
        params["status"] = ""
    resource_id = _int_param(request, "recurso")
    page_obj = paginate(
        request,
        selectors.replication_list(resource_id=resource_id, status=params["status"], commune=params["commune"]),
        PAGE_SIZE,
    )
    context = {
        "page_obj": page_obj,
        "params": params,
        "resource_id": resource_id,
        "statuses": Status.choices,
        "can_record": can(request.user, Action.RECORD),
    }
    return render(request, "replications/replication_list.html", context)


def _detail_context(request: HttpRequest, replication: Any, **forms: Any) -> dict[str, Any]:
    may_change = can(request.user, Action.CHANGE, replication)
    next_statuses = [(s, Status(s).label) for s in TRANSITIONS[replication.status]]
    context: dict[str, Any] = {
        "r": replication,
        "results": list(replication.results.all()),
        "may_change": may_change,
        "may_confirm": can(request.user, Action.CONFIRM, replication),
        "show_contact": can(request.user, Action.VIEW_CONTACT, replication),
        "next_statuses": next_statuses,
        "resource": library_selectors.resource_get(pk=replication.resource_id) if replication.resource_id else None,
    }
    if may_change:
        transition = forms.get("transition_form") or TransitionForm()
        transition.fields["status"].choices = next_statuses
        context["transition_form"] = transition
        if replication.status in (Status.IMPLEMENTING, Status.IMPLEMENTED):
            context["result_form"] = forms.get("result_form") or ResultForm()
    if context["may_confirm"]:
        context["confirm_form"] = forms.get("confirm_form") or ConfirmForm()
    return context


@require_GET
def replication_detail(request: HttpRequest, pk: int) -> HttpResponse:
    replication = _replication_or_404(pk)
    require(request, can, Action.VIEW_REPLICATIONS, replication)
    return render(request, "replications/replication_detail.html", _detail_context(request, replication))


def _refused(request: HttpRequest, replication: Any, **forms: Any) -> HttpResponse:
    """The replication page again with the forms' errors, as a 400: nothing was written."""
    replication = _replication_or_404(replication.pk)
    context = _detail_context(request, replication, **forms)
    return render(request, "replications/replication_detail.html", context, status=400)


@require_http_methods(["GET", "POST"])
def replication_create_resource(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, can, Action.RECORD)
    resource = library_selectors.resource_get(pk=pk)
    if resource is None or resource.status in ("draft", "in_review"):
        raise Http404
    return _create(request, resource, resource_id=pk)


@require_http_methods(["GET", "POST"])
def replication_create_pilot(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, can, Action.RECORD)
    pilot = pilots_selectors.pilot_get(pk=pk)
    if pilot is None:
        raise Http404
    return _create(request, pilot, pilot_id=pk)


def _create(
    request: HttpRequest, target: Any, *, resource_id: int | None = None, pilot_id: int | None = None
) -> HttpResponse:
    """Record a replication of `target` (a published resource or a pilot) for the user's own
    municipality, or, for hub staff, the municipality they choose."""
    staff = is_hub_staff(request.user)
    choices = list(directory_selectors.municipalities()) if staff else None
    form = CreateForm(posted(request), municipalities=choices)
    if request.method == "POST" and form.is_valid():
        if choices is not None:
            municipality = next((m for m in choices if m.pk == form.cleaned_data["municipality"]), None)
        else:
            own = directory_selectors.organizations_with_commune(ids=[organization_id(request.user) or 0])
            municipality = own[0] if own else None
        if municipality is None or not can(request.user, Action.RECORD, municipality):
            form.add_error(None, _("Solo su propio municipio puede registrar esta replicación."))
        else:
            data = {k: v for k, v in form.cleaned_data.items() if k != "municipality"}
            try:
                replication = services.replication_record(
                    actor=request.user, municipality=municipality, resource_id=resource_id, pilot_id=pilot_id, **data
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request, _("Replicación registrada. Actualice su estado y resultados a medida que avance.")
                )
                return redirect(replication.get_absolute_url())
    context = {"form": form, "target": target, "is_resource": resource_id is not None}
    return render(request, "replications/replication_form.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def replication_edit(request: HttpRequest, pk: int) -> HttpResponse:
    replication = _replication_or_404(pk)
    require(request, can, Action.CHANGE, replication)
    initial = {
        "mode": replication.mode,
        "changes": replication.changes,
        "started_on": replication.started_on,
        "contact_name": replication.contact_name,
        "contact_email": replication.contact_email,
        "contact_phone": replication.contact_phone,
    }
    form = ReplicationForm(posted(request), initial=initial)
    add_version_field(form, replication.row_version)
    context: dict[str, Any] = {"form": form, "r": replication, "target": None}
    if request.method == "POST" and form.is_valid():
        try:
            services.replication_update(
                actor=request.user,
                replication=replication,
                data=edited_values(form),
                expected_version=form_version(form),
            )
        except StaleVersion as exc:
            context.update(form_conflict(form, exc, {k: getattr(exc.current, k) for k in initial}))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Cambios guardados."))
            return redirect(replication.get_absolute_url())
    return render(request, "replications/replication_form.html", context, status=400 if form.errors else 200)


@require_POST
def replication_transition(request: HttpRequest, pk: int) -> HttpResponse:
    replication = _replication_or_404(pk)
    require(request, can, Action.CHANGE, replication)
    form = TransitionForm(request.POST)
    form.fields["status"].choices = [(s, Status(s).label) for s in TRANSITIONS[replication.status]]
    if form.is_valid():
        try:
            services.replication_transition(
                actor=request.user,
                replication=replication,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Estado actualizado."))
            return redirect(replication.get_absolute_url())
    return _refused(request, replication, transition_form=form)


@require_POST
def result_add(request: HttpRequest, pk: int) -> HttpResponse:
    replication = _replication_or_404(pk)
    require(request, can, Action.CHANGE, replication)
    form = ResultForm(request.POST)
    if form.is_valid():
        try:
            services.result_add(actor=request.user, replication=replication, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Resultado registrado."))
            return redirect(replication.get_absolute_url())
    if replication.status not in (Status.IMPLEMENTING, Status.IMPLEMENTED) and not form.errors:
        form.add_error(None, _("Se registran resultados de una replicación en implementación o implementada."))
    return _refused(request, replication, result_form=form)


@require_POST
def replication_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    replication = _replication_or_404(pk)
    require(request, can, Action.CONFIRM, replication)
    form = ConfirmForm(request.POST)
    if form.is_valid():
        try:
            services.replication_confirm(actor=request.user, replication=replication, note=form.cleaned_data["note"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Replicación confirmada."))
            return redirect(replication.get_absolute_url())
    return _refused(request, replication, confirm_form=form)


@anonymous_page(*NAMESPACES)
@require_GET
def resource_replications(request: HttpRequest, slug: str) -> HttpResponse:
    require(request, can, Action.VIEW_REPLICATIONS)
    resource = library_selectors.resource_get_by_slug(slug=slug)
    if resource is None or resource.status not in ("published", "retired"):
        raise Http404
    replications = list(selectors.replication_list(resource_id=resource.pk)[:500])
    results = selectors.replications_with_results(ids=[r.pk for r in replications])
    rows = [{"r": r, "results": results[r.pk]} for r in replications]
    replication_map = selectors.replication_map(replications=replications)
    context = {
        "resource": resource,
        "rows": rows,
        "map_svg": mark_safe(maps.replication_svg(replication_map, title=resource.title)),  # escaped by maps
        "legend": [
            (code, label, maps.FILLS[code], sum(1 for r in replications if r.status == code))
            for code, label in Status.choices
        ],
        "can_record": resource.status == "published" and can(request.user, Action.RECORD),
    }
    return render(request, "replications/resource_replications.html", context)


def _own_commune(request: HttpRequest) -> str:
    if not has_role(request.user, "municipal"):
        return ""
    orgs = directory_selectors.organizations_with_commune(ids=[organization_id(request.user) or 0])
    return orgs[0].commune.code if orgs and orgs[0].commune_id else ""


@anonymous_page(*NAMESPACES, "diagnosis", "territory")
@require_GET
def like_mine(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.VIEW_PEERS)
    code = request.GET.get("municipio", "").strip()[:32] or _own_commune(request)
    found = None
    if code:
        found = experience_module.experience(commune_code=code)
        if found is None:
            messages.error(request, _("No encontramos ese municipio: elíjalo de la lista."))
    regions = {r.code: r.name for r in territory_selectors.region_list()}
    context = {
        "code": code,
        "found": found,
        "communes": territory_selectors.chile_commune_facts(),
        "regions": regions,
        "typologies": dict(territory_selectors.Typology.choices),
        "own": _own_commune(request) == code and bool(code),
        # Programmes, assistance and resources for its own weakest dimensions (registry next steps).
        "next_steps": experience_module.own_next_steps(commune_code=code) if found is not None else [],
        "can_record": can(request.user, Action.RECORD),
    }
    return render(request, "replications/like_mine.html", context, status=404 if code and found is None else 200)


@require_GET
def open_data_file(request: HttpRequest) -> HttpResponseBase:
    """Open data: every replication and its results (no contact data), served from the file the
    task queue builds (hublocal/exports); 503 with Retry-After until the first build."""
    require(request, can, Action.VIEW_REPLICATIONS)
    state = exports_selectors.dataset_state(open_data.KEY)
    stored = state.file("csv") if state.built else None
    response = file_response(request, stored) if stored is not None else None
    if response is None:  # not built yet, or its file is gone: built by the task queue
        exports_services.dataset_request(open_data.KEY)
        response = preparing_response(request)
    response["Access-Control-Allow-Origin"] = "*"  # open data: any site may fetch it
    return response
