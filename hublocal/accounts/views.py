from __future__ import annotations

import time
from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from hublocal.audit import selectors as audit_selectors
from hublocal.core import selectors as core_selectors
from hublocal.core.permissions import is_hub_admin
from hublocal.core.personal_page import personal_page
from hublocal.core.web import add_service_errors, paginate, posted, require
from hublocal.directory import selectors as directory_selectors
from hublocal.territory import selectors as territory_selectors

from . import selectors, services
from .client import client_ip
from .forms import CodeForm, LoginForm, MfaEnableForm, PasswordChangeForm, SetPasswordForm, TotpCodeForm, UserCreateForm
from .models import Role, User
from .permissions import Action, can

# Between the password step and the code step of a sign-in, the session holds who is signing
# in (not yet logged in) for a few minutes.
PENDING_USER = "hl_mfa_user"
PENDING_BACKEND = "hl_mfa_backend"
PENDING_AT = "hl_mfa_at"
PENDING_NEXT = "hl_mfa_next"
PENDING_SECONDS = 300
ENROL_KEY = "hl_mfa_enrol_key"


class LoginView(auth_views.LoginView):
    """Step one: the password. Accounts with a second factor continue at login_mfa."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        user = form.get_user()
        if not selectors.user_has_mfa(user=user):
            return super().form_valid(form)
        self.request.session.cycle_key()
        self.request.session[PENDING_USER] = user.pk
        self.request.session[PENDING_BACKEND] = user.backend
        self.request.session[PENDING_AT] = int(time.time())
        self.request.session[PENDING_NEXT] = self.get_redirect_url()
        return redirect("accounts:login_mfa")


def _pending_user(request: HttpRequest) -> User | None:
    started = request.session.get(PENDING_AT)
    if not started or time.time() - started > PENDING_SECONDS:
        return None
    return User.objects.filter(pk=request.session.get(PENDING_USER), is_active=True).first()


def _clear_pending(request: HttpRequest) -> None:
    for key in (PENDING_USER, PENDING_BACKEND, PENDING_AT, PENDING_NEXT):
        request.session.pop(key, None)


@sensitive_post_parameters("code")
@never_cache
@require_http_methods(["GET", "POST"])
def login_mfa(request: HttpRequest) -> HttpResponse:
    """Step two: a code from the authenticator app or a recovery code. A wrong code counts as
    a failed sign-in for the lockout (django-axes), like a wrong password."""
    from axes.handlers.proxy import AxesProxyHandler

    user = _pending_user(request)
    if user is None:
        _clear_pending(request)
        messages.info(request, _("Ingrese primero su usuario y contraseña."))
        return redirect("accounts:login")
    form = CodeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        credentials = {"username": user.get_username()}
        if not AxesProxyHandler.is_allowed(request, credentials):
            # AxesMiddleware answers with the lockout page.
            request.axes_locked_out = True  # type: ignore[attr-defined]
            request.axes_credentials = credentials  # type: ignore[attr-defined]
            return HttpResponse(status=429)
        if services.mfa_verify(user=user, code=form.cleaned_data["code"]):
            next_url = request.session.get(PENDING_NEXT) or ""
            user.backend = request.session.get(PENDING_BACKEND) or settings.AUTHENTICATION_BACKENDS[-1]
            _clear_pending(request)
            login(request, user, backend=user.backend)
            if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
                next_url = reverse(settings.LOGIN_REDIRECT_URL)
            return HttpResponseRedirect(next_url)
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        form.add_error("code", _("El código no es válido o ya fue usado. Intente con el código actual."))
    return render(request, "accounts/login_mfa.html", {"form": form}, status=400 if form.errors else 200)


def admin_login(request: HttpRequest, extra_context: Any = None) -> HttpResponse:
    """Django admin's sign-in, replaced (AccountsConfig.ready()) by ours."""
    if request.user.is_authenticated:
        # Signed in but not admin staff: sending them to sign in again would loop.
        raise PermissionDenied
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = "/admin/"
    return redirect_to_login(next_url)


def logout_view(request: HttpRequest) -> HttpResponse:
    response = auth_views.LogoutView.as_view(http_method_names=["post"])(request)
    if request.method == "POST":
        # Signing out forgets, on this device, the diagnosis pages and unsent answers kept for
        # working offline (static/js/sw.js); offline.js also clears them for browsers without it.
        response["Clear-Site-Data"] = '"cache", "storage"'
    return response


@require_http_methods(["GET"])
def account(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.VIEW_OWN_ACCOUNT)
    return render(
        request,
        "accounts/account.html",
        {
            "tokens": selectors.api_tokens_active(user=request.user),
            "has_mfa": selectors.user_has_mfa(user=request.user),
        },
    )


@require_POST
def revoke_tokens(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.ISSUE_TOKEN)
    count = services.api_token_revoke_all(actor=request.user, user=request.user)
    messages.success(request, _("Se revocaron %(n)s tokens.") % {"n": count})
    return redirect("accounts:account")


@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, can, Action.ISSUE_TOKEN)
    # Only the owner's tokens are found: another person's token is reported as missing.
    token = get_object_or_404(selectors.api_tokens_active(user=request.user), pk=pk)
    require(request, can, Action.REVOKE_TOKEN, token)
    services.api_token_revoke(actor=request.user, token=token)
    messages.success(request, _("Token %(p)s… revocado.") % {"p": token.prefix})
    return redirect("accounts:account")


# --------------------------------------------------------------------------- passwords


