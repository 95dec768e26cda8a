"""Collaborative-project pages: the public list, a project with its progress timeline, and the
partners' and staff's forms to add milestones, report their progress and record results."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from hublocal.core.locking import StaleVersion, add_version_field, edited_values, form_conflict, form_version
from hublocal.core.page_cache import anonymous_page
from hublocal.core.web import add_service_errors, posted, require
from hublocal.directory import selectors as directory_selectors

from . import selectors, services
from .forms import MilestoneAddForm, MilestoneUpdateForm, ProjectForm, ResultForm
from .permissions import Action, can


def _project_or_404(slug: str) -> Any:
    project = selectors.project_get(slug=slug)
    if project is None:
        raise Http404
    return project


@anonymous_page("projects")
@require_GET
def project_list(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.VIEW)
    projects = list(selectors.project_list())
    for p in projects:
        p.progress = selectors.list_progress(p)
    context = {"projects": projects, "can_create": can(request.user, Action.CREATE)}
    return render(request, "projects/project_list.html", context)


@anonymous_page("projects", "directory", "library", "agreements")
@require_GET
def project_detail(request: HttpRequest, slug: str) -> HttpResponse:
    project = _project_or_404(slug)
    require(request, can, Action.VIEW, project)
    milestones = list(project.milestones.all())
    timeline = selectors.timeline(project=project)
    context = {
        "project": project,
        "progress": selectors.progress_of(milestones),
        "timeline": timeline,
        "timeline_height": max(len(timeline), 1) * selectors.ROW_HEIGHT + 8,
        "today_offset": selectors.today_offset(project=project),
        "can_edit": can(request.user, Action.EDIT, project),
        "can_manage": can(request.user, Action.MANAGE, project),
        "agreements": selectors.funding_agreements(project, user=request.user),
    }
    return render(request, "projects/project_detail.html", context)


def _milestone_values(m: Any) -> dict[str, Any]:
    return {"progress": m.progress, "starts_on": m.starts_on, "due_on": m.due_on, "weight": m.weight}


@require_http_methods(["GET", "POST"])
def milestone_edit(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = selectors.milestone_get(pk=pk)
    if milestone is None:
        raise Http404
    project = milestone.project
    require(request, can, Action.EDIT, project)
    form = MilestoneUpdateForm(posted(request), initial=_milestone_values(milestone))
    add_version_field(form, milestone.row_version)
    context: dict[str, Any] = {"project": project, "milestone": milestone, "form": form}
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.milestone_update(
                actor=request.user,
                milestone=milestone,
                progress=d["progress"],
                starts_on=d["starts_on"],
                due_on=d["due_on"],
                weight=d["weight"],
                expected_version=form_version(form),
            )
        except StaleVersion as exc:
            context |= form_conflict(form, exc, _milestone_values(exc.current))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Hito actualizado: el avance del proyecto se recalculó."))
            return redirect("projects:project_detail", slug=project.slug)
    status = 409 if "conflict" in context else 400 if form.errors else 200
    return render(request, "projects/milestone_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def milestone_add(request: HttpRequest, slug: str) -> HttpResponse:
    project = _project_or_404(slug)
    require(request, can, Action.EDIT, project)
    form = MilestoneAddForm(posted(request), initial={"weight": 1, "progress": 0})
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.milestone_add(actor=request.user, project=project, **d)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Hito agregado."))
            return redirect("projects:project_detail", slug=project.slug)
    context = {"project": project, "form": form, "adding": True}
    return render(request, "projects/milestone_form.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def result_add(request: HttpRequest, slug: str) -> HttpResponse:
    project = _project_or_404(slug)
    require(request, can, Action.EDIT, project)
    form = ResultForm(posted(request), request.FILES or None)
    if form.is_valid():
        d = form.cleaned_data
        upload = d.get("file")
        try:
            services.result_add(
                actor=request.user,
                project=project,
                title=d["title"],
                evidence=d["evidence"],
                link=d["link"],
                file_name=upload.name if upload else "",
                data=upload.read() if upload else b"",
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Resultado registrado."))
            return redirect("projects:project_detail", slug=project.slug)
    return render(
        request, "projects/result_form.html", {"project": project, "form": form}, status=400 if form.errors else 200
    )


@require_GET
def result_file(request: HttpRequest, pk: int) -> HttpResponse:
    result = selectors.result_get(pk=pk)
    if result is None or not result.file:
        raise Http404
    require(request, can, Action.VIEW, result.project)
    response = FileResponse(result.file.open("rb"), as_attachment=True, filename=result.file_name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _organizations() -> list[tuple[int, str]]:
    return list(directory_selectors.organization_list().order_by("name").values_list("pk", "name"))


def _form_page(request: HttpRequest, context: dict[str, Any], form: Any) -> HttpResponse:
    code = 409 if context.get("conflict") is not None else 400 if form.errors else 200
    return render(request, "projects/project_form.html", {"form": form} | context, status=code)


@require_http_methods(["GET", "POST"])
def project_create(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.CREATE)
    organizations = _organizations()
    form = ProjectForm(posted(request), organizations=organizations, initial={"status": "planned"})
    if form.is_valid():
        rows = form.partner_rows()
        if not form.errors:
            found = {o.pk: o for o in directory_selectors.organizations_with_commune(ids=[pk for pk, _r in rows])}
            try:
                project = services.project_create(
                    actor=request.user,
                    partners=[(found[pk], role) for pk, role in rows if pk in found],
                    **form.terms(),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Proyecto registrado. Agregue ahora sus hitos."))
                return redirect("projects:project_detail", slug=project.slug)
    return _form_page(request, {"project": None}, form)


@require_http_methods(["GET", "POST"])
def project_edit(request: HttpRequest, slug: str) -> HttpResponse:
    project = _project_or_404(slug)
    require(request, can, Action.MANAGE, project)
    initial = {f: getattr(project, f) for f in services.PROJECT_FIELDS}
    form = ProjectForm(posted(request), initial=initial)
    add_version_field(form, project.row_version)
    context: dict[str, Any] = {"project": project}
    if form.is_valid():
        try:
            services.project_update(
                actor=request.user, project=project, data=edited_values(form), expected_version=form_version(form)
            )
        except StaleVersion as exc:
            context |= form_conflict(form, exc, {f: getattr(exc.current, f) for f in services.PROJECT_FIELDS})
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Cambios guardados."))
            return redirect("projects:project_detail", slug=project.slug)
    return _form_page(request, context, form)
