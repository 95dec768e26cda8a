"""Articulation pages: round tables (public record, member-only material) with the commitment
forms of staff and coordinators, and the public policy-influence pages."""

from __future__ import annotations

import zoneinfo
from datetime import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hublocal.core.areas import Area
from hublocal.core.locking import StaleVersion, add_version_field, edited_values, form_conflict, form_version
from hublocal.core.permissions import is_hub_staff
from hublocal.core.web import add_service_errors, posted, require

from . import selectors, services
from .forms import (
    ActivityForm,
    CommitmentForm,
    CommitmentStatusForm,
    DocumentForm,
    EvidenceForm,
    MeetingForm,
    MemberAddForm,
    MemberRoleForm,
    PolicyForm,
    TableForm,
)
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
    context = {
        "tables": tables,
        "area": area,
        "areas": Area.choices,
        "can_create": can(request.user, Action.MANAGE_TABLE),
    }
    return render(request, "articulation/table_list.html", context)


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
        "can_manage_table": can(request.user, Action.MANAGE_TABLE, table),
        "status_form": CommitmentStatusForm(),
        "agreements": selectors.table_agreements(table, user=request.user),
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
    context = {
        "items": items,
        "area": area,
        "areas": Area.choices,
        "can_manage": can(request.user, Action.MANAGE_POLICY),
    }
    return render(request, "articulation/policy_list.html", context)


@require_GET
def policy_detail(request: HttpRequest, slug: str) -> HttpResponse:
    item = selectors.policy_get(slug=slug)
    if item is None or not can(request.user, Action.VIEW_POLICY, item):
        raise Http404
    can_manage = can(request.user, Action.MANAGE_POLICY, item)
    return render(request, "articulation/policy_detail.html", {"item": item, "can_manage": can_manage})


# --- Staff and coordinator pages: thin over services; errors beside fields, nothing saved on error


def _form_page(
    request: HttpRequest, template: str, context: dict[str, Any], form: Any, status: int | None = None
) -> HttpResponse:
    context = {"form": form} | context
    code = status or (409 if context.get("conflict") is not None else 400 if form.errors else 200)
    return render(request, template, context, status=code)


def _table_url(table: Any, anchor: str = "") -> str:
    return reverse("articulation:table_detail", kwargs={"slug": table.slug}) + anchor


TABLE_FIELDS = ("theme", "area", "description", "status")


