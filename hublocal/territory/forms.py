from django import forms
from django.utils.translation import gettext_lazy as _


class ForeignMunicipalityForm(forms.Form):
    country_code = forms.CharField(
        label=_("País (código ISO de dos letras)"), max_length=2, min_length=2, help_text=_("Ej.: UY, AR, PE, BR")
    )
    country_name = forms.CharField(label=_("Nombre del país"), max_length=100, required=False)
    name = forms.CharField(label=_("Nombre del municipio"), max_length=120)
    national_code = forms.CharField(label=_("Código nacional del municipio"), max_length=24)
    admin_area = forms.CharField(label=_("Departamento, estado o provincia"), max_length=120, required=False)
