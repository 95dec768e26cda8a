"""Forms of the pilot pages. The rating form is built from the rubric's data."""

from __future__ import annotations

import math
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Direction, Frequency
from .rubric import Rubric
from .services import MAX_ABS_VALUE, MAX_DOCUMENT_BYTES, MAX_VALUE_CLP, IndicatorData, Override

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class FiniteFloatField(forms.FloatField):
    """A number a person typed: decimal comma accepted, infinities and NaN refused."""

    def to_python(self, value: Any) -> float | None:
        if isinstance(value, str):
            value = value.strip().replace(" ", "")
            if value.count(",") == 1 and "." not in value:
                value = value.replace(",", ".")
        result = super().to_python(value)
        if result is not None and (not math.isfinite(result) or abs(result) > MAX_ABS_VALUE):
            raise forms.ValidationError(_("Ingrese un número válido."))
        return result


class AgreementForm(forms.Form):
    municipality = forms.TypedChoiceField(label=_("Municipalidad que firma"), coerce=int)
    title = forms.CharField(label=_("Título del convenio"), max_length=200)
    scope = forms.CharField(label=_("Alcance"), widget=forms.Textarea(attrs={"rows": 5}))
    starts_on = forms.DateField(label=_("Inicio"), widget=DATE)
    ends_on = forms.DateField(label=_("Término"), widget=DATE)
    signed_on = forms.DateField(label=_("Fecha de firma"), widget=DATE)
    value_clp = forms.IntegerField(
        label=_("Valor (CLP)"),
        min_value=0,
        max_value=MAX_VALUE_CLP,
        initial=0,
        help_text=_("Cero si el piloto no tiene costo para la municipalidad. Todos los convenios son públicos."),
    )
    pilot_title = forms.CharField(
        label=_("Nombre del piloto"), max_length=200, required=False, help_text=_("Si se deja vacío, el del convenio.")
    )
    document = forms.FileField(
        label=_("Convenio firmado (PDF, máx. 10 MB)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )

    def __init__(self, *args: Any, municipalities: list[Any] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.municipalities = {m.pk: m for m in municipalities}
        self.fields["municipality"].choices = [(m.pk, m.name) for m in municipalities]

    def clean_document(self) -> Any:
        document = self.cleaned_data.get("document")
        if document and document.size > MAX_DOCUMENT_BYTES:
            raise forms.ValidationError(_("El documento supera los 10 MB permitidos."))
        return document


class IndicatorForm(forms.Form):
    name = forms.CharField(label=_("Nombre del indicador"), max_length=200)
    unit = forms.CharField(label=_("Unidad"), max_length=60, help_text=_("Por ejemplo: días, %, personas, reclamos."))
    baseline = FiniteFloatField(label=_("Línea base"))
    target = FiniteFloatField(label=_("Meta"))
    direction = forms.ChoiceField(label=_("Sentido"), choices=Direction.choices)
    method = forms.CharField(
        label=_("Método de medición"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Fuente de los datos, cálculo y quién mide."),
    )
    frequency = forms.ChoiceField(label=_("Frecuencia"), choices=Frequency.choices)

    def data_object(self) -> IndicatorData:
        d = self.cleaned_data
        return IndicatorData(
            name=d["name"],
            unit=d["unit"],
            baseline=d["baseline"],
            target=d["target"],
            direction=d["direction"],
            method=d["method"],
            frequency=d["frequency"],
        )


class ReviseForm(IndicatorForm):
    justification = forms.CharField(
        label=_("Justificación del cambio"),
        widget=forms.Textarea(attrs={"rows": 4}),
        min_length=20,
        help_text=_("Al menos 20 caracteres. Se publica junto a la versión anterior, que no se borra."),
    )


class MeasurementForm(forms.Form):
    indicator = forms.TypedChoiceField(label=_("Indicador"), coerce=int)
    measured_on = forms.DateField(label=_("Fecha de medición"), widget=DATE)
    value = FiniteFloatField(label=_("Valor"))
    note = forms.CharField(label=_("Nota (opcional)"), max_length=300, required=False)

    def __init__(self, *args: Any, indicators: list[Any] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [
            (i.indicator.pk, f"{i.current.name} ({i.current.unit})") for i in indicators
        ]


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Motivo de la cancelación"), widget=forms.Textarea(attrs={"rows": 3}), min_length=10, max_length=2000
    )


JUDGEMENT_CHOICES = [("auto", _("Usar el juicio calculado")), ("met", _("Cumplido")), ("not_met", _("No cumplido"))]


class FinishForm(forms.Form):
    """One judgement choice and reason per indicator, plus a summary of results."""

    summary = forms.CharField(
        label=_("Resumen de resultados"), widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=5000
    )

    def __init__(self, *args: Any, rows: list[dict[str, Any]] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.rows = rows
        for r in rows:
            pk = r["indicator"].pk
            self.fields[f"judgement_{pk}"] = forms.ChoiceField(
                label=_("Juicio: %(name)s") % {"name": r["version"].name},
                choices=JUDGEMENT_CHOICES,
                initial="auto",
                required=False,  # left out: the computed judgement stands
            )
            self.fields[f"reason_{pk}"] = forms.CharField(
                label=_("Motivo (si corrige el juicio calculado)"), required=False, max_length=2000
            )

    def bound_rows(self) -> list[dict[str, Any]]:
        return [
            {**r, "judgement": self[f"judgement_{r['indicator'].pk}"], "reason": self[f"reason_{r['indicator'].pk}"]}
            for r in self.rows
        ]

    def overrides(self) -> dict[int, Override]:
        result: dict[int, Override] = {}
        for r in self.rows:
            pk = r["indicator"].pk
            choice = self.cleaned_data.get(f"judgement_{pk}")
            reason = self.cleaned_data.get(f"reason_{pk}", "")
            if choice in ("met", "not_met"):
                result[pk] = Override(met=choice == "met", reason=reason)
        return result


class RatingForm(forms.Form):
    """One 1–5 choice per criterion of the rubric, and comments."""

    comment = forms.CharField(
        label=_("Comentarios"), widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=5000
    )

    def __init__(self, *args: Any, rubric: Rubric, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rubric = rubric
        choices = [(str(v), f"{v} · {label}") for v, label in rubric.scale_labels]
        for c in rubric.criteria:
            self.fields[f"c_{c.id}"] = forms.TypedChoiceField(
                label=c.label, help_text=c.description, choices=choices, coerce=int, widget=forms.RadioSelect
            )

    def scores(self) -> dict[str, int]:
        return {c.id: self.cleaned_data[f"c_{c.id}"] for c in self.rubric.criteria}

    def criterion_fields(self) -> list[Any]:
        return [self[f"c_{c.id}"] for c in self.rubric.criteria]
