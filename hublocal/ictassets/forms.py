"""Forms of the ICT asset pages. They check shape; services.clean_asset checks the rules (an SPDX
licence for open source, dates in order, a vendor for a paid licence)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AdoptionStatus, Category, Hosting, LicenceType, PersonalDataCategory

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AssetForm(forms.Form):
    commune = forms.CharField(
        label=_("Código de comuna"), max_length=10, required=False, help_text=_("Por ejemplo 13101 (Santiago).")
    )
    name = forms.CharField(label=_("Nombre del sistema"), max_length=200)
    purpose = forms.CharField(
        label=_("Para qué se usa"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    category = forms.ChoiceField(label=_("Categoría"), choices=[("", _("Elija una categoría")), *Category.choices])
    vendor_id = forms.ChoiceField(label=_("Proveedor del directorio"), required=False)
    vendor_name = forms.CharField(label=_("Proveedor (si no está en el directorio)"), max_length=200, required=False)
    product = forms.CharField(label=_("Producto"), max_length=200, required=False)
    licence_type = forms.ChoiceField(
        label=_("Tipo de licencia"), choices=[("", _("Elija un tipo")), *LicenceType.choices]
    )
    spdx_id = forms.CharField(
        label=_("Licencia SPDX (solo código abierto)"),
        max_length=60,
        required=False,
        help_text=_("Por ejemplo MIT, Apache-2.0 o GPL-3.0-or-later."),
    )
    contract_value = forms.CharField(label=_("Valor del contrato en pesos (CLP)"), max_length=20, required=False)
    starts_on = forms.DateField(label=_("Inicio del contrato"), required=False, widget=DATE)
    ends_on = forms.DateField(label=_("Término del contrato"), required=False, widget=DATE)
    hosting = forms.ChoiceField(label=_("Alojamiento"), choices=[("", _("Elija dónde funciona")), *Hosting.choices])
    has_api = forms.BooleanField(label=_("Ofrece una API"), required=False)
    standards = forms.CharField(label=_("Estándares de interoperabilidad"), max_length=300, required=False)
    pisee = forms.BooleanField(label=_("Integrado a PISEE"), required=False)
    claveunica = forms.BooleanField(label=_("Integrado a ClaveÚnica"), required=False)
    personal_data = forms.MultipleChoiceField(
        label=_("Datos personales que guarda"),
        choices=PersonalDataCategory.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    owner_name = forms.CharField(label=_("Responsable del activo"), max_length=200, required=False)
    owner_email = forms.EmailField(label=_("Correo del responsable"), required=False)
    satisfaction = forms.ChoiceField(
        label=_("Satisfacción (1 a 5)"),
        required=False,
        choices=[("", _("Sin evaluar")), *[(str(i), str(i)) for i in range(1, 6)]],
    )

    def __init__(self, *args: Any, vendors: list[tuple[int, str]], with_commune: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["vendor_id"].choices = [("", _("Ninguno")), *[(str(pk), name) for pk, name in vendors]]
        if with_commune:
            self.fields["commune"].required = True
        else:
            del self.fields["commune"]

    def service_data(self) -> dict[str, Any]:
        d = dict(self.cleaned_data)
        d.pop("commune", None)
        return d


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Archivo CSV"), help_text=_("UTF-8 o Latin-1; separador coma o punto y coma."))
    dry_run = forms.BooleanField(label=_("Solo revisar, sin guardar"), required=False, initial=True)


class SolutionForm(forms.Form):
    name = forms.CharField(label=_("Nombre"), max_length=200)
    description = forms.CharField(
        label=_("Descripción"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    repository_url = forms.CharField(label=_("Repositorio (https://)"), max_length=300)
    spdx_id = forms.CharField(
        label=_("Licencia SPDX"), max_length=60, help_text=_("Por ejemplo MIT o GPL-3.0-or-later.")
    )
    library_resource_id = forms.IntegerField(
        label=_("Id del recurso de la biblioteca que implementa (opcional)"),
        required=False,
        min_value=1,
        max_value=2**31,
    )


class AdoptionForm(forms.Form):
    status = forms.ChoiceField(label=_("Estado de la adopción"), choices=AdoptionStatus.choices)
    # Only the hub declares on a municipality's behalf; an official always declares for their own.
    commune = forms.CharField(label=_("Código de comuna del municipio"), max_length=10, required=False)

    def __init__(self, *args: Any, with_commune: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not with_commune:
            del self.fields["commune"]