@method_decorator(sensitive_post_parameters(), name="dispatch")
class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = PasswordChangeForm
    success_url = reverse_lazy("accounts:account")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        require(request, can, Action.VIEW_OWN_ACCOUNT)
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form: Any) -> HttpResponse:
        form.ip = client_ip(self.request)
        form.save()
        # This session stays signed in; every other session of the account ends.
        update_session_auth_hash(self.request, form.user)
        messages.success(
            self.request, _("Contraseña cambiada. Se cerraron sus otras sesiones y se revocaron sus tokens de API.")
        )
        return HttpResponseRedirect(self.get_success_url())

    def form_invalid(self, form: Any) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=400)


class PasswordResetView(auth_views.PasswordResetView):
    """Always the same answer, whether or not the address belongs to an account."""

    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_invalid(self, form: Any) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=400)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = SetPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: Any) -> HttpResponse:
        form.ip = client_ip(self.request)
        return super().form_valid(form)

    def form_invalid(self, form: Any) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=400)


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


# --------------------------------------------------------------------------- second factor


def _qr_svg(url: str) -> str:
    # An inline <svg> element: no data: URI or script, so the strict CSP has nothing to allow.
    svg = segno.make(url, error="m").svg_inline(scale=4, title=_("Código QR para su aplicación de autenticación"))
    return svg.replace("<svg ", '<svg role="img" ', 1)


def _enrol_context(request: HttpRequest, form: Any) -> dict[str, Any]:
    key = request.session.get(ENROL_KEY)
    if not key:
        key = request.session[ENROL_KEY] = services.mfa_new_secret()
    # An unsaved device only builds the otpauth:// URL (issuer, account, secret) for the QR.
    device = TOTPDevice(user=request.user, name="app", key=key)
    return {"form": form, "qr": _qr_svg(device.config_url), "secret": _base32(key)}


def _base32(key_hex: str) -> str:
    import base64

    text = base64.b32encode(bytes.fromhex(key_hex)).decode()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def _mfa_page(
    request: HttpRequest, *, enrol_form: Any = None, disable_form: Any = None, regenerate_form: Any = None
) -> HttpResponse:
    user = request.user
    context: dict[str, Any] = {"required": selectors.mfa_required_for(user=user)}
    if selectors.user_has_mfa(user=user):
        context |= {
            "enrolled": True,
            "disable_form": disable_form or CodeForm(prefix="disable"),
            "regenerate_form": regenerate_form or TotpCodeForm(prefix="regenerate"),
            "codes_left": selectors.recovery_codes_left(user=user),
        }
    else:
        context |= {"enrolled": False, **_enrol_context(request, enrol_form or MfaEnableForm())}
    forms = (enrol_form, disable_form, regenerate_form)
    status = 400 if any(f is not None and f.errors for f in forms) else 200
    return render(request, "accounts/mfa.html", context, status=status)


@sensitive_post_parameters("code")
@never_cache
@require_http_methods(["GET", "POST"])
def mfa(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app (QR + secret, confirmed with a code), or manage it."""
    require(request, can, Action.VIEW_OWN_ACCOUNT)
    if request.method == "GET":
        return _mfa_page(request)
    form = MfaEnableForm(request.POST)
    if selectors.user_has_mfa(user=request.user):
        form.add_error(None, _("La verificación en dos pasos ya está activa."))
        return _refused(request, form)
    if form.is_valid():
        try:
            codes = services.mfa_enable(
                user=request.user, key=request.session.get(ENROL_KEY, ""), code=form.cleaned_data["code"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            request.session.pop(ENROL_KEY, None)
            messages.success(request, _("Verificación en dos pasos activada."))
            return render(request, "accounts/mfa_codes.html", {"codes": codes})
    return _mfa_page(request, enrol_form=form)


def _refused(request: HttpRequest, form: Any) -> HttpResponse:
    """A POST that cannot apply to the account's current state: the page again, with why."""
    return render(request, "accounts/mfa_refused.html", {"form": form}, status=400)


@sensitive_post_parameters("disable-code")
@require_POST
def mfa_disable(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.VIEW_OWN_ACCOUNT)
    form = CodeForm(request.POST, prefix="disable")
    if not selectors.user_has_mfa(user=request.user):
        form.add_error(None, _("La verificación en dos pasos no está activa."))
        return _refused(request, form)
    if form.is_valid():
        try:
            services.mfa_disable(user=request.user, code=form.cleaned_data["code"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Verificación en dos pasos desactivada."))
            return redirect("accounts:account")
    return _mfa_page(request, disable_form=form)


@sensitive_post_parameters("regenerate-code")
@require_POST
def mfa_recovery(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.VIEW_OWN_ACCOUNT)
    form = TotpCodeForm(request.POST, prefix="regenerate")
    if not selectors.user_has_mfa(user=request.user):
        form.add_error(None, _("La verificación en dos pasos no está activa."))
        return _refused(request, form)
    if form.is_valid():
        try:
            codes = services.mfa_recovery_regenerate(user=request.user, code=form.cleaned_data["code"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Nuevos códigos de recuperación generados; los anteriores ya no sirven."))
            return render(request, "accounts/mfa_codes.html", {"codes": codes})
    return _mfa_page(request, regenerate_form=form)


def _labelled(counts: dict[str, int], choices: list[tuple[str, str]]) -> list[tuple[str, str, int]]:
    return [(value, label, counts.get(value, 0)) for value, label in choices]


@personal_page()
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
        # Never link to what the person cannot open: creating organisations (directory's
        # CREATE_ORGANIZATION) and registering foreign municipalities (territory's
        # REGISTER_FOREIGN_MUNICIPALITY) are both hub administrators' (analysts read only).
        "can_administer": is_hub_admin(request.user),
    }
    return render(request, "accounts/backoffice.html", context)


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
