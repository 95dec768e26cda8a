from django import forms
from django.utils.translation import gettext_lazy as _

from .models import DesignationRole, OrganizationKind, Position


class OrganizationForm(forms.Form):
    name = forms.CharField(label=_("Nombre"), max_length=200)
    rut = forms.CharField(label=_("RUT"), max_length=14, required=False, help_text=_("Formato 76.123.456-7. Opcional."))
    description = forms.CharField(label=_("Descripción"), widget=forms.Textarea, required=False, max_length=4000)
    website = forms.URLField(
        assume_scheme="https",
        label=_("Sitio web"),
        required=False,
        max_length=200,
        error_messages={"invalid": _("Ingrese una dirección completa, p. ej. https://ejemplo.cl")},
    )
    email = forms.EmailField(label=_("Correo de contacto"), required=False)


class OrganizationCreateForm(OrganizationForm):
    kind = forms.ChoiceField(
        label=_("Tipo"), choices=[c for c in OrganizationKind.choices if c[0] != OrganizationKind.MUNICIPALITY]
    )
    field_order = ["kind", "name", "rut", "description", "website", "email"]


class PersonForm(forms.Form):
    full_name = forms.CharField(label=_("Nombre completo"), max_length=200)
    email = forms.EmailField(label=_("Correo"), required=False)
    phone = forms.CharField(label=_("Teléfono"), max_length=30, required=False)
    # Shown only to the person themself (views.person_edit): a public profile is their consent.
    is_public = forms.BooleanField(
        label=_("Quiero que mi perfil aparezca en el directorio público"),
        required=False,
        initial=False,
        help_text=_(
            "Si marca esta casilla, cualquier persona podrá ver su nombre, su cargo y su organización en el "
            "directorio. Su correo y su teléfono no se publican: solo los ven el Hub, su organización y las "
            "contrapartes con las que trabaja. Puede retirar este consentimiento cuando quiera desmarcando la casilla."
        ),
    )


class PersonCreateForm(PersonForm):
    # New people start private: only they can later choose a public profile.
    is_public = None  # type: ignore[assignment]
    position = forms.ChoiceField(label=_("Cargo"), choices=Position.choices, initial=Position.PROFESIONAL)
    title = forms.CharField(label=_("Cargo (texto libre)"), max_length=200, required=False)


class DesignationForm(forms.Form):
    role = forms.ChoiceField(label=_("Rol"), choices=DesignationRole.choices)
    person = forms.TypedChoiceField(label=_("Persona"), coerce=int, choices=[])

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", _("Elija una persona"))] + [(p.pk, p.full_name) for p in people]
