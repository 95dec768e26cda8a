"""Forms of the replication pages. Every rule that matters is the service's; the forms only
parse what people type."""

from __future__ import annotations

import math
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Mode, Status

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MAX_ABS_VALUE = 1e15
DECIMAL = forms.TextInput(attrs={"inputmode": "decimal"})


class FiniteFloatField(forms.FloatField):
    """A number a person typed: decimal comma accepted, infinities and NaN refused. (pilots.forms
    has the same field; apps may not import each other's forms.)"""

    def to_python(self, value: Any) -> float | None:
        if isinstance(value, str):
            value = value.strip().replace(" ", "")
            if value.count(",") == 1 and "." not in value:
                value = value.replace(",", ".")
        result = super().to_python(value)
        if result is not None and (not math.isfinite(result) or abs(result) > MAX_ABS_VALUE):
            raise forms.ValidationError(_("Ingrese un número válido."))
        return result


class ReplicationForm(forms.Form):
    mode = forms.ChoiceField(label=_("Modalidad"), choices=Mode.choices, widget=forms.RadioSelect)
    changes = forms.CharField(
        label=_("Qué cambió respecto del original"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Si adapta: qué ajustó a su realidad (escala, presupuesto, equipo, plazos)."),
    )
    started_on = forms.DateField(label=_("Inicio (previsto o real)"), required=False, widget=DATE)
    contact_name = forms.CharField(label=_("Persona de contacto"), max_length=150, required=False)
    contact_email = forms.EmailField(label=_("Correo de contacto"), required=False)
    contact_phone = forms.CharField(label=_("Teléfono de contacto"), max_length=30, required=False)


class CreateForm(ReplicationForm):
    """Staff record on behalf of a municipality, named by its commune code."""

    def __init__(self, *args: Any, municipalities: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if municipalities is not None:
            self.fields["municipality"] = forms.TypedChoiceField(
                label=_("Municipio que replica"), coerce=int, choices=[(m.pk, m.name) for m in municipalities]
            )
            self.order_fields(["municipality"])


class TransitionForm(forms.Form):
    status = forms.ChoiceField(label=_("Nuevo estado"), choices=Status.choices)
    reason = forms.CharField(
        label=_("Motivo (obligatorio si se abandona)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ResultForm(forms.Form):
    label = forms.CharField(label=_("Indicador"), max_length=200)
    unit = forms.CharField(label=_("Unidad"), max_length=40, required=False)
    # Text, not type=number: officials type decimal commas ("64,5"), which number inputs refuse.
    baseline = FiniteFloatField(label=_("Línea base"), required=False, widget=DECIMAL)
    value = FiniteFloatField(label=_("Valor medido"), widget=DECIMAL)
    measured_on = forms.DateField(label=_("Fecha de medición"), widget=DATE)
    evidence_url = forms.URLField(
        label=_("Enlace a la evidencia"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("Un informe, acta o conjunto de datos público que respalde el valor."),
    )


class ConfirmForm(forms.Form):
    note = forms.CharField(
        label=_("Qué revisó para confirmarla"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
