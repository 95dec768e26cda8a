"""Engagement pages: the hub's dashboard of who is silent, and each organisation's own log."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hublocal.core import registry
from hublocal.core.personal_page import personal_page
from hublocal.core.web import paginate, require
from hublocal.directory import selectors as directory_selectors

from . import selectors, services
from .models import TrackStatus
from .permissions import Action, can


def _rows(tracks: Any) -> list[dict[str, Any]]:
    # Days are computed here once so the template shows "hace N días" without per-row logic.
    now = timezone.now()
    return [{"track": t, "days": t.inactive_days(now)} for t in tracks]


def _named(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each (process, subject) row with words instead of codes: `kind_label` ("Campaña de
    diagnóstico") and `subject_name` (the subject's current name, else the one stored on its
    tracks). One batch per process, asked of the app that registered it."""
    keys: dict[str, list[str]] = {}
    for row in rows:
        keys.setdefault(row["process"], []).append(row["subject_key"])
    names = {code: registry.process_subject_names(code, subject_keys) for code, subject_keys in keys.items()}
    for row in rows:
        row["kind_label"] = registry.process_label(row["process"])
        row["subject_name"] = names[row["process"]].get(row["subject_key"]) or row["process_label"]
    return rows


@personal_page()
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.VIEW_DASHBOARD)
    context = {
        "processes": _named(selectors.process_list()),
        "recent": selectors.message_list()[:20],
        "can_run": can(request.user, Action.RUN_ESCALATIONS),
    }
    return render(request, "engagement/dashboard.html", context)


@require_GET
def process_detail(request: HttpRequest, process: str, subject_key: str) -> HttpResponse:
    require(request, can, Action.VIEW_DASHBOARD)
    info = selectors.process_get(process=process, subject_key=subject_key)
    if info is None:
        raise Http404
    info = _named([info])[0]
    status = request.GET.get("status", "")
    if status not in TrackStatus.values:
        status = ""
    counts = selectors.funnel(process=process, subject_key=subject_key)
    funnel = [(s, TrackStatus(s).label, counts[s]) for s in selectors.FUNNEL_ORDER]
    tracks = selectors.track_list(process=process, subject_key=subject_key, status=status)
    page = paginate(request, selectors.message_list(process=process, subject_key=subject_key), 25)
    context = {
        "info": info,
        "funnel": funnel,
        "status": status,
        "rows": _rows(tracks),
        "page_obj": page,
        "can_run": can(request.user, Action.RUN_ESCALATIONS),
    }
    return render(request, "engagement/process_detail.html", context)


@require_GET
def organization_detail(request: HttpRequest, slug: str) -> HttpResponse:
    org = directory_selectors.organization_get(slug=slug)
    if org is None:
        raise Http404
    require(request, can, Action.VIEW_MESSAGES, org)
    context = {
        "org": org,
        "rows": _rows(selectors.track_list_for_organization(organization_id=org.pk)),
        "page_obj": paginate(request, selectors.message_list(organization_id=org.pk), 25),
        "is_staff_view": can(request.user, Action.VIEW_DASHBOARD),
    }
    return render(request, "engagement/organization_detail.html", context)


@require_POST
def run_escalations(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.RUN_ESCALATIONS)
    # Synchronous on purpose: the admin sees at once what was sent. The run is bounded by the
    # number of due tracks and every mail failure is logged, not raised.
    sent = services.escalate_due(now=timezone.now(), actor=request.user)
    if sent:
        messages.success(request, _("Se registraron %(n)s mensajes de recordatorio o escalamiento.") % {"n": len(sent)})
    else:
        messages.info(request, _("No hay recordatorios pendientes en este momento."))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect("engagement:dashboard")
    return redirect(target)
