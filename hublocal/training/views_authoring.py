"""Staff authoring pages under /formacion/gestion/: programmes (with their modules, publish and
archive), cohorts and sessions. Instructors of a programme may edit its sessions, not the rest.
Thin: parse the form → check permission → one service → render or redirect. A stale edit
answers 409 with the colleague's saved values, a refused one 400 with the reasons."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hublocal.core.locking import StaleVersion
from hublocal.core.web import add_service_errors, posted, require

from . import selectors, services
from .forms_authoring import (
    CohortForm,
    ModuleForm,
    ModuleMoveForm,
    ProgrammeForm,
    ProgrammeStatusForm,
    SessionForm,
)
from .permissions import Action, can

T = "training/authoring/"


def _programme_or_404(pk: int) -> Any:
    programme = selectors.authoring_programme_get(pk=pk)
    if programme is None:
        raise Http404
    return programme


def _stale(form: Any, exc: ValidationError) -> int:
    """Put a service's refusal on the form; on a stale version, also the saved version number
    so the next save is checked against what the person now sees. The status to answer."""
    add_service_errors(form, exc)
    if isinstance(exc, StaleVersion):
        data = form.data.copy()
        data["row_version"] = str(exc.current.row_version)
        form.data = data
        return 409
    return 400


# --------------------------------------------------------------------------- programmes


@require_GET
def programmes(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.AUTHOR)
    return render(request, T + "programmes.html", {"programmes": list(selectors.authoring_programmes())})


@require_http_methods(["GET", "POST"])
def programme_create(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.AUTHOR)
    form = ProgrammeForm(posted(request), initial={"min_attendance_pct": 75, "languages": ["es"]})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                programme = services.programme_author_create(actor=request.user, **form.service_values())
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Programa creado como borrador. Agregue sus módulos."))
                return redirect("training:author_programme", pk=programme.pk)
    return render(request, T + "programme_form.html", {"form": form, "programme": None}, status=status)


@require_http_methods(["GET", "POST"])
def programme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, can, Action.AUTHOR)
    programme = _programme_or_404(pk)
    form = ProgrammeForm(posted(request), initial=ProgrammeForm.initial_for(programme))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.programme_update(
                    actor=request.user,
                    programme=programme,
                    expected_version=form.cleaned_data["row_version"],
                    **form.service_values(),
                )
            except ValidationError as exc:
                status = _stale(form, exc)
            else:
                messages.success(request, _("Cambios guardados."))
                return redirect("training:author_programme", pk=programme.pk)
    context = {
        "form": form,
        "programme": programme,
        "modules": selectors.authoring_modules(programme=programme),
        "cohorts": selectors.authoring_cohorts(programme=programme),
        "module_form": ModuleForm(),
    }
    return render(request, T + "programme_form.html", context, status=status)


@require_POST
def programme_status(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, can, Action.AUTHOR)
    programme = _programme_or_404(pk)
    form = ProgrammeStatusForm(request.POST)
    if form.is_valid():
        try:
            services.programme_set_status(
                actor=request.user,
                programme=programme,
                status=form.cleaned_data["status"],
                expected_version=form.cleaned_data["row_version"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return _refused(request, programme, 409 if isinstance(exc, StaleVersion) else 400)
        messages.success(request, _("Estado del programa actualizado."))
        return redirect("training:author_programme", pk=programme.pk)
    messages.error(request, _("Cambio de estado no reconocido."))
    return _refused(request, programme, 400)


def _refused(request: HttpRequest, programme: Any, status: int) -> HttpResponse:
    """The programme page again with the messages, answered 4xx (a browser does not follow a
    400's Location)."""
    programme = _programme_or_404(programme.pk)
    context = {
        "form": ProgrammeForm(initial=ProgrammeForm.initial_for(programme)),
        "programme": programme,
        "modules": selectors.authoring_modules(programme=programme),
        "cohorts": selectors.authoring_cohorts(programme=programme),
        "module_form": ModuleForm(),
    }
    return render(request, T + "programme_form.html", context, status=status)


# --------------------------------------------------------------------------- modules


@require_http_methods(["GET", "POST"])
def module_create(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, can, Action.AUTHOR)
    programme = _programme_or_404(pk)
    form = ModuleForm(posted(request), initial={"mode": "virtual"})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.module_add(actor=request.user, programme=programme, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Módulo agregado."))
                return redirect("training:author_programme", pk=programme.pk)
    return render(
        request, T + "module_form.html", {"form": form, "programme": programme, "module": None}, status=status
    )


def _module_or_404(pk: int) -> Any:
    module = selectors.module_get(pk=pk)
    if module is None:
        raise Http404
    return module


@require_http_methods(["GET", "POST"])
def module_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, can, Action.AUTHOR)
    module = _module_or_404(pk)
    initial = {n: getattr(module, n) for n in ("title", "mode", "hours", "assignment_required")}
    form = ModuleForm(posted(request), initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.module_update(actor=request.user, module=module, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Módulo guardado."))
                return redirect("training:author_programme", pk=module.programme_id)
    context = {"form": form, "programme": module.programme, "module": module}
    return render(request, T + "module_form.html", context, status=status)


@require_POST
def module_move(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, can, Action.AUTHOR)
    module = _module_or_404(pk)
    form = ModuleMoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Indique si el módulo sube o baja."))
        return _refused(request, module.programme, 400)
    services.module_move(actor=request.user, module=module, up=form.cleaned_data["direction"] == "up")
    return redirect("training:author_programme", pk=module.programme_id)


@require_POST
def module_delete(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, can, Action.AUTHOR)
    module = _module_or_404(pk)
    try:
        services.module_delete(actor=request.user, module=module)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return _refused(request, module.programme, 400)
    messages.success(request, _("Módulo eliminado."))
    return redirect("training:author_programme", pk=module.programme_id)


# --------------------------------------------------------------------------- cohorts


@require_http_methods(["GET", "POST"])
def cohort_create(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, can, Action.AUTHOR)
    programme = _programme_or_404(pk)
    form = CohortForm(posted(request))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                cohort = services.cohort_author_create(actor=request.user, programme=programme, **form.service_values())
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Cohorte creada (en preparación). Agregue sus sesiones."))
                return redirect("training:author_cohort", pk=cohort.pk)
    context = {"form": form, "programme": programme, "cohort": None}
    return render(request, T + "cohort_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def cohort_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, can, Action.AUTHOR)
    cohort = selectors.cohort_get(pk=pk)
    if cohort is None:
        raise Http404
    form = CohortForm(posted(request), initial=CohortForm.initial_for(cohort))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.cohort_update(
                    actor=request.user,
                    cohort=cohort,
                    expected_version=form.cleaned_data["row_version"],
                    **form.service_values(),
                )
            except ValidationError as exc:
                status = _stale(form, exc)
            else:
                messages.success(request, _("Cohorte guardada."))
                return redirect("training:author_cohort", pk=cohort.pk)
    context = {
        "form": form,
        "programme": cohort.programme,
        "cohort": cohort,
        "sessions": selectors.cohort_sessions(cohort=cohort),
    }
    return render(request, T + "cohort_form.html", context, status=status)


# --------------------------------------------------------------------------- sessions


@require_http_methods(["GET", "POST"])
def session_create(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, can, Action.AUTHOR)
    cohort = selectors.cohort_get(pk=pk)
    if cohort is None:
        raise Http404
    form = SessionForm(posted(request), programme=cohort.programme)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                session = services.session_author_create(actor=request.user, cohort=cohort, **form.service_values())
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Sesión creada. Código de registro: %(c)s.") % {"c": session.checkin_code})
                return redirect("training:author_cohort", pk=cohort.pk)
    context = {"form": form, "cohort": cohort, "session": None}
    return render(request, T + "session_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_get(pk=pk)
    if session is None:
        raise Http404
    require(request, can, Action.EDIT_SESSION, session)
    form = SessionForm(posted(request), programme=session.cohort.programme, initial=SessionForm.initial_for(session))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.session_update(
                    actor=request.user,
                    session=session,
                    expected_version=form.cleaned_data["row_version"],
                    **form.service_values(),
                )
            except ValidationError as exc:
                status = _stale(form, exc)
            else:
                messages.success(request, _("Sesión guardada."))
                if can(request.user, Action.AUTHOR):
                    return redirect("training:author_cohort", pk=session.cohort_id)
                return redirect("training:teaching")
    context = {
        "form": form,
        "cohort": session.cohort,
        "session": session,
        "is_author": can(request.user, Action.AUTHOR),
    }
    return render(request, T + "session_form.html", context, status=status)
