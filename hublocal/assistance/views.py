"""Technical-assistance pages: the list of one's own requests and engagements, the request form
(prefilled from a diagnosis gap), staff triage and scoping, the engagement with its plan,
deliverables, history and rating, and the actions on them. Everything here is private: an
object the person may not see is reported as missing (404)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hublocal.core.areas import Area
from hublocal.core.locking import StaleVersion
from hublocal.core.permissions import is_hub_staff
from hublocal.core.web import add_service_errors, paginate, posted, require
from hublocal.library import selectors as library_selectors

from . import selectors, services
from .forms import DecisionForm, EngagementForm, RatingForm, RequestForm, ReviewForm, SubmitForm
from .models import EngagementStatus, RequestStatus
from .permissions import Action, can


def _visible_request(request: HttpRequest, pk: int) -> Any:
    obj = selectors.request_get(pk=pk)
    require(request, lambda u, a, o: u.is_authenticated, Action.VIEW_REQUEST)
    if obj is None or not can(request.user, Action.VIEW_REQUEST, obj):
        raise Http404
    return obj


def _visible_engagement(request: HttpRequest, pk: int) -> Any:
    obj = selectors.engagement_get(pk=pk)
    require(request, lambda u, a, o: u.is_authenticated, Action.VIEW_ENGAGEMENT)
    if obj is None or not can(request.user, Action.VIEW_ENGAGEMENT, obj):
        raise Http404
    return obj


def _version(request: HttpRequest) -> int | None:
    raw = request.POST.get("row_version", "")
    return int(raw) if raw.isdigit() else None


def _refuse(request: HttpRequest, exc: ValidationError, page: Any) -> HttpResponse:
    """A refused action button: the page it came from again, with the reason, answered 400
    (409 for a stale version). Not a redirect: a browser does not follow a 400's Location."""
    for message in exc.messages:
        messages.error(request, message)
    response = page()
    response.status_code = 409 if isinstance(exc, StaleVersion) else 400
    return response


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.LIST)
    status = request.GET.get("status", "")
    area = request.GET.get("area", "")
    status = status if status in EngagementStatus.values else ""
    area = area if area in Area.values else ""
    context = {
        "requests": list(selectors.requests_visible(user=request.user)[:50]),
        "page_obj": paginate(request, selectors.engagements_visible(user=request.user, status=status, area=area), 25),
        "params": {"status": status, "area": area},
        "statuses": EngagementStatus.choices,
        "areas": Area.choices,
        "is_staff": is_hub_staff(request.user),
        "can_request": can(request.user, Action.REQUEST),
    }
    return render(request, "assistance/index.html", context)


