"""Group project pages (issue 13, item 4): a cohort's projects, forming groups, the project page
with its stages, prototype versions and mentor feedback, and the forms of each step. Views
parse, check permissions (permissions.can_project) and call one service or selector."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hublocal.core.areas import Area
from hublocal.core.locking import StaleVersion, add_version_field, form_conflict, form_version
from hublocal.core.web import add_service_errors, posted, require

from . import selectors, services
from .forms import ConvertForm, FeedbackForm, GroupForm, PresentationForm, ProjectForm, PrototypeForm
from .models import ProjectStage
from .permissions import Action, ProjectAction, can, can_project

MAX_UPLOAD = 21 * 1024 * 1024


def flag(code: str) -> str:
    """The flag emoji of an ISO country code (shown beside the code, never alone)."""
    code = (code or "").upper()
    if len(code) != 2 or not code.isalpha():
        return ""
    return "".join(chr(0x1F1E6 + ord(c) - ord("A")) for c in code)


def _members(project: Any) -> list[dict[str, str]]:
    return [
        {
            "name": m.application.full_name,
            "country": m.application.country_code,
            "flag": flag(m.application.country_code),
            "organization": m.application.organization.name if m.application.organization else "",
        }
        for m in project.group.members.all()
    ]


def _project_or_404(request: HttpRequest, pk: int, action: ProjectAction = ProjectAction.VIEW_PROJECT) -> Any:
    project = selectors.project_get(pk=pk)
    if project is None:
        raise Http404
    if not can_project(request.user, ProjectAction.VIEW_PROJECT, project):
        if not request.user.is_authenticated:
            require(request, can_project, ProjectAction.VIEW_PROJECT, project)
        raise Http404  # a project the person may not read: its existence is private
    require(request, can_project, action, project)
    return project


def _file(form: Any) -> tuple[str, bytes]:
    upload = form.cleaned_data.get("file")
    if not upload:
        return "", b""
    return upload.name, upload.read(MAX_UPLOAD)


@require_GET
def cohort_projects(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = selectors.cohort_get(pk=pk)
    if cohort is None or not can(request.user, Action.VIEW_PROGRAMME, cohort):
        raise Http404
    require(request, can_project, ProjectAction.VIEW_PROJECTS, cohort)
    projects = selectors.cohort_projects(cohort=cohort, viewer=request.user)
    context = {
        "cohort": cohort,
        "rows": [(p, _members(p)) for p in projects],
        "can_manage": can_project(request.user, ProjectAction.MANAGE_GROUPS, cohort),
        "stages": ProjectStage,
    }
    return render(request, "training/projects/cohort_projects.html", context)


@require_http_methods(["GET", "POST"])
def group_create(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = selectors.cohort_get(pk=pk)
    if cohort is None:
        raise Http404
    require(request, can_project, ProjectAction.MANAGE_GROUPS, cohort)
    free = selectors.ungrouped_applications(cohort=cohort)
    mentors = selectors.mentor_choices(cohort=cohort, viewer=request.user)
    form = GroupForm(posted(request))
    form.fields["members"].choices = [
        (str(a.pk), f"{a.full_name} ({a.country_code})" if a.country_code else a.full_name) for a in free
    ]
    form.fields["mentor"].choices = [("", _("Sin mentoría por ahora"))] + [
        (str(u.pk), u.get_full_name() or u.get_username()) for u in mentors
    ]
    if request.method == "POST" and form.is_valid():
        by_id = {str(a.pk): a for a in free}
        mentor = {str(u.pk): u for u in mentors}.get(form.cleaned_data["mentor"] or "")
        try:
            group = services.group_create(
                actor=request.user,
                cohort=cohort,
                name=form.cleaned_data["name"],
                applications=[by_id[i] for i in form.cleaned_data["members"]],
                mentor=mentor,
                title=form.cleaned_data["title"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Grupo «%(g)s» formado.") % {"g": group.name})
            return redirect("training:cohort_projects", pk=cohort.pk)
    context = {"cohort": cohort, "form": form}
    return render(request, "training/projects/group_form.html", context, status=400 if form.errors else 200)


def _detail_context(request: HttpRequest, project: Any, **extra: Any) -> dict[str, Any]:
    user = request.user
    versions = list(project.versions.all())
    feedback_form = extra.pop("feedback_form", None) or FeedbackForm()
    feedback_form.fields["version"].choices = [("", _("La etapa actual"))] + [
        (v.number, _("Versión %(n)d del prototipo") % {"n": v.number}) for v in versions
    ]
    convert_form = extra.pop("convert_form", None) or ConvertForm()
    convert_form.fields["area"].choices = [("", "—"), *Area.choices]
    order = [s.value for s in ProjectStage]
    current = order.index(project.stage)
    context = {
        "project": project,
        "cohort": project.group.cohort,
        "members": _members(project),
        "stages": [(s.value, s.label, i < current, i == current) for i, s in enumerate(ProjectStage)],
        "next_stage": ProjectStage(order[current + 1]) if current + 1 < len(order) else None,
        "versions": versions,
        "feedback": list(project.feedback.all()),
        "history": list(project.stage_changes.all()),
        "links": selectors.linked_objects(project=project),
        "can_edit": can_project(user, ProjectAction.EDIT_PROJECT, project),
        "can_comment": can_project(user, ProjectAction.COMMENT_PROJECT, project),
        "can_present": can_project(user, ProjectAction.RECORD_PRESENTATION, project),
        "can_convert": can_project(user, ProjectAction.CONVERT_PROJECT, project),
        "can_publish": can_project(user, ProjectAction.PUBLISH_PROJECT, project),
        "feedback_form": feedback_form,
        "convert_form": convert_form,
    }
    context.update(extra)
    return context


@require_GET
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project_or_404(request, pk)
    return render(request, "training/projects/detail.html", _detail_context(request, project))


def _refuse(request: HttpRequest, project: Any, exc: ValidationError, **forms: Any) -> HttpResponse:
    """A refused button on the project page: the page again with the reason, answered 400."""
    for message in exc.messages:
        messages.error(request, message)
    project = selectors.project_get(pk=project.pk)
    response = render(request, "training/projects/detail.html", _detail_context(request, project, **forms))
    response.status_code = 409 if isinstance(exc, StaleVersion) else 400
    return response


@require_http_methods(["GET", "POST"])
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project_or_404(request, pk, ProjectAction.EDIT_PROJECT)
    saved = {f: getattr(project, f) for f in services.PROJECT_TEXT_FIELDS}
    form = ProjectForm(posted(request), initial=saved)
    add_version_field(form, project.row_version)
    extra: dict[str, Any] = {}
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "row_version"}
        try:
            services.project_update(actor=request.user, project=project, data=data, expected_version=form_version(form))
        except StaleVersion as exc:
            extra = form_conflict(form, exc, {f: getattr(exc.current, f) for f in services.PROJECT_TEXT_FIELDS})
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Proyecto guardado."))
            return redirect("training:project_detail", pk=project.pk)
    context = {"project": project, "form": form, **extra}
    status = 409 if extra else 400 if form.errors else 200
    return render(request, "training/projects/edit.html", context, status=status)


@require_POST
def project_advance(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project_or_404(request, pk, ProjectAction.EDIT_PROJECT)
    raw = request.POST.get("row_version", "")
    try:
        project = services.project_advance(
            actor=request.user,
            project=project,
            stage=request.POST.get("stage", ""),
            expected_version=int(raw) if raw.isdigit() else None,
        )
    except ValidationError as exc:
        return _refuse(request, project, exc)
    messages.success(request, _("El proyecto pasó a la etapa «%(s)s».") % {"s": project.get_stage_display()})
    return redirect("training:project_detail", pk=project.pk)


@require_http_methods(["GET", "POST"])
def prototype_submit(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project_or_404(request, pk, ProjectAction.EDIT_PROJECT)
    form = PrototypeForm(posted(request), request.FILES or None, initial={"text": project.prototype})
    if request.method == "POST" and form.is_valid():
        name, data = _file(form)
        try:
            version = services.prototype_submit(
                actor=request.user, project=project, text=form.cleaned_data["text"], file_name=name, data=data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Prototipo enviado (versión %(n)d).") % {"n": version.number})
            return redirect("training:project_detail", pk=project.pk)
    context = {"project": project, "form": form}
    return render(request, "training/projects/prototype_form.html", context, status=400 if form.errors else 200)


@require_POST
def feedback_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project_or_404(request, pk, ProjectAction.COMMENT_PROJECT)
    form = FeedbackForm(request.POST)
    form.fields["version"].choices = [("", "")] + [(v.number, v.number) for v in project.versions.all()]
    if not form.is_valid():
        return _refuse(request, project, ValidationError(_("Revise el comentario.")), feedback_form=form)
    number = form.cleaned_data["version"]
    version = next((v for v in project.versions.all() if v.number == number), None)
    try:
        services.feedback_add(actor=request.user, project=project, body=form.cleaned_data["body"], version=version)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return _refuse(request, project, exc, feedback_form=form)
    messages.success(request, _("Comentario enviado al grupo."))
    return redirect("training:project_detail", pk=project.pk)


@require_http_methods(["GET", "POST"])
def presentation_record(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project_or_404(request, pk, ProjectAction.RECORD_PRESENTATION)
    initial = {"presented_on": project.presented_on, "url": project.presentation_url}
    form = PresentationForm(posted(request), request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        name, data = _file(form)
        try:
            services.presentation_record(
                actor=request.user,
                project=project,
                presented_on=form.cleaned_data["presented_on"],
                url=form.cleaned_data["url"],
                file_name=name,
                data=data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Presentación final registrada."))
            return redirect("training:project_detail", pk=project.pk)
    context = {"project": project, "form": form}
    return render(request, "training/projects/presentation_form.html", context, status=400 if form.errors else 200)


@require_POST
def project_convert(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project_or_404(request, pk, ProjectAction.CONVERT_PROJECT)
    form = ConvertForm(request.POST)
    form.fields["area"].choices = [("", "—"), *Area.choices]
    if not form.is_valid():
        return _refuse(request, project, ValidationError(_("Elija en qué convertir el proyecto.")), convert_form=form)
    try:
        services.project_convert(
            actor=request.user, project=project, target=form.cleaned_data["target"], area=form.cleaned_data["area"]
        )
    except ValidationError as exc:
        return _refuse(request, project, exc, convert_form=form)
    messages.success(request, _("Proyecto convertido; el borrador quedó enlazado en esta página."))
    return redirect("training:project_detail", pk=project.pk)


@require_POST
def project_publish(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project_or_404(request, pk, ProjectAction.PUBLISH_PROJECT)
    public = request.POST.get("public") == "1"
    try:
        services.project_set_public(actor=request.user, project=project, public=public)
    except ValidationError as exc:
        return _refuse(request, project, exc)
    messages.success(request, _("Proyecto publicado.") if public else _("Proyecto oculto al público."))
    return redirect("training:project_detail", pk=project.pk)
