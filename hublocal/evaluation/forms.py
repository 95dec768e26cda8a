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
