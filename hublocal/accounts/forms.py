from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.utils.translation import gettext_lazy as _

from hublocal.directory import selectors as directory_selectors

from .models import Role


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Usuario o contraseña incorrectos. Revise mayúsculas y minúsculas."),
        "inactive": _("Esta cuenta está desactivada. Contacte al equipo del Hub."),
    }


class UserCreateForm(forms.Form):
    username = forms.RegexField(
        label=_("Nombre de usuario"),
        max_length=150,
        regex=r"^[\w.@+-]+$",
        error_messages={"invalid": _("Use solo letras, números y los signos . @ + - _")},
    )
    email = forms.EmailField(label=_("Correo"))
    first_name = forms.CharField(label=_("Nombre"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Apellido"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Rol"), choices=Role.choices)
    organization = forms.CharField(
        label=_("Organización (identificador)"),
        required=False,
        help_text=_("Obligatorio salvo para el equipo del Hub. Ej.: municipalidad-santiago"),
    )
    password = forms.CharField(
        label=_("Contraseña inicial"),
        widget=forms.PasswordInput,
        required=False,
        min_length=12,
        help_text=_(
            "Opcional; al menos 12 caracteres, que no sea común ni solo números. Si la deja vacía, "
            "la persona no podrá ingresar hasta que restablezca su contraseña por correo."
        ),
    )

    def clean_organization(self):
        slug = self.cleaned_data["organization"].strip()
        if not slug:
            return None
        org = directory_selectors.organization_get(slug=slug)
        if org is None:
            raise forms.ValidationError(_("No existe una organización con ese identificador."))
        return org


class CodeForm(forms.Form):
    """A second-factor code: six digits from the app, or a recovery code."""

    code = forms.CharField(
        label=_("Código de verificación"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}),
        help_text=_("Los 6 dígitos que muestra su aplicación, o uno de sus códigos de recuperación."),
    )


class MfaEnableForm(CodeForm):
    code = forms.CharField(
        label=_("Código que muestra la aplicación"),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        help_text=_("Escriba los 6 dígitos para confirmar que la aplicación quedó configurada."),
    )


class TotpCodeForm(CodeForm):
    code = forms.CharField(
        label=_("Código actual de la aplicación"),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class _ServicePasswordMixin:
    """Django's password forms validate (AUTH_PASSWORD_VALIDATORS); saving goes through
    services.password_set, which also revokes tokens and records the change."""

    reset = False
    ip = ""

    def save(self, commit: bool = True) -> Any:
        from . import services

        user = self.user  # type: ignore[attr-defined]
        return services.password_set(
            actor=user, user=user, password=self.cleaned_data["new_password1"], reset=self.reset, ip=self.ip
        )


class PasswordChangeForm(_ServicePasswordMixin, auth_forms.PasswordChangeForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = password_validators_help_text_html()


class SetPasswordForm(_ServicePasswordMixin, auth_forms.SetPasswordForm):
    reset = True


class TokenForm(forms.Form):
    """Schema of POST /api/v1/auth/token/."""

    username = forms.CharField(max_length=150)
    password = forms.CharField(max_length=256)