@require_http_methods(["GET", "POST"])
def table_create(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.MANAGE_TABLE)
    form = TableForm(posted(request))
    if form.is_valid():
        try:
            table = services.table_create(actor=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Mesa creada. Agregue ahora sus integrantes."))
            return redirect("articulation:table_members", slug=table.slug)
    return _form_page(request, "articulation/table_form.html", {"table": None}, form)


@require_http_methods(["GET", "POST"])
def table_edit(request: HttpRequest, slug: str) -> HttpResponse:
    table = _table(slug)
    require(request, can, Action.MANAGE_TABLE, table)
    form = TableForm(posted(request), initial={f: getattr(table, f) for f in TABLE_FIELDS})
    add_version_field(form, table.row_version)
    context: dict[str, Any] = {"table": table}
    if form.is_valid():
        try:
            services.table_update(
                actor=request.user, table=table, data=edited_values(form), expected_version=form_version(form)
            )
        except StaleVersion as exc:
            context |= form_conflict(form, exc, {f: getattr(exc.current, f) for f in TABLE_FIELDS})
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Cambios guardados."))
            return redirect(_table_url(table))
    return _form_page(request, "articulation/table_form.html", context, form)


def _members_page(request: HttpRequest, table: Any, form: Any, status: int | None = None) -> HttpResponse:
    members = list(table.members.all())
    context = {"table": table, "members": members, "role_form": MemberRoleForm()}
    return _form_page(request, "articulation/table_members.html", context, form, status)


@require_http_methods(["GET", "POST"])
def table_members(request: HttpRequest, slug: str) -> HttpResponse:
    """The table's members with their roles, and the form to add one."""
    table = _table(slug)
    require(request, can, Action.MANAGE_TABLE, table)
    organizations = selectors.organizations_not_in(table=table)
    form = MemberAddForm(posted(request), organizations=organizations)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.member_add(
                actor=request.user,
                table=table,
                organization=next((o for o in organizations if o.pk == d["organization"]), None),
                role=d["role"],
                country=d["country"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Integrante agregado."))
            return redirect("articulation:table_members", slug=table.slug)
    return _members_page(request, table, form)


def _member(pk: int) -> Any:
    member = selectors.member_get_by_pk(pk=pk)
    if member is None:
        raise Http404
    return member


@require_POST
def member_update(request: HttpRequest, pk: int) -> HttpResponse:
    member = _member(pk)
    require(request, can, Action.MANAGE_TABLE, member.table)
    form = MemberRoleForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Elija un rol de la lista e indique el país con dos letras."))
        services.member_update(
            actor=request.user, member=member, role=form.cleaned_data["role"], country=form.cleaned_data["country"]
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        table = _table(member.table.slug)
        return _members_page(
            request, table, MemberAddForm(organizations=selectors.organizations_not_in(table=table)), 400
        )
    messages.success(request, _("Rol actualizado."))
    return redirect("articulation:table_members", slug=member.table.slug)


@require_POST
def member_remove(request: HttpRequest, pk: int) -> HttpResponse:
    member = _member(pk)
    require(request, can, Action.MANAGE_TABLE, member.table)
    try:
        services.member_remove(actor=request.user, member=member)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        table = _table(member.table.slug)
        return _members_page(
            request, table, MemberAddForm(organizations=selectors.organizations_not_in(table=table)), 400
        )
    messages.success(request, _("Integrante quitado de la mesa."))
    return redirect("articulation:table_members", slug=member.table.slug)


def _uploaded(form: Any) -> tuple[str, bytes]:
    f = form.cleaned_data.get("file")
    return (f.name, f.read()) if f else ("", b"")


@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest, slug: str) -> HttpResponse:
    table = _table(slug)
    require(request, can, Action.MANAGE_MEETINGS, table)
    members = list(table.members.all())
    form = MeetingForm(posted(request), members=members, prefix=None)
    doc_form = DocumentForm(posted(request), request.FILES or None, prefix="doc")
    if request.method == "POST" and form.is_valid() and doc_form.is_valid():
        d = form.cleaned_data
        name, data = _uploaded(doc_form)
        documents = (
            [
                {
                    "title": doc_form.cleaned_data["title"],
                    "name": name,
                    "data": data,
                    "internal": doc_form.cleaned_data["internal"],
                }
            ]
            if name
            else []
        )
        try:
            services.meeting_create(
                actor=request.user,
                table=table,
                starts_at=datetime.combine(d["day"], d["hour"]),
                time_zone=d["time_zone"],
                agenda=d["agenda"],
                place=d["place"],
                link=d["link"],
                minutes=d["minutes"],
                minutes_status=d["minutes_status"],
                present=d["present"],
                documents=documents,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            if hasattr(exc, "error_dict") and "documents" in exc.error_dict:
                doc_form.add_error("file", exc.message_dict["documents"])
        else:
            messages.success(request, _("Reunión registrada."))
            return redirect(_table_url(table, "#reuniones"))
    status = 400 if (form.errors or doc_form.errors) else 200
    return render(
        request,
        "articulation/meeting_form.html",
        {"form": form, "doc_form": doc_form, "table": table, "meeting": None},
        status=status,
    )


def _meeting(pk: int) -> Any:
    meeting = selectors.meeting_get_for_edit(pk=pk)
    if meeting is None:
        raise Http404
    return meeting


def _meeting_initial(m: Any) -> dict[str, Any]:
    local = timezone.localtime(m.starts_at, zoneinfo.ZoneInfo(m.time_zone))
    return {
        "day": local.date(),
        "hour": local.time().replace(second=0, microsecond=0),
        "time_zone": m.time_zone,
        "place": m.place,
        "link": m.link,
        "agenda": m.agenda,
        "present": [a.member_id for a in m.attendance.all()],
        "minutes": m.minutes,
        "minutes_status": m.minutes_status,
    }


@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a meeting: attendance, minutes (draft or approved) and its details."""
    meeting = _meeting(pk)
    table = meeting.table
    require(request, can, Action.MANAGE_MEETINGS, table)
    form = MeetingForm(posted(request), members=list(table.members.all()), initial=_meeting_initial(meeting))
    add_version_field(form, meeting.row_version)
    context: dict[str, Any] = {"table": table, "meeting": meeting}
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.meeting_update(
                actor=request.user,
                meeting=meeting,
                starts_at=datetime.combine(d["day"], d["hour"]),
                time_zone=d["time_zone"],
                agenda=d["agenda"],
                place=d["place"],
                link=d["link"],
                minutes=d["minutes"],
                minutes_status=d["minutes_status"],
                present=d["present"],
                expected_version=form_version(form),
            )
        except StaleVersion as exc:
            saved = _meeting(pk)
            context |= form_conflict(form, exc, _meeting_initial(saved))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Reunión guardada."))
            return redirect(_table_url(table, "#reuniones"))
    return _form_page(request, "articulation/meeting_form.html", context, form)


@require_http_methods(["GET", "POST"])
def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(pk)
    table = meeting.table
    require(request, can, Action.MANAGE_MEETINGS, table)
    form = DocumentForm(posted(request), request.FILES or None)
    if form.is_valid():
        name, data = _uploaded(form)
        try:
            services.document_add(
                actor=request.user,
                meeting=meeting,
                title=form.cleaned_data["title"],
                name=name,
                data=data,
                internal=form.cleaned_data["internal"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Documento subido."))
            return redirect(_table_url(table, "#reuniones"))
    return _form_page(request, "articulation/document_form.html", {"table": table, "meeting": meeting}, form)


# --- Policy items (staff) -----------------------------------------------------------------------

POLICY_FIELDS = ("kind", "boletin", "title", "area", "summary", "position", "outcome", "outcome_note", "published")


def _policy(request: HttpRequest, slug: str) -> Any:
    item = selectors.policy_get(slug=slug)
    # A draft is missing for whoever may not see it, as on its page.
    if item is None or not can(request.user, Action.VIEW_POLICY, item):
        raise Http404
    return item


@require_http_methods(["GET", "POST"])
def policy_create(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.MANAGE_POLICY)
    form = PolicyForm(posted(request))
    if form.is_valid():
        try:
            item = services.policy_create(actor=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Incidencia registrada."))
            return redirect("articulation:policy_detail", slug=item.slug)
    return _form_page(request, "articulation/policy_form.html", {"item": None}, form)


@require_http_methods(["GET", "POST"])
def policy_edit(request: HttpRequest, slug: str) -> HttpResponse:
    item = _policy(request, slug)
    require(request, can, Action.MANAGE_POLICY, item)
    form = PolicyForm(posted(request), initial={f: getattr(item, f) for f in POLICY_FIELDS})
    add_version_field(form, item.row_version)
    context: dict[str, Any] = {"item": item}
    if form.is_valid():
        try:
            services.policy_update(
                actor=request.user, item=item, data=edited_values(form), expected_version=form_version(form)
            )
        except StaleVersion as exc:
            context |= form_conflict(form, exc, {f: getattr(exc.current, f) for f in POLICY_FIELDS})
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Cambios guardados."))
            return redirect("articulation:policy_detail", slug=item.slug)
    return _form_page(request, "articulation/policy_form.html", context, form)


@require_http_methods(["GET", "POST"])
def evidence_add(request: HttpRequest, slug: str) -> HttpResponse:
    item = _policy(request, slug)
    require(request, can, Action.MANAGE_POLICY, item)
    form = EvidenceForm(posted(request))
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.evidence_add(
                actor=request.user, item=item, kind=d["kind"], ref_id=d["ref_id"], dimension=d["dimension"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Evidencia agregada."))
            return redirect(reverse("articulation:policy_detail", kwargs={"slug": item.slug}) + "#evidencia")
    return _form_page(request, "articulation/policy_part_form.html", {"item": item, "part": "evidence"}, form)


@require_http_methods(["GET", "POST"])
def activity_add(request: HttpRequest, slug: str) -> HttpResponse:
    item = _policy(request, slug)
    require(request, can, Action.MANAGE_POLICY, item)
    form = ActivityForm(posted(request))
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.activity_add(
                actor=request.user,
                item=item,
                kind=d["kind"],
                happened_on=d["happened_on"],
                description=d["description"],
                link=d["link"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Actividad registrada."))
            return redirect(reverse("articulation:policy_detail", kwargs={"slug": item.slug}) + "#actividades")
    return _form_page(request, "articulation/policy_part_form.html", {"item": item, "part": "activity"}, form)
