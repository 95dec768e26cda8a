"""Network pages: the map of the hub's units (an SVG graph with its table), the public roadmap of
the eight stages, and the staff form that records a stage's status and dates."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from hublocal.core.locking import StaleVersion, add_version_field, form_conflict, form_version
from hublocal.core.page_cache import anonymous_page
from hublocal.core.permissions import is_hub_staff
from hublocal.core.web import add_service_errors, posted, require
from hublocal.directory import selectors as directory_selectors

from . import maps, selectors, services
from .forms import MembershipForm, NetworkForm, StageForm, UnitForm
from .permissions import Action, can


@anonymous_page("network")
@require_GET
def unit_map(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.VIEW)
    unit_list = selectors.units()
    context = {
        "units": unit_list,
        "map": selectors.units_map(unit_list),
        "can_edit": can(request.user, Action.EDIT_UNITS),
    }
    return render(request, "network/units.html", context)


@anonymous_page("network", "agreements")
@require_GET
def roadmap(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.VIEW)
    stages = selectors.stages()
    cited = selectors.stage_agreements([s.pk for s in stages], user=request.user)
    for s in stages:
        s.cited_agreements = cited.get(s.pk, [])  # type: ignore[attr-defined]
    context = {"stages": stages, "can_edit": is_hub_staff(request.user)}
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


# --- AMUCH membership and international networks ----------------------------------------------


@anonymous_page("network", "directory", "territory")
@require_GET
def network_page(request: HttpRequest) -> HttpResponse:
    """/red/: the map of every Chilean municipality taking part, the tables beside it (AMUCH
    members, networks, countries) — the tables alone say everything the map says."""
    require(request, can, Action.VIEW)
    member_list = selectors.memberships()
    network_list = selectors.networks()
    data = selectors.network_map(member_list=member_list, network_list=network_list)
    counts = {code: sum(1 for s in data.statuses.values() if s == code) for code in maps.FILLS}
    context = {
        "memberships": member_list,
        "networks": network_list,
        "countries": selectors.countries_taking_part(network_list),
        "map_svg": mark_safe(maps.network_svg(data)),  # escaped by maps
        "legend": [(code, maps.LABELS[code], maps.FILLS[code], counts[code]) for code in maps.FILLS],
        "can_edit": can(request.user, Action.EDIT_NETWORKS),
    }
    return render(request, "network/network.html", context)


def _membership_values(m: Any) -> dict[str, Any]:
    return {"member_since": m.member_since, "status": m.status}


@require_http_methods(["GET", "POST"])
def membership_edit(request: HttpRequest, slug: str) -> HttpResponse:
    require(request, can, Action.EDIT_MEMBERSHIP)
    org = directory_selectors.organization_get(slug=slug)
    if org is None or org.kind != "municipality":
        raise Http404
    current = selectors.membership_for(organization_id=org.pk)
    form = MembershipForm(posted(request), initial=_membership_values(current) if current else None)
    add_version_field(form, current.row_version if current else 0)
    context: dict[str, Any] = {"org": org, "membership": current, "form": form}
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.membership_set(
                actor=request.user,
                organization=org,
                member_since=d["member_since"],
                status=d["status"],
                expected_version=form_version(form) if current else None,
            )
        except StaleVersion as exc:
            context |= form_conflict(form, exc, _membership_values(exc.current))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Membresía AMUCH guardada."))
            return (
                redirect("directory:municipality_detail", code=org.commune.code)
                if org.commune
                else redirect("network:network")
            )
    status = 409 if "conflict" in context else 400 if form.errors else 200
    return render(request, "network/membership_form.html", context, status=status)


def _network_values(net: Any) -> dict[str, Any]:
    return {
        "name": net.name,
        "description": net.description,
        "url": net.url,
        "countries": "\n".join(f"{c.code} {c.name}" for c in net.countries.all()),
        "communes": "\n".join(c.code for c in net.communes.all()),
    }


@require_http_methods(["GET", "POST"])
def network_edit(request: HttpRequest, slug: str = "") -> HttpResponse:
    require(request, can, Action.EDIT_NETWORKS)
    net = None
    if slug:
        net = selectors.network_get(slug=slug)
        if net is None:
            raise Http404
    form = NetworkForm(posted(request), initial=_network_values(net) if net else None)
    add_version_field(form, net.row_version if net else 0)
    context: dict[str, Any] = {"net": net, "form": form}
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.network_save(
                actor=request.user,
                slug=net.slug if net else slugify(d["name"])[:100],
                name=d["name"],
                description=d["description"],
                url=d["url"],
                countries=d["countries"],
                commune_codes=d["communes"].split(),
                network=net,
                expected_version=form_version(form) if net else None,
            )
        except StaleVersion as exc:
            context |= form_conflict(form, exc, _network_values(exc.current))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Red internacional guardada."))
            return redirect("network:network")
    status = 409 if "conflict" in context else 400 if form.errors else 200
    return render(request, "network/network_form.html", context, status=status)


def _unit_values(u: Any) -> dict[str, Any]:
    return {f: getattr(u, f) for f in services.UNIT_FIELDS}


@require_http_methods(["GET", "POST"])
def unit_edit(request: HttpRequest, slug: str = "") -> HttpResponse:
    """The staff's form for a unit of the hub: new (no slug) or an existing one, version-checked."""
    require(request, can, Action.EDIT_UNITS)
    unit = None
    if slug:
        unit = selectors.unit_get(slug=slug)
        if unit is None:
            raise Http404
    form = UnitForm(posted(request), initial=_unit_values(unit) if unit else None)
    if unit is not None:
        add_version_field(form, unit.row_version)
    context: dict[str, Any] = {"unit": unit, "form": form}
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in services.UNIT_FIELDS}
        try:
            if unit is None:
                saved = services.unit_create(actor=request.user, data=data)
            else:
                saved = services.unit_update(
                    actor=request.user, unit=unit, data=data, expected_version=form_version(form)
                )
        except StaleVersion as exc:
            context |= form_conflict(form, exc, _unit_values(exc.current))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Unidad guardada."))
            return redirect(reverse("network:unit_map") + f"#unidad-{saved.slug}")
    status = 409 if "conflict" in context else 400 if form.errors else 200
    return render(request, "network/unit_form.html", context, status=status)
