"""Training pages: the public catalogue of programmes with their open cohorts, the application,
"Mis cursos" (what each participant still lacks), the session code, the hub team's selection
pages, and the instructor's cohorts, roster and phone-friendly attendance sheet."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hublocal.core.page_cache import anonymous_page
from hublocal.core.web import add_service_errors, paginate, posted, require

from . import selectors, services
from .forms import ApplicationFilterForm, ApplyForm, CheckInForm, DecideForm, ImportConfirmForm, ImportForm
from .models import SEATED, ApplicationStatus, AttendanceStatus, CohortStatus
from .permissions import Action, can

ROSTER_PAGE = 50
SHEET_PAGE = 60


def _cohort_or_404(request: HttpRequest, pk: int) -> Any:
    cohort = selectors.cohort_get(pk=pk)
    if cohort is None or not can(request.user, Action.VIEW_PROGRAMME, cohort):
        raise Http404
    return cohort


def _application_or_404(request: HttpRequest, pk: int, action: Action) -> Any:
    application = selectors.application_get(pk=pk)
    if application is None:
        raise Http404
    if request.user.is_authenticated and not can(request.user, Action.VIEW_APPLICATION, application):
        raise Http404  # someone else's application: its existence is private
    require(request, can, action, application)
    return application


def _session_or_404(pk: int) -> Any:
    session = selectors.session_get(pk=pk)
    if session is None:
        raise Http404
    return session


# --------------------------------------------------------------------------- public


@anonymous_page("training")
@require_GET
def programme_list(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.VIEW_PROGRAMME)
    context = {"programmes": list(selectors.public_programmes()), "cohorts": list(selectors.public_cohorts()[:20])}
    return render(request, "training/programme_list.html", context)


@anonymous_page("training", "directory")
@require_GET
def programme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    programme = selectors.programme_get(slug=slug)
    if programme is None or not can(request.user, Action.VIEW_PROGRAMME, programme):
        raise Http404
    cohorts = selectors.programme_cohorts(programme=programme)
    for c in cohorts:
        c.mine = selectors.application_of(user=request.user, cohort=c) if c.status == CohortStatus.OPEN else None
    context = {
        "programme": programme,
        "modules": selectors.programme_modules(programme=programme),
        "cohorts": cohorts,
    }
    return render(request, "training/programme_detail.html", context)


# --------------------------------------------------------------------------- participants


@require_http_methods(["GET", "POST"])
def cohort_apply(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = _cohort_or_404(request, pk)
    require(request, can, Action.APPLY, cohort)
    existing = selectors.application_of(user=request.user, cohort=cohort)
    problems = services.eligibility_problems(user=request.user, cohort=cohort)
    form = ApplyForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_apply(
                actor=request.user, cohort=cohort, motivation=form.cleaned_data["motivation"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if application.status == "waitlisted":
                messages.info(
                    request,
                    _(
                        "Los cupos están completos: quedó en el lugar %(n)d de la lista de espera. "
                        "Le avisaremos si se libera uno."
                    )
                    % {"n": application.waitlist_position},
                )
            else:
                messages.success(request, _("Postulación enviada. El equipo del Hub le avisará su resultado."))
            return redirect("training:my_courses")
    context = {"cohort": cohort, "form": form, "problems": problems, "existing": existing}
    return render(request, "training/apply.html", context, status=400 if form.errors else 200)


@require_GET
def my_courses(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.VIEW_MY_COURSES)
    courses = selectors.my_courses(user=request.user)
    country = services.applicant_place(request.user)[2]
    for course in courses:
        course.times = [(s, selectors.local_times(s, country)) for s in course.next_sessions]
    # Evaluation: the participant's open surveys, at the top of the page.
    surveys = selectors.pending_surveys(user=request.user)
    # --- Group projects: each course's project of this person, if they are in a group.
    projects = selectors.projects_of_user(user=request.user)
    for course in courses:
        course.project = projects.get(course.application.cohort_id)
    return render(request, "training/my_courses.html", {"courses": courses, "seated": SEATED, "surveys": surveys})


@require_POST
def application_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application_or_404(request, pk, Action.CONFIRM)
    try:
        services.application_confirm(actor=request.user, application=application)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return render(request, "training/message.html", {"title": _("No se pudo confirmar")}, status=400)
    messages.success(request, _("Participación confirmada. ¡Nos vemos en la primera sesión!"))
    return redirect("training:my_courses")


@require_POST
def application_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application_or_404(request, pk, Action.WITHDRAW)
    try:
        services.application_withdraw(actor=request.user, application=application)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return render(request, "training/message.html", {"title": _("No se pudo retirar")}, status=400)
    messages.success(request, _("Se retiró de la cohorte. Su cupo pasa a la siguiente persona en espera."))
    return redirect("training:my_courses")


@require_http_methods(["GET", "POST"])
def session_checkin(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session_or_404(pk)
    require(request, can, Action.APPLY, session.cohort)  # signed in; the service checks the seat
    form = CheckInForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_check_in(actor=request.user, session=session, code=form.cleaned_data["code"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Asistencia registrada. ¡Bienvenida/o a la sesión!"))
            return redirect("training:my_courses")
    country = services.applicant_place(request.user)[2]
    context = {"session": session, "form": form, "times": selectors.local_times(session, country)}
    return render(request, "training/checkin.html", context, status=400 if form.errors else 200)


# --------------------------------------------------------------------------- hub team


@require_GET
def manage(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.MANAGE_COHORT)
    return render(request, "training/manage.html", {"cohorts": selectors.staff_cohorts()})


@require_GET
def cohort_manage(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, can, Action.MANAGE_COHORT)
    cohort = selectors.cohort_get(pk=pk)
    if cohort is None:
        raise Http404
    filters = ApplicationFilterForm(request.GET)
    params = filters.cleaned_data if filters.is_valid() else {}
    params = {
        k: (params.get(k) or "").strip().upper() if k == "country" else (params.get(k) or "")
        for k in ("status", "country", "q")
    }
    counts = selectors.status_counts(cohort=cohort)
    context = {
        "cohort": cohort,
        "filters": filters,
        "page_obj": paginate(request, selectors.cohort_applications(cohort=cohort, **params), 50),
        "counts": [(label, n) for code, label in ApplicationStatus.choices if (n := counts.get(code))],
        "seated": selectors.seats_taken(cohort=cohort),
        "waitlist": selectors.waitlist(cohort=cohort)[:50],
        "decide_form": DecideForm(),
        "can_issue": can(request.user, Action.ISSUE_CERTIFICATES, cohort),
    }
    return render(request, "training/cohort_manage.html", context)


@require_POST
def application_decide(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, can, Action.DECIDE)
    application = selectors.application_get(pk=pk)
    if application is None:
        raise Http404
    form = DecideForm(request.POST)
    if form.is_valid():
        try:
            services.application_decide(
                actor=request.user,
                application=application,
                accept=form.cleaned_data["decision"] == "accept",
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Decisión registrada y comunicada a %(n)s.") % {"n": application.full_name})
            return redirect("training:cohort_manage", pk=application.cohort_id)
    return render(
        request, "training/message.html", {"title": _("No se pudo registrar la decisión"), "form": form}, status=400
    )


@require_POST
def issue_certificates(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, can, Action.ISSUE_CERTIFICATES)
    cohort = selectors.cohort_get(pk=pk)
    if cohort is None:
        raise Http404
    issued = services.certificates_issue_for_cohort(actor=request.user, cohort=cohort)
    messages.success(request, _("Certificados emitidos ahora: %(n)d.") % {"n": issued})
    return redirect("training:cohort_manage", pk=cohort.pk)


# --------------------------------------------------------------------------- instructors


@require_GET
def teaching(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.TEACH)
    return render(request, "training/teaching.html", {"cohorts": selectors.instructor_cohorts(user=request.user)})


@require_GET
def roster(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = selectors.cohort_get(pk=pk)
    if cohort is None:
        raise Http404
    require(request, can, Action.VIEW_ROSTER, cohort)
    page = paginate(request, selectors.roster_source(cohort=cohort), ROSTER_PAGE)
    context = {
        "cohort": cohort,
        "page_obj": page,
        "progress": selectors.roster_progress(applications=list(page.object_list), cohort=cohort),
        "sessions": selectors.cohort_sessions(cohort=cohort),
        "can_manage": can(request.user, Action.MANAGE_COHORT, cohort),
    }
    return render(request, "training/roster.html", context)


class _SheetForm(forms.Form):
    """One radio group per participant on the page: present / absent / excused."""

    def __init__(self, data: Any, applications: list[Any], marks: dict[int, str]) -> None:
        super().__init__(data)
        for a in applications:
            self.fields[f"a{a.pk}"] = forms.ChoiceField(
                label=a.full_name,
                choices=AttendanceStatus.choices,
                widget=forms.RadioSelect,
                initial=marks.get(a.pk),
                required=False,
            )


@require_http_methods(["GET", "POST"])
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session_or_404(pk)
    require(request, can, Action.MARK_ATTENDANCE, session)
    page = paginate(request, selectors.roster_source(cohort=session.cohort), SHEET_PAGE)
    applications = list(page.object_list)
    marks = selectors.attendance_sheet(session=session, applications=applications)
    form = _SheetForm(posted(request), applications, marks)
    if request.method == "POST" and form.is_valid():
        chosen = {a.pk: form.cleaned_data[f"a{a.pk}"] for a in applications if form.cleaned_data.get(f"a{a.pk}")}
        try:
            written = services.attendance_mark(actor=request.user, session=session, marks=chosen)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Asistencia guardada (%(n)d cambios).") % {"n": written})
            return redirect(f"{reverse('training:attendance', kwargs={'pk': session.pk})}?page={page.number}")
    rows = [(a, form[f"a{a.pk}"]) for a in applications]
    context = {
        "session": session,
        "page_obj": page,
        "rows": rows,
        "form": form,
        "times": selectors.local_times(session),
        "checkin_open": services.checkin_window(session),
    }
    return render(request, "training/attendance.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def attendance_import(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session_or_404(pk)
    require(request, can, Action.MARK_ATTENDANCE, session)
    report = None
    confirm_form = None
    form = ImportForm()
    status = 200
    if request.method == "POST" and "content" in request.POST:
        # Second step: write what the preview showed (checked again, all or nothing).
        confirm_form = ImportConfirmForm(request.POST)
        if confirm_form.is_valid():
            try:
                report = services.attendance_import(
                    actor=request.user,
                    session=session,
                    content=confirm_form.cleaned_data["content"],
                    min_minutes=confirm_form.cleaned_data["min_minutes"],
                )
            except ValidationError as exc:
                add_service_errors(confirm_form, exc)
                status = 400
            else:
                messages.success(
                    request,
                    _("Asistencia importada: %(m)d participantes; %(u)d filas sin correspondencia.")
                    % {"m": len(report.matched), "u": len(report.unmatched)},
                )
                return redirect("training:attendance", pk=session.pk)
        else:
            status = 400
    elif request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            raw = form.cleaned_data["file"].read(services.MAX_CSV_BYTES + 1)
            report = services.attendance_import_check(
                session=session, content=raw, min_minutes=form.cleaned_data["min_minutes"]
            )
            if report.ok:
                text = (
                    raw.decode("utf-8-sig", errors="replace")
                    if not raw.startswith(b"\xff\xfe")
                    else raw.decode("utf-16")
                )
                confirm_form = ImportConfirmForm(
                    initial={"content": text, "min_minutes": form.cleaned_data["min_minutes"]}
                )
            else:
                status = 400
        else:
            status = 400
    context = {"session": session, "form": form, "report": report, "confirm_form": confirm_form}
    return render(request, "training/attendance_import.html", context, status=status)
