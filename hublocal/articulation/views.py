"""Articulation pages: round tables (public record, member-only material) with the commitment
forms of staff and coordinators, and the public policy-influence pages."""

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
from hublocal.core.web import add_service_errors, posted, require

from . import selectors, services
from .forms import CommitmentForm, CommitmentStatusForm
from .models import MinutesStatus
from .permissions import Action, can


def _table(slug: str) -> Any:
    table = selectors.table_get(slug=slug)
    if table is None:
        raise Http404
    return table


def _area(request: HttpRequest) -> str:
    area = request.GET.get("area", "")
    return area if area in Area.values else ""


@require_GET
def table_list(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.VIEW_TABLE)
    area = _area(request)
    tables = [(t, selectors.record_of(t)) for t in selectors.table_list(area=area)]
    return render(request, "articulation/table_list.html", {"tables": tables, "area": area, "areas": Area.choices})


def _table_page(request: HttpRequest, table: Any, status: int = 200) -> HttpResponse:
    member_view = can(request.user, Action.VIEW_MEMBER_CONTENT, table)
    meetings = selectors.meetings_of(table=table)
    for m in meetings:
        m.visible_documents = [d for d in m.documents.all() if member_view or not d.internal]
        m.show_minutes = bool(m.minutes) and (member_view or m.minutes_status == MinutesStatus.APPROVED)
    context = {
        "table": table,
        "record": selectors.record_of(table),
        "members": list(table.members.all()),
        "meetings": meetings,
        "commitments": selectors.commitments_of(table=table),
        "member_view": member_view,
        "can_manage": can(request.user, Action.MANAGE_MEETINGS, table),
        "status_form": CommitmentStatusForm(),
    }
    return render(request, "articulation/table_detail.html", context, status=status)


@require_GET
def table_detail(request: HttpRequest, slug: str) -> HttpResponse:
    table = _table(slug)
    require(request, can, Action.VIEW_TABLE, table)
    return _table_page(request, table)


@require_http_methods(["GET", "POST"])
def commitment_create(request: HttpRequest, slug: str) -> HttpResponse:
    table = _table(slug)
    require(request, can, Action.MANAGE_MEETINGS, table)
    members = list(table.members.all())
    meetings = selectors.meetings_of(table=table)
    form = CommitmentForm(posted(request), members=members, meetings=meetings)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.commitment_create(
                actor=request.user,
                table=table,
                what=d["what"],
                owner=next((m for m in members if m.pk == d["owner"]), None),
                due_on=d["due_on"],
                meeting=next((m for m in meetings if m.pk == d["meeting"]), None),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Compromiso registrado."))
            return redirect(reverse("articulation:table_detail", kwargs={"slug": table.slug}) + "#compromisos")
    return render(
        request,
        "articulation/commitment_form.html",
        {"form": form, "table": table},
        status=400 if form.errors else 200,
    )


@require_POST
def commitment_status(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = selectors.commitment_get(pk=pk)
    if commitment is None:
        raise Http404
    require(request, can, Action.MANAGE_MEETINGS, selectors.table_get_by_pk(pk=commitment.table_id))
    form = CommitmentStatusForm(request.POST)
    raw = request.POST.get("row_version", "")
    try:
        if not form.is_valid():
            raise ValidationError(_("Elija cumplido, desistido o pendiente; el motivo tiene hasta 500 caracteres."))
        services.commitment_set_status(
            actor=request.user,
            commitment=commitment,
            status=form.cleaned_data["status"],
            reason=form.cleaned_data["reason"],
            expected_version=int(raw) if raw.isdigit() else None,
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return _table_page(request, _table(commitment.table.slug), status=409 if isinstance(exc, StaleVersion) else 400)
    return redirect(reverse("articulation:table_detail", kwargs={"slug": commitment.table.slug}) + f"#compromiso-{pk}")


@require_GET
def document_file(request: HttpRequest, pk: int) -> HttpResponse:
    doc = selectors.document_get(pk=pk)
    if doc is None:
        raise Http404
    table = selectors.table_get_by_pk(pk=doc.meeting.table_id)
    require(request, can, Action.VIEW_TABLE, table)
    if doc.internal and not can(request.user, Action.VIEW_MEMBER_CONTENT, table):
        raise Http404
    return FileResponse(doc.file.open("rb"), as_attachment=True, filename=doc.file_name)


@require_GET
def policy_list(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.LIST_POLICY)
    area = _area(request)
    items = list(selectors.policy_list(viewer_is_staff=is_hub_staff(request.user), area=area))
    return render(request, "articulation/policy_list.html", {"items": items, "area": area, "areas": Area.choices})


@require_GET
def policy_detail(request: HttpRequest, slug: str) -> HttpResponse:
    item = selectors.policy_get(slug=slug)
    if item is None or not can(request.user, Action.VIEW_POLICY, item):
        raise Http404
    return render(request, "articulation/policy_detail.html", {"item": item})
