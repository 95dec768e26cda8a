"""The dashboard's filters and the staff's target form; both validated on the server."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import definitions, services


class FilterForm(forms.Form):
    """GET filters of the dashboard and the drill-down; an unknown value is an error (400)."""

    year = forms.TypedChoiceField(label=_("Año"), coerce=int, required=False)
    typology = forms.ChoiceField(label=_("Tipología"), required=False)
    region = forms.ChoiceField(label=_("Región"), required=False)
    country = forms.ChoiceField(label=_("País"), required=False)
    medida = forms.ChoiceField(label=_("Medida"), required=False)

    def __init__(
        self, data: Any, *, choices: dict[str, list[tuple[str, str]]], years: list[int], measures: list[Any]
    ) -> None:
        super().__init__(data)
        self.fields["year"].choices = [(y, str(y)) for y in years]
        for dim in ("typology", "region", "country"):
            self.fields[dim].choices = [("", _("Todas") if dim != "country" else _("Todos")), *choices[dim]]
        self.fields["medida"].choices = [("", "—"), *[(m.key, m.name) for m in measures]]

    def filters(self) -> dict[str, str]:
        return {d: self.cleaned_data.get(d) or "" for d in ("typology", "region", "country")}


def year_options(available: list[int]) -> list[int]:
    this_year = timezone.localdate().year
    return sorted({*available, this_year}, reverse=True)


class TargetForm(forms.Form):
    measure_key = forms.ChoiceField(label=_("Indicador"))
    year = forms.IntegerField(label=_("Año"), min_value=services.YEAR_MIN, max_value=9999)
    value = forms.FloatField(label=_("Meta"), min_value=0)
    note = forms.CharField(label=_("Nota (opcional)"), max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["measure_key"].choices = [
            (m.key, f"{i.name} · {m.name} ({m.unit})") for i in definitions.indicators() for m in i.measures
        ]
        self.fields["year"].widget.attrs["max"] = services.year_max()


# ---- results framework and annual report
class ResultNodeForm(forms.Form):
    """An objective or an expected result. The measure is a free choice list validated again by
    the service (an unknown key is refused with a message, never a 500)."""

    kind = forms.ChoiceField(label=_("Tipo"))
    parent = forms.ModelChoiceField(label=_("Objetivo (solo para un resultado)"), queryset=None, required=False)
    year = forms.IntegerField(label=_("Año"), min_value=services.YEAR_MIN, max_value=9999)
    order = forms.IntegerField(label=_("Orden"), min_value=1, max_value=999, initial=1)
    title = forms.CharField(label=_("Título"), max_length=200)
    description = forms.CharField(label=_("Descripción"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    measure_key = forms.CharField(
        label=_("Indicador que mide el avance (clave)"),
        max_length=60,
        required=False,
        help_text=_("Vacío: el avance se calcula con los hitos."),
    )
    responsible_org = forms.ModelChoiceField(label=_("Unidad responsable: organización"), queryset=None, required=False)
    responsible_text = forms.CharField(label=_("Unidad responsable: texto"), max_length=200, required=False)
    starts_on = forms.DateField(label=_("Inicio"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    ends_on = forms.DateField(label=_("Término"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from hublocal.directory import selectors as directory_selectors

        from . import results
        from .models import ResultNode

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = ResultNode.Kind.choices
        self.fields["parent"].queryset = results.objectives().order_by("-year", "order", "pk")
        # The hub's own units and partners; the hundreds of municipalities would drown the list.
        self.fields["responsible_org"].queryset = directory_selectors.organization_list().exclude(kind="municipality")
        self.fields["measure_key"].widget.attrs["list"] = "measure-keys"


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Hito"), max_length=200)
    weight = forms.FloatField(label=_("Peso"), initial=1, help_text=_("Número positivo: cuánto cuenta este hito."))
    due_on = forms.DateField(
        label=_("Fecha comprometida"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    done_on = forms.DateField(
        label=_("Fecha de cumplimiento"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Vacía mientras el hito no se cumple."),
    )
    evidence_url = forms.CharField(label=_("Enlace a la evidencia"), max_length=200, required=False)


class HighlightsForm(forms.Form):
    highlights = forms.CharField(
        label=_("Hitos destacados del año"), widget=forms.Textarea(attrs={"rows": 6}), max_length=4000, required=False
    )
