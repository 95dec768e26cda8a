"""Directory pages: municipalities, organisations and people."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from hublocal.core import registry
from hublocal.core.locking import StaleVersion, add_version_field, form_conflict, form_version
from hublocal.core.page_cache import ANY, anonymous_page
from hublocal.core.web import add_service_errors, lazy, paginate, paginate_in_one_query, posted, require
from hublocal.territory import selectors as territory_selectors

from . import selectors, services
from .forms import DesignationForm, OrganizationCreateForm, OrganizationForm, PersonCreateForm, PersonForm
from .models import OrganizationKind, Position
from .permissions import Action, can


def _render_list(request: HttpRequest, template: str, partial: str, context: dict[str, Any]) -> HttpResponse:
    # htmx live filtering swaps only the results; a full page otherwise (no JS needed).
    if request.htmx and not request.htmx.boosted:
        return render(request, partial, context)
    return render(request, template, context)


@anonymous_page("directory", "territory")
@require_GET
def municipality_list(request: HttpRequest) -> HttpResponse:
    params = {k: request.GET.get(k, "").strip()[:100] for k in ("q", "region", "province", "typology")}
    if params["typology"] not in territory_selectors.Typology.values:
        params["typology"] = ""
    if params["province"] and not params["province"].startswith(params["region"]):
        # A province left over from another region would silently empty the list.
        params["province"] = ""
    communes = territory_selectors.commune_list(country="CL", **params)
    region = params["region"]
    # Lazy: an anonymous visitor's cached page (anonymous_cache in the template) runs none of these.
    context = {
        "page_obj": lazy(lambda: paginate(request, communes, 50)),
        "params": params,
        "regions": lazy(territory_selectors.region_list),
        "provinces": lazy(lambda: territory_selectors.province_list(region=region) if region else []),
        "typologies": territory_selectors.Typology.choices,
        "typology_counts": lazy(territory_selectors.typology_counts),
    }
    return _render_list(request, "directory/municipality_list.html", "directory/_municipality_results.html", context)


@anonymous_page(ANY)
@require_GET
def municipality_detail(request: HttpRequest, code: str) -> HttpResponse:
    commune = territory_selectors.commune_get(code=code)
    if commune is None:
        raise Http404
    org = selectors.municipality_for_commune(commune_id=commune.pk)

    # Other apps (diagnosis, innovation…) add their sections through the registry.
    # Each panel's data is lazy: a panel cached for anonymous visitors (anonymous_cache in the
    # template, under the generations the panel declares) runs no query on a hit.
    def _data(panel: Any) -> Any:
        return lazy(lambda: panel.context(commune_code=commune.code, organization=org, user=request.user))

    panels = [
        {
            "key": panel.key,
            "template": panel.template,
            "data": _data(panel),
            "cache_namespaces": " ".join(panel.cache_namespaces),
        }
        for panel in registry.profile_panels()
    ]
    context: dict[str, Any] = {"commune": commune, "org": org, "panels": panels}
    if org is not None:
        context["members"] = lazy(lambda: _members_page(request, org))
        if can(request.user, Action.VIEW_DESIGNATIONS, org):
            context["designations"] = selectors.designations_for(organization=org)
        context["can_change"] = can(request.user, Action.CHANGE_ORGANIZATION, org)
        context["can_designate"] = can(request.user, Action.DESIGNATE, org)
        context["can_view_360"] = can(request.user, Action.VIEW_360, org)
    return render(request, "directory/municipality_detail.html", context)


@anonymous_page("directory", "territory")
@require_GET
def organization_list(request: HttpRequest) -> HttpResponse:
    params = {k: request.GET.get(k, "").strip()[:100] for k in ("q", "kind", "region", "country")}
    if params["kind"] not in OrganizationKind.values:
        params["kind"] = ""
    # An ISO code of two letters, upper case; anything else filters nothing (never a 500).
    params["country"] = params["country"].upper() if len(params["country"]) == 2 and params["country"].isalpha() else ""
    context = {
        "page_obj": lazy(lambda: paginate(request, selectors.organization_list(**params), 30)),
        "params": params,
        "kinds": OrganizationKind.choices,
        "regions": lazy(territory_selectors.region_list),
        "countries": lazy(territory_selectors.country_list),
        "can_create": can(request.user, Action.CREATE_ORGANIZATION),
    }
    return _render_list(request, "directory/organization_list.html", "directory/_organization_results.html", context)


def _get_org(slug: str) -> Any:
    org = selectors.organization_get(slug=slug)
    if org is None:
        raise Http404
    return org


MEMBERS_PER_PAGE = 30


def _members_page(request: HttpRequest, org: Any) -> Any:
    # A page at a time: an organisation may have thousands of members.
    source = selectors.organization_member_page_source(organization=org, viewer=request.user)
    return paginate_in_one_query(request, source, MEMBERS_PER_PAGE)


@anonymous_page(ANY)
@require_GET
def organization_detail(request: HttpRequest, slug: str) -> HttpResponse:
    org = _get_org(slug)
    if org.kind == OrganizationKind.MUNICIPALITY and org.commune_id:
        return redirect("directory:municipality_detail", code=org.commune.code)
    context = {
        "org": org,
        "members": lazy(lambda: _members_page(request, org)),
        "can_change": can(request.user, Action.CHANGE_ORGANIZATION, org),
        "can_add_person": can(request.user, Action.CREATE_PERSON, org),
        "can_view_360": can(request.user, Action.VIEW_360, org),
    }
    return render(request, "directory/organization_detail.html", context)


@require_http_methods(["GET", "POST"])
def organization_create(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.CREATE_ORGANIZATION)
    form = OrganizationCreateForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            org = services.organization_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Organización creada."))
            return redirect("directory:organization_detail", slug=org.slug)
    return render(
        request,
        "directory/organization_form.html",
        {"form": form, "creating": True},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def organization_edit(request: HttpRequest, slug: str) -> HttpResponse:
    org = _get_org(slug)
    require(request, can, Action.CHANGE_ORGANIZATION, org)
    fields = ("name", "rut", "description", "website", "email")
    form = OrganizationForm(posted(request), initial={f: getattr(org, f) for f in fields})
    add_version_field(form, org.row_version)
    if org.kind == OrganizationKind.MUNICIPALITY:
        form.fields["name"].disabled = True
    context: dict[str, Any] = {"form": form, "org": org}
    if request.method == "POST" and form.is_valid():
        data = {
            k: v
            for k, v in form.cleaned_data.items()
            if k in form.changed_data and k != "row_version" and not form.fields[k].disabled
        }
        try:
            services.organization_update(
                actor=request.user, organization=org, data=data, expected_version=form_version(form)
            )
        except StaleVersion as exc:
            context |= form_conflict(form, exc, {f: getattr(exc.current, f) for f in fields})
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Cambios guardados."))
            return redirect("directory:organization_detail", slug=org.slug)
    status = 409 if "conflict" in context else 400 if form.errors else 200
    return render(request, "directory/organization_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def designation_edit(request: HttpRequest, slug: str) -> HttpResponse:
    org = _get_org(slug)
    require(request, can, Action.DESIGNATE, org)
    people = [m.person for m in selectors.organization_members(organization=org, viewer=request.user)]
    form = DesignationForm(posted(request), people={p.pk: p for p in people}.values())
    if request.method == "POST" and form.is_valid():
        person = next(p for p in people if p.pk == form.cleaned_data["person"])
        try:
            services.designation_set(
                actor=request.user, organization=org, role=form.cleaned_data["role"], person=person
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Designación guardada."))
            return redirect("directory:municipality_detail", code=org.commune.code)
    context = {"form": form, "org": org, "designations": selectors.designations_for(organization=org)}
    return render(request, "directory/designation_form.html", context, status=400 if form.errors else 200)


@anonymous_page("directory", "accounts")
@require_GET
def person_list(request: HttpRequest) -> HttpResponse:
    params = {k: request.GET.get(k, "").strip()[:100] for k in ("q", "position")}
    if params["position"] not in Position.values:
        params["position"] = ""
    page = paginate(request, selectors.person_list(viewer=request.user, **params), 30)
    context = {"page_obj": page, "params": params, "positions": Position.choices}
    return _render_list(request, "directory/person_list.html", "directory/_person_results.html", context)


def _get_person(request: HttpRequest, pk: int) -> Any:
    person = selectors.person_get(pk=pk)
    # A private profile is reported as missing, not forbidden: its existence is private too.
    if person is None or not can(request.user, Action.VIEW_PERSON, person):
        raise Http404
    return person


@anonymous_page(ANY)
@require_GET
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = _get_person(request, pk)
    context = {
        "person": person,
        "memberships": [m for m in person.memberships.all() if m.is_active],
        "show_contact": can(request.user, Action.VIEW_CONTACT, person),
        "can_change": can(request.user, Action.CHANGE_PERSON, person),
    }
    return render(request, "directory/person_detail.html", context)


@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest, slug: str) -> HttpResponse:
    org = _get_org(slug)
    require(request, can, Action.CREATE_PERSON, org)
    form = PersonCreateForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(actor=request.user, organization=org, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Persona agregada."))
            return redirect("directory:person_detail", pk=person.pk)
    return render(request, "directory/person_form.html", {"form": form, "org": org}, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = _get_person(request, pk)
    require(request, can, Action.CHANGE_PERSON, person)
    fields = ("full_name", "email", "phone", "is_public")
    form = PersonForm(posted(request), initial={f: getattr(person, f) for f in fields})
    if not can(request.user, Action.MAKE_PERSON_PUBLIC, person):
        # Colleagues edit the other fields; the public-profile consent is the person's alone.
        del form.fields["is_public"]
    add_version_field(form, person.row_version)
    context: dict[str, Any] = {"form": form, "person": person}
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in form.changed_data if k != "row_version"}
        try:
            services.person_update(actor=request.user, person=person, data=data, expected_version=form_version(form))
        except StaleVersion as exc:
            context |= form_conflict(form, exc, {f: getattr(exc.current, f) for f in fields})
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Cambios guardados."))
            return redirect("directory:person_detail", pk=person.pk)
    status = 409 if "conflict" in context else 400 if form.errors else 200
    return render(request, "directory/person_form.html", context, status=status)
