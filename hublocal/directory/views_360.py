"""The 360° page of an organisation and "Mi participación" of a person (issue 14, item 7).

The directory owns the page and who may open it; every section comes from the app that owns the
data, registered in core.registry (register_organization_panel / register_person_panel), so the
directory imports none of them."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from hublocal.core import registry
from hublocal.core.web import require

from . import selectors
from .permissions import Action, can


def _panels(panels: list[registry.ParticipationPanel], subject_id: int, viewer: Any) -> list[dict[str, Any]]:
    out = []
    for panel in panels:
        data = panel.collect(subject_id, viewer)
        if data is not None:
            out.append({"key": panel.key, "title": panel.title, "template": panel.template, "data": data})
    return out


@require_GET
def organization_360(request: HttpRequest, slug: str) -> HttpResponse:
    org = selectors.organization_get(slug=slug)
    if org is None:
        raise Http404
    require(request, can, Action.VIEW_360, org)
    context = {"org": org, "panels": _panels(registry.organization_panels(), org.pk, request.user)}
    return render(request, "directory/organization_360.html", context)


@require_GET
def my_participation(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.VIEW_OWN_PARTICIPATION)
    context = {"panels": _panels(registry.person_panels(), request.user.pk, request.user)}
    return render(request, "directory/my_participation.html", context)
