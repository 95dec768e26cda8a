"""Training forms: the application, the staff decision, the session code, and the video-tool
attendance import (upload, then confirm the preview). Business rules stay in services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ApplicationStatus


class ApplyForm(forms.Form):
    motivation = forms.CharField(
        label=_("¿Por qué quiere participar y qué problema de su municipio quiere abordar?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
    )


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decisión"), choices=[("accept", _("Aceptar")), ("reject", _("No seleccionar"))]
    )
    note = forms.CharField(label=_("Nota para la persona (opcional)"), required=False, max_length=500)


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Código de la sesión"),
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "inputmode": "text"}),
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Reporte de asistencia (CSV de Zoom, Meet o Teams)"))
    min_minutes = forms.IntegerField(
        label=_("Minutos mínimos para contar como presente"), min_value=0, max_value=1440, initial=45
    )


class ImportConfirmForm(forms.Form):
    content = forms.CharField(widget=forms.HiddenInput, max_length=2 * 1024 * 1024)
    min_minutes = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=1440)


class ApplicationFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Estado"), choices=[("", _("Todos")), *ApplicationStatus.choices], required=False
    )
    country = forms.CharField(label=_("País (código)"), max_length=2, required=False)
    q = forms.CharField(label=_("Nombre"), max_length=100, required=False)
