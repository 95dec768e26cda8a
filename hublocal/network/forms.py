"""Forms of the network pages. They check shape; the services check the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MembershipStatus, StageStatus, UnitKind


def _date() -> forms.DateInput:
    # ISO values: a browser's date input shows nothing for a localised date ("8 Ago 2026").
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class StageForm(forms.Form):
    status = forms.ChoiceField(label=_("Estado"), choices=StageStatus.choices)
    starts_on = forms.DateField(label=_("Inicio"), required=False, widget=_date())
    ends_on = forms.DateField(label=_("Término"), required=False, widget=_date())


class MembershipForm(forms.Form):
    member_since = forms.DateField(label=_("Socia desde"), widget=_date())
    status = forms.ChoiceField(label=_("Estado"), choices=MembershipStatus.choices)


class NetworkForm(forms.Form):
    name = forms.CharField(label=_("Nombre"), max_length=200)
    description = forms.CharField(label=_("Descripción"), widget=forms.Textarea(attrs={"rows": 3}))
    url = forms.CharField(label=_("Sitio web"), max_length=500, required=False)
    countries = forms.CharField(
        label=_("Países miembros"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Un país por línea: código de dos letras y nombre, p. ej. «UY Uruguay»."),
    )
    communes = forms.CharField(
        label=_("Municipios participantes (códigos de comuna)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Opcional. Un código por línea, p. ej. 13101 para Santiago."),
    )


class UnitForm(forms.Form):
    name = forms.CharField(label=_("Nombre"), max_length=200)
    kind = forms.ChoiceField(label=_("Tipo"), choices=[("", _("Elija un tipo"))] + list(UnitKind.choices))
    mission = forms.CharField(label=_("Misión"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5_000)
    order = forms.IntegerField(
        label=_("Orden en el mapa"),
        min_value=0,
        max_value=999,
        initial=0,
        help_text=_("Las de menor número van primero."),
    )
