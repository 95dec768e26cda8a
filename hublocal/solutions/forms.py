"""Forms of the catalogue pages: startup sign-up, profile, solutions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hublocal.core.areas import Area
from hublocal.territory import selectors as territory_selectors

from .models import Deployment, PricingModel, Stage
from .services import MAX_PILOTS, MIN_FOUNDED_YEAR, TYPOLOGIES


def typology_choices() -> list[tuple[str, Any]]:
    labels = dict(territory_selectors.Typology.choices)
    return [(t, labels[t]) for t in TYPOLOGIES]


class StartupProfileForm(forms.Form):
    stage = forms.ChoiceField(label=_("Etapa de la startup"), choices=Stage.choices, initial=Stage.MVP)
    team_size = forms.IntegerField(label=_("Personas en el equipo"), min_value=1, max_value=100_000, initial=1)
    founded_year = forms.IntegerField(
        label=_("Año de fundación"), required=False, min_value=MIN_FOUNDED_YEAR, help_text=_("Opcional.")
    )
    team = forms.CharField(
        label=_("Equipo"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Personas clave y sus roles."),
    )
    references = forms.CharField(
        label=_("Referencias"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Clientes o contrapartes que pueden dar referencias de su trabajo."),
    )
    public_sector_experience = forms.CharField(
        label=_("Experiencia previa con el sector público"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Municipios u organismos con los que ha trabajado, y qué hizo con ellos."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # This year, computed per form: a class attribute would freeze the year of the deploy.
        year = timezone.localdate().year
        self.fields["founded_year"].validators.append(MaxValueValidator(year))
        self.fields["founded_year"].widget.attrs["max"] = year


class StartupRegisterForm(StartupProfileForm):
    organization_name = forms.CharField(label=_("Nombre de la startup"), max_length=200)
    rut = forms.CharField(
        label=_("RUT de la empresa"),
        max_length=14,
        help_text=_("Formato 76.123.456-7; revisamos el dígito verificador."),
    )
    website = forms.URLField(
        assume_scheme="https",
        label=_("Sitio web"),
        required=False,
        max_length=200,
        error_messages={"invalid": _("Ingrese una dirección completa, p. ej. https://ejemplo.cl")},
    )
    description = forms.CharField(
        label=_("Qué hace la startup"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    first_name = forms.CharField(label=_("Su nombre"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Su apellido"), max_length=150, required=False)
    email = forms.EmailField(label=_("Su correo"), max_length=254)
    username = forms.CharField(
        label=_("Nombre de usuario"),
        max_length=150,
        help_text=_("Letras, números y @ . + - _ ; con él ingresará a la plataforma."),
    )
    password = forms.CharField(
        label=_("Contraseña"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Al menos 8 caracteres, no solo números ni una contraseña común."),
    )
    password_confirm = forms.CharField(
        label=_("Repita la contraseña"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    field_order = [
        "organization_name",
        "rut",
        "website",
        "description",
        "stage",
        "team_size",
        "founded_year",
        "team",
        "references",
        "public_sector_experience",
        "first_name",
        "last_name",
        "email",
        "username",
        "password",
        "password_confirm",
    ]

    def fieldsets(self) -> list[tuple[Any, list[Any]]]:
        """The page's three groups of fields, each under its own legend."""
        groups = [
            (_("La startup"), self.field_order[:4]),
            (_("Su trayectoria"), self.field_order[4:10]),
            (_("Su cuenta"), self.field_order[10:]),
        ]
        return [(legend, [self[name] for name in names]) for legend, names in groups]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("password") and data.get("password_confirm") and data["password"] != data["password_confirm"]:
            self.add_error("password_confirm", _("Las contraseñas no coinciden."))
        return data


class SolutionForm(forms.Form):
    name = forms.CharField(label=_("Nombre de la solución"), max_length=200)
    summary = forms.CharField(
        label=_("Resumen"), max_length=300, help_text=_("Una frase: qué hace y para quién (máximo 300 caracteres).")
    )
    problem = forms.CharField(
        label=_("Problema que resuelve"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Describa el problema del municipio o de sus vecinos, no solo la tecnología."),
    )
    description = forms.CharField(
        label=_("Descripción"), required=False, max_length=8000, widget=forms.Textarea(attrs={"rows": 5})
    )
    area = forms.ChoiceField(label=_("Área prioritaria"), choices=Area.choices)
    deployment = forms.ChoiceField(label=_("Despliegue"), choices=Deployment.choices)
    pricing_model = forms.ChoiceField(label=_("Modelo de precio"), choices=PricingModel.choices)
    price_range = forms.CharField(
        label=_("Rango de precio"), required=False, max_length=120, help_text=_("P. ej. 20 a 60 UF al mes.")
    )
    typologies = forms.MultipleChoiceField(
        label=_("Municipios para los que está pensada"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Deje todas sin marcar si sirve a cualquier tipo de municipio."),
    )
    pilots_done = forms.IntegerField(label=_("Pilotos realizados"), min_value=0, max_value=MAX_PILOTS, initial=0)
    evidence = forms.CharField(
        label=_("Evidencia de resultados"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Resultados medidos en pilotos o clientes: cifras, antes y después, fuentes."),
    )
    keywords = forms.CharField(
        label=_("Palabras clave"), required=False, max_length=300, help_text=_("Separadas por coma.")
    )
    is_published = forms.BooleanField(label=_("Publicar en el catálogo"), required=False, initial=True)

    def __init__(self, *args: Any, organizations: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["typologies"].choices = typology_choices()
        self.organizations = {o.slug: o for o in organizations or []}
        if organizations is not None:
            # The hub administrator chooses whose solution it loads; a startup adds its own.
            self.fields["organization"] = forms.ChoiceField(
                label=_("Startup"), choices=[("", _("Elija una startup"))] + [(o.slug, o.name) for o in organizations]
            )
            self.order_fields(["organization"])

    def clean_organization(self) -> Any:
        slug = self.cleaned_data.get("organization", "")
        org = self.organizations.get(slug)
        if org is None:
            raise forms.ValidationError(_("Elija una startup de la lista."))
        return org
