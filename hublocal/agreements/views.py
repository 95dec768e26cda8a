"""Agreement pages: the public register (/convenios/) with its filters and open-data downloads,
an agreement's page, and the hub's forms to record, amend, terminate and move an agreement
through signature; a party's members report their obligations done. An agreement a person may
not see is reported as missing (404)."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hublocal.core.csvexport import csv_response
from hublocal.core.locking import StaleVersion
from hublocal.core.permissions import organization_id
from hublocal.core.uploads import CONTENT_TYPES
from hublocal.core.web import add_service_errors, paginate, posted, require
from hublocal.directory import selectors as directory_selectors

from . import open_data, selectors, services
from .forms import AgreementForm, AmendForm, CompleteForm, DocumentForm, LinkForm, TerminateForm
from .models import AgreementKind, AgreementStatus
from .permissions import Action, can, sees_withheld

PAGE_SIZE = 25


def _visible(request: HttpRequest, pk: int) -> Any:
    obj = selectors.agreement_get(pk=pk)
    if obj is None or not can(request.user, Action.VIEW, obj):
        raise Http404
    return obj


def _version(request: HttpRequest) -> int | None:
    raw = request.POST.get("row_version", "")
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 12 else None


def _int(value: str, maximum: int = 2**31 - 1) -> int | None:
    # A malformed or out-of-range filter is ignored on the page (the API answers 400 instead).
    return int(value) if value.isascii() and value.isdigit() and len(value) < 10 and int(value) <= maximum else None


@require_GET
def register(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.LIST)
    kind = request.GET.get("kind", "")
    status = request.GET.get("status", "")
    kind = kind if kind in AgreementKind.values else ""
    status = status if status in AgreementStatus.values else ""
    party = _int(request.GET.get("party", ""))
    year = _int(request.GET.get("year", ""), maximum=2100)
    qs = selectors.agreement_list(user=request.user, kind=kind, status=status, party=party, year=year)
    context = {
        "page_obj": paginate(request, qs, PAGE_SIZE),
        "params": {"kind": kind, "status": status, "party": party or "", "year": year or ""},
        "kinds": AgreementKind.choices,
        "statuses": AgreementStatus.choices,
        "parties": selectors.party_organizations_in_register(),
        "can_manage": can(request.user, Action.MANAGE),
    }
    return render(request, "agreements/register.html", context)


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = _visible(request, pk)
    return render(request, "agreements/detail.html", _detail_context(request, agreement))


def _detail_context(
    request: HttpRequest, agreement: Any, *, document_form: Any = None, link_form: Any = None
) -> dict[str, Any]:
    own = organization_id(request.user) if request.user.is_authenticated else None
    obligations = list(agreement.obligations.all())
    can_manage = can(request.user, Action.MANAGE, agreement)
    can_documents = can(request.user, Action.MANAGE_DOCUMENTS, agreement)
    if can_documents and document_form is None:
        document_form = DocumentForm(documents=[(d.pk, d.title) for d in agreement.documents.all()])
    if can_manage and link_form is None:
        link_form = LinkForm(options=services.link_options(user=request.user))
    return {
        "agreement": agreement,
        "shown": selectors.shown_terms(agreement, user=request.user),
        "withheld": selectors.withheld_reasons(agreement),
        "sees_withheld": sees_withheld(request.user, agreement),
        "obligations": obligations,
        "own_obligations": [o for o in obligations if own is not None and o.party.organization_id == own],
        "links": selectors.links_for_page(agreement),
        "documents": selectors.document_rows(agreement, user=request.user),
        "amendments": selectors.amendment_rows(agreement, user=request.user),
        "can_manage": can_manage,
        "can_documents": can_documents,
        "document_form": document_form,
        "link_form": link_form,
        "is_closed": agreement.status in services.CLOSED,
        "complete_form": CompleteForm(),
        "terminate_form": TerminateForm(initial={"row_version": agreement.row_version}),
    }


def _organizations() -> list[tuple[int, str]]:
    return list(directory_selectors.organization_list().order_by("name").values_list("pk", "name"))


@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.MANAGE)
    form = AgreementForm(posted(request), organizations=_organizations())
    if request.method == "POST" and form.is_valid():
        try:
            agreement = services.agreement_create(actor=request.user, **form.service_kwargs())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Convenio registrado."))
            return redirect("agreements:detail", pk=agreement.pk)
    return render(request, "agreements/form.html", {"form": form}, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def amend(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = _visible(request, pk)
    require(request, can, Action.MANAGE, agreement)
    initial = {f: getattr(agreement, f) for f in services.AMENDABLE} | {"row_version": agreement.row_version}
    form = AmendForm(posted(request), initial=initial)
    status = 200
    is_closed = agreement.status in services.CLOSED
    if is_closed:
        # The page says why (amend.html); a post changes nothing and is answered 400.
        status = 400 if request.method == "POST" else 200
    elif request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        changes = {f: d.get(f) for f in services.AMENDABLE}
        changes["currency"] = changes["currency"] or ""
        try:
            services.agreement_amend(
                actor=request.user,
                agreement=agreement,
                changes=changes,
                reason=d["reason"],
                expected_version=d.get("row_version"),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            status = 409 if isinstance(exc, StaleVersion) else 400
        else:
            messages.success(request, _("Modificación registrada: el convenio tiene una nueva versión."))
            return redirect("agreements:detail", pk=agreement.pk)
    if form.errors and status == 200:
        status = 400
    context = {"form": form, "agreement": agreement, "is_closed": is_closed}
    return render(request, "agreements/amend.html", context, status=status)


def _refuse(request: HttpRequest, agreement: Any, exc: ValidationError) -> HttpResponse:
    for message in exc.messages:
        messages.error(request, message)
    response = render(request, "agreements/detail.html", _detail_context(request, agreement))
    response.status_code = 409 if isinstance(exc, StaleVersion) else 400
    return response


@require_POST
def terminate(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = _visible(request, pk)
    require(request, can, Action.MANAGE, agreement)
    try:
        services.agreement_terminate(
            actor=request.user,
            agreement=agreement,
            reason=request.POST.get("reason", ""),
            expected_version=_version(request),
        )
    except ValidationError as exc:
        return _refuse(request, agreement, exc)
    messages.success(request, _("Convenio terminado."))
    return redirect("agreements:detail", pk=pk)


@require_POST
def transition(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = _visible(request, pk)
    require(request, can, Action.MANAGE, agreement)
    try:
        services.agreement_transition(
            actor=request.user,
            agreement=agreement,
            action=request.POST.get("action", ""),
            expected_version=_version(request),
        )
    except ValidationError as exc:
        return _refuse(request, agreement, exc)
    messages.success(request, _("Estado del convenio actualizado."))
    return redirect("agreements:detail", pk=pk)


@require_POST
def obligation_complete(request: HttpRequest, pk: int) -> HttpResponse:
    obligation = selectors.obligation_get(pk=pk)
    if obligation is None:
        raise Http404
    agreement = _visible(request, obligation.agreement_id)
    require(request, can, Action.COMPLETE_OBLIGATION, obligation)
    try:
        services.obligation_complete(
            actor=request.user,
            obligation=obligation,
            evidence=request.POST.get("evidence", ""),
            expected_version=_version(request),
        )
    except ValidationError as exc:
        return _refuse(request, agreement, exc)
    messages.success(request, _("Obligación informada como cumplida."))
    return redirect("agreements:detail", pk=agreement.pk)


@require_GET
def download(request: HttpRequest, fmt: str) -> HttpResponse | StreamingHttpResponse:
    """The public register as open data (CSV or JSON): public agreements, never a withheld value."""
    require(request, can, Action.LIST)
    if fmt == "csv":
        response: HttpResponse | StreamingHttpResponse = csv_response(open_data.csv_rows(), "convenios.csv")
    elif fmt == "json":
        response = HttpResponse(
            json.dumps(selectors.register_rows(), ensure_ascii=False), content_type="application/json; charset=utf-8"
        )
        response["Content-Disposition"] = 'attachment; filename="convenios.json"'
    else:
        raise Http404
    response["Access-Control-Allow-Origin"] = "*"  # open data: any site may fetch it
    return response


@require_POST
def document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = _visible(request, pk)
    require(request, can, Action.MANAGE_DOCUMENTS, agreement)
    documents = {d.pk: d for d in agreement.documents.all()}
    form = DocumentForm(request.POST, request.FILES, documents=[(d.pk, d.title) for d in documents.values()])
    status = 400
    if form.is_valid():
        d = form.cleaned_data
        upload = d["file"]
        document_id = _int(d.get("document") or "")
        try:
            services.document_upload(
                actor=request.user,
                agreement=agreement,
                name=upload.name,
                data=upload.read(),
                document=documents.get(document_id) if document_id else None,
                kind=d.get("kind") or "",
                title=d.get("title") or "",
                is_public_version=d.get("is_public_version", False),
                note=d.get("note") or "",
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Documento subido: las versiones anteriores siguen disponibles."))
            return redirect(reverse("agreements:detail", kwargs={"pk": pk}) + "#documentos")
    messages.error(request, _("El documento no se subió: revise los errores del formulario."))
    response = render(request, "agreements/detail.html", _detail_context(request, agreement, document_form=form))
    response.status_code = status
    return response


@require_GET
def version_download(request: HttpRequest, pk: int) -> FileResponse:
    version = selectors.version_get(pk=pk)
    if version is None or not can(request.user, Action.DOWNLOAD_VERSION, version):
        # A version a person may not read is reported as missing, like a hidden agreement.
        raise Http404
    name = version.file_name
    if not name.lower().endswith("." + version.file_fmt):
        name = f"{name}.{version.file_fmt}"
    response = FileResponse(version.file.open("rb"), as_attachment=True, filename=name)
    response["Content-Type"] = CONTENT_TYPES.get(version.file_fmt, "application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
def link_add(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = _visible(request, pk)
    require(request, can, Action.MANAGE, agreement)
    form = LinkForm(request.POST, options=services.link_options(user=request.user))
    if form.is_valid():
        kind, object_id = form.parsed()
        try:
            services.link_create(actor=request.user, agreement=agreement, kind=kind, object_id=object_id)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Vínculo agregado."))
            return redirect(reverse("agreements:detail", kwargs={"pk": pk}) + "#vinculos")
    messages.error(request, _("El vínculo no se agregó: revise el formulario."))
    response = render(request, "agreements/detail.html", _detail_context(request, agreement, link_form=form))
    response.status_code = 400
    return response


@require_POST
def link_remove(request: HttpRequest, pk: int, link_pk: int) -> HttpResponse:
    agreement = _visible(request, pk)
    require(request, can, Action.MANAGE, agreement)
    try:
        services.link_remove(actor=request.user, agreement=agreement, link_id=link_pk)
    except ValidationError as exc:
        return _refuse(request, agreement, exc)
    messages.success(request, _("Vínculo quitado."))
    return redirect(reverse("agreements:detail", kwargs={"pk": pk}) + "#vinculos")
