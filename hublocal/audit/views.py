from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from hublocal.core import registry
from hublocal.core.csvexport import csv_response
from hublocal.core.personal_page import personal_page
from hublocal.core.web import paginate, require

from . import exports, selectors, services
from .forms import AuditFilterForm, filters_for_record
from .permissions import Action, can

PER_PAGE = 50


def _form(request: HttpRequest) -> AuditFilterForm:
    # Bound even without parameters, so an empty query string validates to "no filter".
    return AuditFilterForm(request.GET)


def _invalid(request: HttpRequest, form: AuditFilterForm) -> HttpResponse:
    """The page with the form's errors and no results: a bad date is the visitor's to fix (400)."""
    return render(request, "audit/log.html", {"form": form, "page_obj": None}, status=400)


@personal_page()
@require_http_methods(["GET"])
def log(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.VIEW_LOG)
    form = _form(request)
    if not form.is_valid():
        return _invalid(request, form)
    page = paginate(request, selectors.audit_event_list(**form.filters()), PER_PAGE)
    rows = [(event, registry.audit_action_label(event.action)) for event in page]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "audit/log.html", {"form": form, "page_obj": page, "rows": rows, "export_query": query.urlencode()}
    )


@require_http_methods(["GET"])
def export(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """The filtered trail as CSV (core.csvexport: streamed, formulas neutralised). The download
    is recorded first; the file holds the events up to just before that record.

    Up to AUDIT_EXPORT_STREAM_LIMIT events the file streams in the response (constant memory,
    a few seconds at most); beyond, it becomes an export job that the task queue writes while
    the person keeps working, fetched from "Mis exportaciones" (the whole trail can hold
    millions of events: streaming it would hold a web worker for minutes)."""
    require(request, can, Action.EXPORT_LOG)
    form = _form(request)
    if not form.is_valid():
        return _invalid(request, form)
    filters = form.filters()
    events = selectors.audit_event_list(**filters)
    count = events.count()
    if count > exports.stream_limit():
        services.audit_export_job_request(
            actor=request.user,
            filters=filters,
            record_filters=filters_for_record(filters),
            rows=count,
            language=get_language(),
        )
        messages.info(
            request,
            _(
                "La exportación tiene %(n)s eventos: se está preparando en segundo plano. Puede descargarla "
                "aquí cuando esté lista."
            )
            % {"n": count},
        )
        return redirect("exports:job_list")
    record = services.audit_export_record(actor=request.user, filters=filters_for_record(filters), rows=count)
    # Streamed in chunks: a large trail never sits in memory.
    rows = events.filter(id__lt=record.pk).iterator(chunk_size=2000)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return csv_response(exports.csv_rows(rows), f"auditoria-{stamp}.csv")
