from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC
from typing import Any

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from hublocal.core import registry
from hublocal.core.csvexport import csv_response
from hublocal.core.web import paginate, require

from . import selectors, services
from .forms import AuditFilterForm, filters_for_record
from .permissions import Action, can

PER_PAGE = 50


def _form(request: HttpRequest) -> AuditFilterForm:
    # Bound even without parameters, so an empty query string validates to "no filter".
    return AuditFilterForm(request.GET)


def _invalid(request: HttpRequest, form: AuditFilterForm) -> HttpResponse:
    """The page with the form's errors and no results: a bad date is the visitor's to fix (400)."""
    return render(request, "audit/log.html", {"form": form, "page_obj": None}, status=400)


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


def _csv_rows(events: Any) -> Iterator[list[Any]]:
    yield [
        _("Fecha y hora (UTC)"),
        _("Usuario"),
        _("Acción"),
        _("Nombre de la acción"),
        _("Tipo de objeto"),
        _("Id del objeto"),
        _("Objeto"),
        _("Antes"),
        _("Después"),
    ]
    for e in events:
        yield [
            e.created_at.astimezone(UTC).isoformat(),
            e.actor_username,
            e.action,
            str(registry.audit_action_label(e.action)),
            e.object_type,
            e.object_id,
            e.object_repr,
            "" if e.before is None else _json(e.before),
            "" if e.after is None else _json(e.after),
        ]


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


@require_http_methods(["GET"])
def export(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """The filtered trail as CSV (core.csvexport: streamed, formulas neutralised). The download
    is recorded first; the file holds the events up to just before that record."""
    require(request, can, Action.EXPORT_LOG)
    form = _form(request)
    if not form.is_valid():
        return _invalid(request, form)
    filters = form.filters()
    events = selectors.audit_event_list(**filters)
    record = services.audit_export_record(actor=request.user, filters=filters_for_record(filters), rows=events.count())
    # Streamed in chunks: a large trail never sits in memory.
    rows = events.filter(id__lt=record.pk).iterator(chunk_size=2000)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return csv_response(_csv_rows(rows), f"auditoria-{stamp}.csv")
