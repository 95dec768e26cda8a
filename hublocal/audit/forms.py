from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from . import selectors

# Dates outside these years are typing mistakes (and year 1 or 9999 overflow the day after).
MIN_YEAR, MAX_YEAR = 2000, 2100


class AuditFilterForm(forms.Form):
    """The trail's filters (a GET form: the page, its CSV export and the API share them)."""

    actor = forms.CharField(label=_("Usuario"), max_length=150, required=False)
    action = forms.ChoiceField(label=_("Acción"), required=False)
    object_type = forms.CharField(label=_("Tipo de objeto"), max_length=80, required=False)
    object_id = forms.CharField(label=_("Id del objeto"), max_length=64, required=False)
    date_from = forms.DateField(
        label=_("Desde"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    date_to = forms.DateField(
        label=_("Hasta"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("Todas")), *selectors.audit_action_choices()]

    def _clean_date(self, name: str) -> date | None:
        value = self.cleaned_data.get(name)
        if value is not None and not MIN_YEAR <= value.year <= MAX_YEAR:
            raise forms.ValidationError(
                _("La fecha debe estar entre los años %(lo)s y %(hi)s."), params={"lo": MIN_YEAR, "hi": MAX_YEAR}
            )
        return value

    def clean_date_from(self) -> date | None:
        return self._clean_date("date_from")

    def clean_date_to(self) -> date | None:
        return self._clean_date("date_to")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("La fecha «hasta» debe ser igual o posterior a «desde»."))
        return data

    def filters(self) -> dict[str, Any]:
        """The selector's keyword arguments (call after is_valid())."""
        d = self.cleaned_data
        return {
            "actor_username": d.get("actor", "").strip(),
            "action": d.get("action", ""),
            "object_type": d.get("object_type", "").strip(),
            "object_id": d.get("object_id", "").strip(),
            "date_from": d.get("date_from"),
            "date_to": d.get("date_to"),
        }


def filters_for_record(filters: dict[str, Any]) -> dict[str, str]:
    """The filters as JSON-safe text, only those set (for the export's own audit event)."""
    return {k: v.isoformat() if isinstance(v, date) else str(v) for k, v in filters.items() if v}
