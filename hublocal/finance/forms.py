"""Forms of the finance pages. They check shape; the services check the rules (a missing
exchange rate, a membership paid from another line...)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Currency, IncomeKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _choices(rows: list[tuple[int, str]], empty: Any) -> list[tuple[str, Any]]:
    return [("", empty)] + [(str(pk), name) for pk, name in rows]


class IncomeForm(forms.Form):
    date = forms.DateField(
        label=_("Fecha"), widget=DATE, error_messages={"required": _("Indique la fecha del ingreso.")}
    )
    amount = forms.DecimalField(
        label=_("Monto"),
        max_digits=18,
        decimal_places=2,
        min_value=0.01,
        error_messages={"required": _("Indique el monto."), "invalid": _("Escriba el monto como un número.")},
    )
    currency = forms.ChoiceField(
        label=_("Moneda"),
        choices=[("", _("Elija la moneda"))] + list(Currency.choices),
        error_messages={"required": _("Elija la moneda: CLP, UF, USD o EUR.")},
    )
    kind = forms.ChoiceField(
        label=_("Tipo de ingreso"),
        choices=[("", _("Elija"))] + list(IncomeKind.choices),
        error_messages={"required": _("Indique si el ingreso es recurrente o puntual.")},
    )
    line = forms.ChoiceField(label=_("Línea de ingreso"), error_messages={"required": _("Elija la línea de ingreso.")})
    client = forms.ChoiceField(label=_("Cliente (organización del directorio)"), required=False)
    agreement = forms.ChoiceField(label=_("Convenio público que respalda el ingreso"), required=False)
    membership = forms.ChoiceField(label=_("Membresía que paga (solo línea membresías)"), required=False)
    client_contact_name = forms.CharField(label=_("Contacto: nombre"), max_length=200, required=False)
    client_contact_email = forms.EmailField(label=_("Contacto: correo"), required=False)
    client_contact_phone = forms.CharField(label=_("Contacto: teléfono"), max_length=30, required=False)
    invoice_ref = forms.CharField(label=_("Referencia de factura"), max_length=60, required=False)
    description = forms.CharField(
        label=_("Descripción"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000, required=False
    )
    row_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        lines: list[tuple[int, str]],
        organizations: list[tuple[int, str]],
        agreements: list[tuple[int, str]],
        memberships: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["line"].choices = _choices(lines, _("Elija la línea"))  # type: ignore[attr-defined]
        self.fields["client"].choices = _choices(organizations, _("Sin cliente del directorio"))  # type: ignore[attr-defined]
        self.fields["agreement"].choices = _choices(agreements, _("Sin convenio"))  # type: ignore[attr-defined]
        self.fields["membership"].choices = _choices(memberships, _("Ninguna"))  # type: ignore[attr-defined]


class VoidForm(forms.Form):
    reason = forms.CharField(
        label=_("Motivo de la anulación"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        error_messages={"required": _("Indique por qué se anula el ingreso.")},
    )
    row_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class LineForm(forms.Form):
    mission_note = forms.CharField(label=_("Coherencia con la misión"), widget=forms.Textarea(attrs={"rows": 3}))
    subsidiarity_note = forms.CharField(label=_("Subsidiariedad"), widget=forms.Textarea(attrs={"rows": 3}))
    reviewed_on = forms.DateField(label=_("Notas revisadas el"), widget=DATE)
    row_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class BudgetForm(forms.Form):
    line = forms.ChoiceField(label=_("Línea de ingreso"))
    year = forms.IntegerField(label=_("Año"), min_value=2000, max_value=2100)
    amount_clp = forms.DecimalField(label=_("Presupuesto (CLP)"), min_value=0, max_digits=18, decimal_places=0)

    def __init__(self, *args: Any, lines: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["line"].choices = _choices(lines, _("Elija la línea"))  # type: ignore[attr-defined]


class MembershipForm(forms.Form):
    organization = forms.ChoiceField(label=_("Municipio"))
    annual_fee = forms.DecimalField(label=_("Cuota anual (CLP)"), min_value=1, max_digits=18, decimal_places=0)
    period_start = forms.DateField(label=_("Inicio del periodo"), widget=DATE)
    period_end = forms.DateField(label=_("Término del periodo"), widget=DATE)
    due_on = forms.DateField(label=_("Fecha de pago"), widget=DATE)

    def __init__(self, *args: Any, municipalities: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].choices = _choices(municipalities, _("Elija el municipio"))  # type: ignore[attr-defined]