@require_http_methods(["GET", "POST"])
def request_create(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.REQUEST)
    initial = {}
    area = request.GET.get("area", "")
    if area in Area.values:
        initial["area"] = area
        dim = request.GET.get("dimension", "")
        if dim:
            initial["dimension"] = f"{area}:{dim}"
    form = RequestForm(posted(request), initial=initial)
    if form.is_valid():
        d = form.cleaned_data
        try:
            req = services.request_create(
                actor=request.user,
                title=d["title"],
                problem=d["problem"],
                area=d["area"],
                urgency=d["urgency"],
                dimension=d["dimension"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Solicitud enviada. El equipo del Hub la revisará y le avisará."))
            return redirect("assistance:request_detail", pk=req.pk)
    return render(request, "assistance/request_form.html", {"form": form}, status=400 if form.errors else 200)


@require_GET
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _request_page(request, _visible_request(request, pk))


def _request_page(request: HttpRequest, req: Any) -> HttpResponse:
    engagement = getattr(req, "engagement", None) if req.status == RequestStatus.SCOPED else None
    context = {
        "req": req,
        "engagement": engagement,
        "can_triage": can(request.user, Action.TRIAGE, req),
        "decision_form": DecisionForm(),
    }
    return render(request, "assistance/request_detail.html", context)


@require_POST
def request_decide(request: HttpRequest, pk: int) -> HttpResponse:
    req = _visible_request(request, pk)
    require(request, can, Action.TRIAGE, req)
    form = DecisionForm(request.POST)
    here = reverse("assistance:request_detail", kwargs={"pk": pk})

    def page() -> HttpResponse:
        return _request_page(request, selectors.request_get(pk=pk))

    if not form.is_valid():
        return _refuse(request, ValidationError(_("Elija aceptar o no aceptar.")), page)
    try:
        services.request_decide(
            actor=request.user,
            request=req,
            decision=form.cleaned_data["decision"],
            reason=form.cleaned_data["reason"],
            expected_version=_version(request),
        )
    except ValidationError as exc:
        return _refuse(request, exc, page)
    if form.cleaned_data["decision"] == "accept":
        messages.success(request, _("Solicitud aceptada: defina ahora la asistencia."))
        return redirect("assistance:engagement_create", pk=pk)
    messages.success(request, _("Solicitud no aceptada; el municipio recibió el motivo."))
    return redirect(here)


@require_http_methods(["GET", "POST"])
def engagement_create(request: HttpRequest, pk: int) -> HttpResponse:
    req = _visible_request(request, pk)
    require(request, can, Action.TRIAGE, req)
    form = EngagementForm(posted(request), initial={"title": req.title, "objective": req.problem})
    if req.status != RequestStatus.SCOPING:
        form.add_error(None, _("Solo una solicitud aceptada y en definición se convierte en asistencia."))
    elif form.is_valid():
        d = form.cleaned_data
        try:
            engagement = services.engagement_create(
                actor=request.user,
                request=req,
                title=d["title"],
                objective=d["objective"],
                hours=d["hours"],
                fee_clp=d["fee_clp"],
                team=list(d["team"]),
                plan=form.plan(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Asistencia acordada. El municipio y el equipo fueron avisados."))
            return redirect("assistance:engagement_detail", pk=engagement.pk)
    status = 400 if form.errors or (request.method == "POST" and req.status != RequestStatus.SCOPING) else 200
    return render(request, "assistance/engagement_form.html", {"req": req, "form": form}, status=status)


@require_GET
def engagement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _engagement_page(request, _visible_engagement(request, pk))


def _engagement_page(request: HttpRequest, engagement: Any) -> HttpResponse:
    detail = selectors.engagement_detail(engagement=engagement)
    user = request.user
    resource = None
    if engagement.library_resource_id:
        resource = library_selectors.resource_get(pk=engagement.library_resource_id)
    context = {
        "e": engagement,
        "detail": detail,
        "can_manage": can(user, Action.MANAGE, engagement),
        # Experts work on the engagement but do not read the municipality's original request.
        "can_view_request": can(user, Action.VIEW_REQUEST, engagement.request),
        "can_submit": can(user, Action.SUBMIT_DELIVERABLE, engagement)
        and engagement.status in (EngagementStatus.AGREED, EngagementStatus.IN_PROGRESS),
        "can_review": can(user, Action.REVIEW_DELIVERABLE, engagement),
        "can_rate": can(user, Action.RATE, engagement)
        and engagement.status in (EngagementStatus.DELIVERED, EngagementStatus.CLOSED)
        and detail.rating is None,
        "can_publish": can(user, Action.PUBLISH, engagement)
        and engagement.status == EngagementStatus.CLOSED
        and not engagement.library_resource_id,
        "resource": resource,
        "rating_rows": [(label, detail.rating.scores.get(key)) for key, label in services.RATING_CRITERIA.items()]
        if detail.rating
        else [],
        "review_form": ReviewForm(),
    }
    return render(request, "assistance/engagement_detail.html", context)


@require_POST
def engagement_transition(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _visible_engagement(request, pk)
    action = request.POST.get("action", "")
    here = reverse("assistance:engagement_detail", kwargs={"pk": pk})
    if not (
        can(request.user, Action.MANAGE, engagement)
        or (action == "start" and can(request.user, Action.SUBMIT_DELIVERABLE, engagement))
    ):
        require(request, can, Action.MANAGE, engagement)
    try:
        services.engagement_transition(
            actor=request.user, engagement=engagement, action=action, expected_version=_version(request)
        )
    except ValidationError as exc:
        return _refuse(request, exc, lambda: _engagement_page(request, selectors.engagement_get(pk=pk)))
    messages.success(request, _("Estado de la asistencia actualizado."))
    return redirect(here)


def _deliverable_or_404(request: HttpRequest, pk: int) -> Any:
    d = selectors.deliverable_get(pk=pk)
    if d is None:
        require(request, lambda u, a, o: u.is_authenticated, Action.VIEW_ENGAGEMENT)
        raise Http404
    d.engagement = _visible_engagement(request, d.engagement_id)
    return d


@require_http_methods(["GET", "POST"])
def deliverable_submit(request: HttpRequest, pk: int) -> HttpResponse:
    d = _deliverable_or_404(request, pk)
    require(request, can, Action.SUBMIT_DELIVERABLE, d.engagement)
    form = SubmitForm(posted(request), request.FILES if request.method == "POST" else None)
    if form.is_valid():
        upload = form.cleaned_data.get("file")
        try:
            services.deliverable_submit(
                actor=request.user,
                deliverable=d,
                text=form.cleaned_data["text"],
                file_name=upload.name if upload else "",
                data=upload.read() if upload else b"",
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Entregable enviado. El municipio fue avisado para revisarlo."))
            return redirect(
                reverse("assistance:engagement_detail", kwargs={"pk": d.engagement_id}) + f"#entregable-{d.pk}"
            )
    return render(
        request,
        "assistance/deliverable_form.html",
        {"d": d, "e": d.engagement, "form": form},
        status=400 if form.errors else 200,
    )


@require_POST
def deliverable_review(request: HttpRequest, pk: int) -> HttpResponse:
    d = _deliverable_or_404(request, pk)
    require(request, can, Action.REVIEW_DELIVERABLE, d.engagement)
    here = reverse("assistance:engagement_detail", kwargs={"pk": d.engagement_id}) + f"#entregable-{d.pk}"
    form = ReviewForm(request.POST)

    def page() -> HttpResponse:
        return _engagement_page(request, selectors.engagement_get(pk=d.engagement_id))

    if not form.is_valid():
        return _refuse(request, ValidationError(_("Elija aceptar o devolver con comentarios.")), page)
    try:
        services.deliverable_review(
            actor=request.user,
            deliverable=d,
            decision=form.cleaned_data["decision"],
            comment=form.cleaned_data["comment"],
            expected_version=_version(request),
        )
    except ValidationError as exc:
        errors = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
        if "comment" in errors:
            exc = ValidationError(_("Para devolver un entregable escriba sus comentarios (al menos 10 caracteres)."))
        return _refuse(request, exc, page)
    if form.cleaned_data["decision"] == "accepted":
        messages.success(request, _("Entregable aceptado. El equipo fue avisado."))
    else:
        messages.success(request, _("Entregable devuelto con sus comentarios. El equipo fue avisado."))
    return redirect(here)


@require_GET
def version_file(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.version_get(pk=pk)
    if version is None or not version.file:
        require(request, lambda u, a, o: u.is_authenticated, Action.VIEW_ENGAGEMENT)
        raise Http404
    _visible_engagement(request, version.deliverable.engagement_id)
    response = FileResponse(version.file.open("rb"), as_attachment=True, filename=version.file_name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_http_methods(["GET", "POST"])
def rating_create(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _visible_engagement(request, pk)
    require(request, can, Action.RATE, engagement)
    form = RatingForm(posted(request))
    if form.is_valid():
        try:
            services.rating_submit(
                actor=request.user, engagement=engagement, scores=form.scores(), comment=form.cleaned_data["comment"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Gracias: su calificación quedó registrada."))
            return redirect("assistance:engagement_detail", pk=pk)
    return render(
        request, "assistance/rating_form.html", {"e": engagement, "form": form}, status=400 if form.errors else 200
    )


@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _visible_engagement(request, pk)
    require(request, can, Action.PUBLISH, engagement)
    here = reverse("assistance:engagement_detail", kwargs={"pk": pk})
    try:
        services.publish_to_library(actor=request.user, engagement=engagement)
    except ValidationError as exc:
        return _refuse(request, exc, lambda: _engagement_page(request, selectors.engagement_get(pk=pk)))
    messages.success(request, _("Borrador creado en la biblioteca: complételo y envíelo a revisión editorial."))
    return redirect(here)
