"""Evaluation pages: a participant answers a survey (satisfaction with a module, or the
self-assessment at the start or the end), and the cohort report for the hub team and the
programme's instructors, as a page with charts and tables and as a tagged PDF."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hublocal.core.web import require

from . import report_export, selectors, services
from .models import SurveyKind
from .permissions import Action, can

# The self-assessment's two moments, as they read in the address.
MOMENTS = {"inicial": SurveyKind.PRE, "final": SurveyKind.POST}


def _own_application(request: HttpRequest, pk: int) -> Any:
    application = selectors.application_get(pk=pk)
    if application is None:
        raise Http404
    if request.user.is_authenticated and not can(request.user, Action.VIEW_APPLICATION, application):
        raise Http404  # someone else's application: its existence is private
    require(request, can, Action.ANSWER_SURVEY, application)
    return application


def _survey(request: HttpRequest, application: Any, kind: str, module: Any) -> HttpResponse:
    instrument = selectors.survey_instrument(kind=kind)
    values: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    problems: list[str] = []
    status = 200
    answered = selectors.survey_response_exists(application=application, kind=kind, module=module)
    if request.method == "POST":
        raw = {
            q.id: request.POST.getlist(f"q_{q.id}") if q.type == "multiple" else request.POST.get(f"q_{q.id}")
            for q in instrument.questions
        }
        values = {k: v for k, v in raw.items() if v not in (None, "", [])}
        try:
            services.survey_submit(actor=request.user, application=application, kind=kind, module=module, raw=raw)
        except ValidationError as exc:
            status = 400
            for key, msgs in exc.message_dict.items():
                if key == "__all__":
                    problems.extend(msgs)
                else:
                    errors[key] = msgs
            if errors and not problems:
                problems.append(_("Revise las preguntas marcadas: no se guardó nada."))
        else:
            messages.success(request, _("Gracias: su respuesta quedó registrada de forma anónima."))
            return redirect("training:my_courses")
    if module is not None:
        title = _("Encuesta de satisfacción: %(m)s") % {"m": module.title}
    elif kind == SurveyKind.PRE:
        title = _("Autoevaluación inicial de competencias")
    else:
        title = _("Autoevaluación final de competencias")
    context = {
        "application": application,
        "cohort": application.cohort,
        "instrument": instrument,
        "title": title,
        "questions": instrument.questions,
        "values": values,
        "errors": errors,
        "saved": {},
        "conflicts": {},
        "problems": problems,
        "answered": answered,
        "can_answer": not answered,
    }
    return render(request, "training/evaluation/survey.html", context, status=status)


@require_http_methods(["GET", "POST"])
def survey_module(request: HttpRequest, pk: int, module_pk: int) -> HttpResponse:
    application = _own_application(request, pk)
    module = selectors.module_get(pk=module_pk)
    if module is None or module.programme_id != application.cohort.programme_id:
        raise Http404
    return _survey(request, application, SurveyKind.SATISFACTION, module)


@require_http_methods(["GET", "POST"])
def survey_self_assessment(request: HttpRequest, pk: int, moment: str) -> HttpResponse:
    application = _own_application(request, pk)
    if moment not in MOMENTS:
        raise Http404
    return _survey(request, application, MOMENTS[moment], None)


def _report_cohort(request: HttpRequest, pk: int) -> Any:
    cohort = selectors.cohort_get(pk=pk)
    if cohort is None:
        raise Http404
    require(request, can, Action.VIEW_EVALUATION, cohort)
    return cohort


@require_GET
def cohort_report(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = _report_cohort(request, pk)
    return render(request, "training/evaluation/report.html", report_export.report_context(cohort))


@require_POST
def cohort_report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask for the report as a PDF: drawn by the task queue (report_export), fetched from
    "Mis exportaciones" when ready; a large cohort's PDF would hold a web worker for half a minute."""
    cohort = _report_cohort(request, pk)
    try:
        report_export.request_report_pdf(actor=request.user, cohort=cohort, language=get_language())
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("training:cohort_report", pk=cohort.pk)
    messages.info(
        request, _("El PDF del informe se está preparando en segundo plano. Descárguelo aquí cuando esté listo.")
    )
    return redirect("exports:job_list")
