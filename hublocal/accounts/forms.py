from django import forms
from django.contrib.auth.forms import AuthenticationForm
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
        min_length=10,
        help_text=_(
            "Opcional; al menos 10 caracteres. Si la deja vacía, "
            "la persona no podrá ingresar hasta que se le asigne una."
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


class TokenForm(forms.Form):
    """Schema of POST /api/v1/auth/token/."""

    username = forms.CharField(max_length=150)
    password = forms.CharField(max_length=256)
