"""Forms of the network pages. They check shape; the services check the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import StageStatus


def _date() -> forms.DateInput:
    # ISO values: a browser's date input shows nothing for a localised date ("8 Ago 2026").
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class StageForm(forms.Form):
    status = forms.ChoiceField(label=_("Estado"), choices=StageStatus.choices)
    starts_on = forms.DateField(label=_("Inicio"), required=False, widget=_date())
    ends_on = forms.DateField(label=_("Término"), required=False, widget=_date())
