"""Privacy pages: the public notice, each person's "Mis datos" (downloads, requests, consent),
and the hub's requests queue, record of processing activities and breach register."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hublocal.core.csvexport import csv_response
from hublocal.core.web import add_service_errors, paginate, posted, require

from . import selectors, services
from .forms import AnswerForm, BreachForm, ExtendForm, RequestForm
from .models import RequestKind, RequestStatus, breach_notify_hours, request_days
from .permissions import Action, can

CONTROLLER = "Hub Nacional de Gobierno Local · Asociación de Municipalidades de Chile (AMUCH)"
CONTACT_EMAIL = "privacidad@hublocal.cl"


@require_GET
def notice(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.VIEW_NOTICE)
    context = {
        "activities": selectors.processing_activities(),
        "controller": CONTROLLER,
        "contact_email": CONTACT_EMAIL,
        "request_days": request_days(),
        "kinds": RequestKind.choices,
    }
    return render(request, "privacy/notice.html", context)


@require_GET
def processing_record(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.VIEW_RECORD)
    if request.GET.get("format") == "csv":
        stamp = timezone.localdate().isoformat()
        return csv_response(selectors.processing_record_rows(), f"registro-tratamientos-{stamp}.csv")
    header, *rows = selectors.processing_record_rows()
    # Each cell with its column's name: the stacked table shows it beside the value on phones.
    cells = [list(zip(header, r, strict=True)) for r in rows]
    return render(request, "privacy/record.html", {"header": header, "rows": cells})


# ----------------------------------------------------------------------------- my data


def _person_pk(user: Any) -> int | None:
    try:
        return user.person.pk
    except (AttributeError, ObjectDoesNotExist):
        return None


@require_GET
def my_data(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.VIEW_OWN_DATA)
    groups = selectors.personal_data_for(request.user)
    context = {
        "groups": groups,
        "person_pk": _person_pk(request.user),
        "consents": selectors.consents_for(user=request.user),
        "requests": list(selectors.requests_of(user=request.user)[:50]),
        "restricted": selectors.is_restricted(request.user),
        "request_days": request_days(),
    }
    return render(request, "privacy/my_data.html", context)


@require_GET
def my_data_download(request: HttpRequest, fmt: str) -> HttpResponse:
    require(request, can, Action.VIEW_OWN_DATA)
    if fmt not in ("json", "zip"):
        raise Http404
    filename, content_type, body = services.data_export(user=request.user, fmt=fmt)
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Personal data: never kept by a shared cache or the browser's back-forward cache.
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
def request_create(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.MAKE_REQUEST)
    form = RequestForm(posted(request), initial={"kind": request.GET.get("tipo", "")})
    if request.method == "POST" and form.is_valid():
        try:
            created = services.request_create(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if created.status == RequestStatus.ANSWERED:
                messages.success(request, _("Solicitud registrada y respondida: descargue el ZIP en esta página."))
            else:
                messages.success(
                    request,
                    _("Solicitud n.º %(n)s registrada. Le responderemos a más tardar el %(d)s.")
                    % {"n": created.pk, "d": created.due_on.strftime("%d-%m-%Y")},
                )
            return redirect("privacy:my_data")
    return render(request, "privacy/request_form.html", {"form": form}, status=400 if form.errors else 200)


@require_GET
def my_request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, can, Action.VIEW_OWN_DATA)
    found = selectors.request_of(user=request.user, pk=pk)
    if found is None:
        raise Http404
    return render(request, "privacy/my_request.html", {"req": found})


@require_POST
def consent_change(request: HttpRequest, purpose: str, action: str) -> HttpResponse:
    require(request, can, Action.MANAGE_OWN_CONSENT)
    if action not in ("dar", "retirar"):
        raise Http404
    try:
        if action == "dar":
            services.consent_give(user=request.user, purpose=purpose)
            messages.success(request, _("Consentimiento otorgado. Puede retirarlo cuando quiera desde esta página."))
        else:
            services.consent_withdraw(user=request.user, purpose=purpose)
            messages.success(request, _("Consentimiento retirado. Tiene efecto de inmediato."))
    except ValidationError:
        raise Http404 from None
    return redirect("privacy:my_data")


# ----------------------------------------------------------------------------- staff queue


@require_GET
def request_queue(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.VIEW_QUEUE)
    status = request.GET.get("estado", "")
    if status not in RequestStatus.values:
        status = ""
    page = paginate(request, selectors.request_queue(status=status), 50)
    today = timezone.localdate()
    rows = [{"req": r, "overdue": r.is_overdue(today)} for r in page]
    context = {"page_obj": page, "rows": rows, "status": status, "statuses": RequestStatus.choices}
    return render(request, "privacy/queue.html", context)


def _staff_detail(request: HttpRequest, found: Any, **forms: Any) -> dict[str, Any]:
    groups = selectors.personal_data_for(found.user) if found.user_id else []
    return {
        "req": found,
        "summary": selectors.data_summary(groups),
        "restricted": selectors.is_restricted(found.user) if found.user_id else False,
        "overdue": found.is_overdue(),
        "can_decide": can(request.user, Action.DECIDE_REQUEST),
        "extend_form": forms.get("extend_form") or ExtendForm(),
        "answer_form": forms.get("answer_form") or AnswerForm(),
    }


def _get_request(pk: int) -> Any:
    found = selectors.request_get(pk=pk)
    if found is None:
        raise Http404
    return found


@require_GET
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, can, Action.VIEW_QUEUE)
    return render(request, "privacy/request_detail.html", _staff_detail(request, _get_request(pk)))


@require_POST
def request_start(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, can, Action.DECIDE_REQUEST)
    found = _get_request(pk)
    try:
        services.request_start(actor=request.user, request=found)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return render(request, "privacy/request_detail.html", _staff_detail(request, found), status=400)
    messages.success(request, _("Solicitud en curso."))
    return redirect("privacy:request_detail", pk=found.pk)


@require_POST
def request_extend(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, can, Action.DECIDE_REQUEST)
    found = _get_request(pk)
    form = ExtendForm(request.POST)
    if form.is_valid():
        try:
            updated = services.request_extend(actor=request.user, request=found, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            # The form may be hidden (the request is closed or already extended): say it on top.
            messages.error(request, " ".join(exc.messages))
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Plazo prorrogado hasta el %(d)s.") % {"d": updated.due_on.strftime("%d-%m-%Y")}
            )
            return redirect("privacy:request_detail", pk=found.pk)
    context = _staff_detail(request, found, extend_form=form)
    return render(request, "privacy/request_detail.html", context, status=400)


@require_POST
def request_answer(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, can, Action.DECIDE_REQUEST)
    found = _get_request(pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.request_answer(
                actor=request.user,
                request=found,
                approve=form.cleaned_data["decision"] == "approve",
                answer=form.cleaned_data["answer"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Respuesta registrada y enviada a la persona."))
            return redirect("privacy:request_detail", pk=found.pk)
    context = _staff_detail(request, found, answer_form=form)
    return render(request, "privacy/request_detail.html", context, status=400)


# ----------------------------------------------------------------------------- breaches


@require_GET
def breach_list(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.VIEW_BREACHES)
    page = paginate(request, selectors.breach_list(), 50)
    now = timezone.now()
    rows = [{"breach": b, "overdue": b.is_notification_overdue(now)} for b in page]
    context = {
        "page_obj": page,
        "rows": rows,
        "hours": breach_notify_hours(),
        "can_manage": can(request.user, Action.MANAGE_BREACHES),
    }
    return render(request, "privacy/breach_list.html", context)


@require_http_methods(["GET", "POST"])
def breach_create(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.MANAGE_BREACHES)
    form = BreachForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.breach_create(actor=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Brecha registrada."))
            return redirect("privacy:breach_list")
    context = {"form": form, "breach": None, "hours": breach_notify_hours()}
    return render(request, "privacy/breach_form.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def breach_edit(request: HttpRequest, pk: int) -> HttpResponse:
    breach = selectors.breach_get(pk=pk)
    if breach is None:
        raise Http404
    require(request, can, Action.VIEW_BREACHES)
    can_manage = can(request.user, Action.MANAGE_BREACHES)
    if request.method == "POST":
        require(request, can, Action.MANAGE_BREACHES)
    initial = {f: getattr(breach, f) for f in services.BREACH_FIELDS}
    for name in ("detected_at", "authority_notified_at", "people_notified_at"):
        if initial[name] is not None:
            initial[name] = timezone.localtime(initial[name])
    form = BreachForm(posted(request), initial=initial)
    if not can_manage:
        for field in form.fields.values():
            field.disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            services.breach_update(actor=request.user, breach=breach, data=form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Brecha actualizada."))
            return redirect("privacy:breach_list")
    context = {
        "form": form,
        "breach": breach,
        "hours": breach_notify_hours(),
        "overdue": breach.is_notification_overdue(),
        "can_manage": can_manage,
    }
    return render(request, "privacy/breach_form.html", context, status=400 if form.errors else 200)
