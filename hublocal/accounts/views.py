from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hublocal.audit import selectors as audit_selectors
from hublocal.core import selectors as core_selectors
from hublocal.core.web import add_service_errors, paginate, posted, require
from hublocal.directory import selectors as directory_selectors
from hublocal.territory import selectors as territory_selectors

from . import selectors, services
from .forms import LoginForm, UserCreateForm
from .models import Role, User
from .permissions import Action, can


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


def logout_view(request: HttpRequest) -> HttpResponse:
    return auth_views.LogoutView.as_view(http_method_names=["post"])(request)


@require_http_methods(["GET"])
def account(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.VIEW_OWN_ACCOUNT)
    return render(request, "accounts/account.html", {"tokens": request.user.api_tokens.order_by("-created_at")})


@require_POST
def revoke_tokens(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.ISSUE_TOKEN)
    count = services.api_token_revoke_all(actor=request.user, user=request.user)
    messages.success(request, _("Se revocaron %(n)s tokens.") % {"n": count})
    return redirect("accounts:account")


def _labelled(counts: dict[str, int], choices: list[tuple[str, str]]) -> list[tuple[str, str, int]]:
    return [(value, label, counts.get(value, 0)) for value, label in choices]


@require_http_methods(["GET"])
def backoffice(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.VIEW_BACK_OFFICE)
    context = {
        "stats": core_selectors.home_stats(),
        "typologies": _labelled(territory_selectors.typology_counts(), territory_selectors.Typology.choices),
        "kinds": _labelled(
            directory_selectors.organization_kind_counts(), directory_selectors.OrganizationKind.choices
        ),
        "users": selectors.user_count(),
        "recent": audit_selectors.audit_event_list().select_related(None)[:10],
    }
    return render(request, "accounts/backoffice.html", context)


@require_http_methods(["GET"])
def audit_log(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.VIEW_AUDIT_LOG)
    page = paginate(request, audit_selectors.audit_event_list(object_type=request.GET.get("type", "")[:80]), 50)
    return render(request, "accounts/audit_log.html", {"page_obj": page})


@require_http_methods(["GET"])
def user_list(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.VIEW_BACK_OFFICE)
    q = request.GET.get("q", "")[:100]
    role = request.GET.get("role", "")
    page = paginate(request, selectors.user_list(q=q, role=role if role in Role.values else ""), 50)
    return render(
        request,
        "accounts/user_list.html",
        {
            "page_obj": page,
            "q": q,
            "role": role,
            "roles": Role.choices,
            "can_manage": can(request.user, Action.MANAGE_USERS),
        },
    )


@require_http_methods(["GET", "POST"])
def user_create(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.MANAGE_USERS)
    form = UserCreateForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Cuenta «%(u)s» creada.") % {"u": user.username})
            return redirect("accounts:user_list")
    return render(request, "accounts/user_form.html", {"form": form}, status=400 if form.errors else 200)


@require_POST
def user_toggle_active(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, can, Action.MANAGE_USERS)
    user = get_object_or_404(User, pk=pk)
    try:
        services.user_set_active(actor=request.user, user=user, is_active=not user.is_active)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Cuenta actualizada."))
    return redirect("accounts:user_list")
