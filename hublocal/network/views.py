"""Network pages: the map of the hub's units (an SVG graph with its table), the public roadmap of
the eight stages, and the staff form that records a stage's status and dates."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from hublocal.core.locking import StaleVersion, add_version_field, form_conflict, form_version
from hublocal.core.page_cache import anonymous_page
from hublocal.core.permissions import is_hub_staff
from hublocal.core.web import add_service_errors, posted, require

from . import selectors, services
from .forms import StageForm
from .permissions import Action, can


@anonymous_page("network")
@require_GET
def unit_map(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.VIEW)
    unit_list = selectors.units()
    return render(request, "network/units.html", {"units": unit_list, "map": selectors.units_map(unit_list)})


@anonymous_page("network")
@require_GET
def roadmap(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.VIEW)
    context = {"stages": selectors.stages(), "can_edit": is_hub_staff(request.user)}
    return render(request, "network/roadmap.html", context)


def _stage_values(s: Any) -> dict[str, Any]:
    return {"status": s.status, "starts_on": s.starts_on, "ends_on": s.ends_on}


@require_http_methods(["GET", "POST"])
def stage_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, can, Action.EDIT_STAGE)
    stage = selectors.stage_get(pk=pk)
    if stage is None:
        raise Http404
    form = StageForm(posted(request), initial=_stage_values(stage))
    add_version_field(form, stage.row_version)
    context: dict[str, Any] = {"stage": stage, "form": form}
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.stage_update(
                actor=request.user,
                stage=stage,
                status=d["status"],
                starts_on=d["starts_on"],
                ends_on=d["ends_on"],
                expected_version=form_version(form),
            )
        except StaleVersion as exc:
            context |= form_conflict(form, exc, _stage_values(exc.current))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Etapa actualizada."))
            return redirect("network:roadmap")
    status = 409 if "conflict" in context else 400 if form.errors else 200
    return render(request, "network/stage_form.html", context, status=status)
