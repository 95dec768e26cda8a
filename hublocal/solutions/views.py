"""Catalogue pages: solutions, startups, startup sign-up and the startups' own editing pages."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hublocal.core.areas import Area
from hublocal.core.locking import StaleVersion, add_version_field, edited_values, form_conflict, form_version
from hublocal.core.page_cache import ANY, anonymous_page
from hublocal.core.permissions import is_hub_admin
from hublocal.core.personal_page import personal_page
from hublocal.core.web import add_service_errors, paginate, posted, require

from . import selectors, services
from .forms import SolutionForm, StartupProfileForm, StartupRegisterForm, typology_choices
from .models import Deployment, PricingModel, Solution, Stage
from .permissions import Action, can

PER_PAGE = 20
FORM_FIELDS = services.SOLUTION_FIELDS


def _render_list(request: HttpRequest, template: str, partial: str, context: dict[str, Any]) -> HttpResponse:
    # htmx live filtering swaps only the results; a full page otherwise (no JS needed).
    if request.htmx and not request.htmx.boosted:
        return render(request, partial, context)
    return render(request, template, context)


def _choice_param(request: HttpRequest, name: str, allowed: list[str]) -> str:
    """A filter from the query string; a value not among the choices (an edited or stale link)
    is ignored rather than emptying the list."""
    value = request.GET.get(name, "").strip()
    return value if value in allowed else ""


def _text_param(request: HttpRequest, name: str) -> str:
    return request.GET.get(name, "").replace("\x00", "").strip()[:100]


def _profile_of(organization: Any) -> Any:
    try:
        return organization.startup_profile
    except ObjectDoesNotExist:
        return None


def _get_solution(request: HttpRequest, slug: str) -> Solution:
    solution = selectors.solution_get_by_slug(slug=slug)
    # A draft is reported as missing, not forbidden, to those who may not see it.
    if solution is None or not can(request.user, Action.VIEW_SOLUTION, solution):
        raise Http404
    return solution


def _get_startup(slug: str) -> tuple[Any, Any]:
    found = selectors.startup_get(slug=slug)
    if found is None:
        raise Http404
    return found


# --- catalogue --------------------------------------------------------------------------------


@anonymous_page("solutions", "directory")
@require_GET
def catalogue(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.VIEW_CATALOGUE)
    params = {
        "q": _text_param(request, "q"),
        "area": _choice_param(request, "area", Area.values),
        "deployment": _choice_param(request, "deployment", Deployment.values),
        "pricing_model": _choice_param(request, "pricing_model", PricingModel.values),
        "typology": _choice_param(request, "typology", list(services.TYPOLOGIES)),
        "stage": _choice_param(request, "stage", Stage.values),
    }
    page = paginate(request, selectors.catalogue(**params), PER_PAGE)
    context = {
        "page_obj": page,
        "params": params,
        "areas": Area.choices,
        "deployments": Deployment.choices,
        "pricing_models": PricingModel.choices,
        "typologies": typology_choices(),
        "stages": Stage.choices,
        "can_create": can(request.user, Action.CREATE_SOLUTION),
        "can_register": can(request.user, Action.REGISTER_STARTUP),
        "has_own": can(request.user, Action.VIEW_MY_SOLUTIONS),
    }
    return _render_list(request, "solutions/catalogue.html", "solutions/_catalogue_results.html", context)


@anonymous_page(ANY)
@require_GET
def solution_detail(request: HttpRequest, slug: str) -> HttpResponse:
    solution = _get_solution(request, slug)
    return render(request, "solutions/solution_detail.html", _detail_context(request, solution))


def _detail_context(request: HttpRequest, solution: Solution) -> dict[str, Any]:
    labels = dict(typology_choices())
    return {
        "solution": solution,
        "org": solution.organization,
        "profile": _profile_of(solution.organization),
        "typology_labels": [labels[t] for t in solution.typologies if t in labels],
        "can_change": can(request.user, Action.CHANGE_SOLUTION, solution),
    }


@personal_page()
@require_GET
def my_solutions(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.VIEW_MY_SOLUTIONS)
    org = request.user.organization  # type: ignore[union-attr]
    context = {
        "org": org,
        "solutions": list(selectors.solutions_of(organization_id=org.pk)),
        "profile": selectors.startup_profile_of(organization_id=org.pk),
    }
    return render(request, "solutions/my_solutions.html", context)


def _solution_create_target(request: HttpRequest) -> tuple[Any, list[Any] | None]:
    """(the startup the new solution belongs to, or None if the administrator chooses it;
    the organisations to choose from, or None)."""
    if is_hub_admin(request.user):
        return None, selectors.startup_organizations()
    return request.user.organization, None  # type: ignore[union-attr]


@require_http_methods(["GET", "POST"])
def solution_create(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.CREATE_SOLUTION)
    org, organizations = _solution_create_target(request)
    form = SolutionForm(posted(request), organizations=organizations)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        owner = data.pop("organization", None) or org
        require(request, can, Action.CREATE_SOLUTION, owner)
        try:
            solution = services.solution_create(actor=request.user, organization=owner, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Solución agregada al catálogo."))
            return redirect("solutions:solution_detail", slug=solution.slug)
    context = {"form": form, "creating": True, "org": org}
    return render(request, "solutions/solution_form.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def solution_edit(request: HttpRequest, slug: str) -> HttpResponse:
    solution = _get_solution(request, slug)
    require(request, can, Action.CHANGE_SOLUTION, solution)
    initial = {f: getattr(solution, f) for f in FORM_FIELDS}
    form = SolutionForm(posted(request), initial=initial)
    add_version_field(form, solution.row_version)
    context: dict[str, Any] = {"form": form, "solution": solution, "org": solution.organization}
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in form.changed_data if k in FORM_FIELDS}
        try:
            services.solution_update(
                actor=request.user, solution=solution, data=data, expected_version=form_version(form)
            )
        except StaleVersion as exc:
            context |= form_conflict(form, exc, {f: getattr(exc.current, f) for f in FORM_FIELDS})
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Cambios guardados."))
            return redirect("solutions:solution_detail", slug=solution.slug)
    status = 409 if "conflict" in context else 400 if form.errors else 200
    return render(request, "solutions/solution_form.html", context, status=status)


@require_POST
def solution_publish(request: HttpRequest, slug: str) -> HttpResponse:
    solution = _get_solution(request, slug)
    require(request, can, Action.CHANGE_SOLUTION, solution)
    choice = request.POST.get("publish", "")
    if choice not in ("1", "0"):
        messages.error(request, _("Indique si desea publicar o retirar la solución."))
        return render(request, "solutions/solution_detail.html", _detail_context(request, solution), status=400)
    services.solution_set_published(actor=request.user, solution=solution, is_published=choice == "1")
    if choice == "1":
        messages.success(request, _("La solución está publicada en el catálogo."))
    else:
        messages.success(request, _("La solución se retiró del catálogo; solo su startup y el Hub la ven."))
    return redirect("solutions:solution_detail", slug=solution.slug)


# --- startups ---------------------------------------------------------------------------------


@anonymous_page("solutions", "directory")
@require_GET
def startup_list(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.VIEW_STARTUP)
    params = {
        "q": _text_param(request, "q"),
        "stage": _choice_param(request, "stage", Stage.values),
        "area": _choice_param(request, "area", Area.values),
    }
    context = {
        "page_obj": paginate(request, selectors.startup_list(**params), 30),
        "params": params,
        "stages": Stage.choices,
        "areas": Area.choices,
        "can_register": can(request.user, Action.REGISTER_STARTUP),
    }
    return _render_list(request, "solutions/startup_list.html", "solutions/_startup_results.html", context)


@anonymous_page(ANY)
@require_GET
def startup_detail(request: HttpRequest, slug: str) -> HttpResponse:
    require(request, can, Action.VIEW_STARTUP)
    org, profile = _get_startup(slug)
    context = {
        "org": org,
        "profile": profile,
        "solutions": list(selectors.visible_solutions_of(viewer=request.user, organization_id=org.pk)),
        "can_change": can(request.user, Action.CHANGE_STARTUP, org),
        "can_add_solution": can(request.user, Action.CREATE_SOLUTION, org),
    }
    return render(request, "solutions/startup_detail.html", context)


@require_http_methods(["GET", "POST"])
def startup_edit(request: HttpRequest, slug: str) -> HttpResponse:
    org, profile = _get_startup(slug)
    require(request, can, Action.CHANGE_STARTUP, org)
    initial = {f: getattr(profile, f) for f in services.PROFILE_FIELDS} if profile else None
    form = StartupProfileForm(posted(request), initial=initial)
    # 0: no profile yet (a colleague creating it first is then a conflict too).
    add_version_field(form, profile.row_version if profile else 0)
    context: dict[str, Any] = {"form": form, "org": org}
    if request.method == "POST" and form.is_valid():
        try:
            services.startup_profile_update(
                actor=request.user, organization=org, data=edited_values(form), expected_version=form_version(form)
            )
        except StaleVersion as exc:
            saved = {f: getattr(exc.current, f) for f in services.PROFILE_FIELDS}
            context |= form_conflict(form, exc, saved)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Perfil guardado."))
            return redirect("solutions:startup_detail", slug=org.slug)
    status = 409 if "conflict" in context else 400 if form.errors else 200
    return render(request, "solutions/startup_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def startup_register(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.REGISTER_STARTUP)
    form = StartupRegisterForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("password_confirm")
        try:
            user = services.startup_register(**data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request, _("Bienvenida/o al Hub. Su startup quedó registrada: ahora agregue sus soluciones.")
            )
            return redirect("solutions:startup_detail", slug=user.organization.slug)
    return render(request, "solutions/startup_register.html", {"form": form}, status=400 if form.errors else 200)
