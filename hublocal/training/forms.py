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


# --------------------------------------------------------------------------- Group projects


class GroupForm(forms.Form):
    name = forms.CharField(label=_("Nombre del grupo"), max_length=120)
    members = forms.MultipleChoiceField(
        label=_("Integrantes"), widget=forms.CheckboxSelectMultiple, help_text=_("Participantes aún sin grupo.")
    )
    mentor = forms.ChoiceField(label=_("Mentoría"), required=False)
    title = forms.CharField(label=_("Título inicial del proyecto (opcional)"), max_length=200, required=False)


class ProjectForm(forms.Form):
    title = forms.CharField(label=_("Título"), max_length=200)
    problem = forms.CharField(label=_("Problema"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    local_context = forms.CharField(label=_("Contexto local"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    concept = forms.CharField(label=_("Concepto"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    test_findings = forms.CharField(
        label=_("Resultados de la prueba"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


class PrototypeForm(forms.Form):
    text = forms.CharField(label=_("Descripción del prototipo"), widget=forms.Textarea(attrs={"rows": 6}))
    file = forms.FileField(
        label=_("Archivo o imagen (opcional)"),
        required=False,
        help_text=_("PDF, DOCX, XLSX u ODT hasta 20 MB, o imagen PNG o JPEG hasta 5 MB."),
    )


class FeedbackForm(forms.Form):
    body = forms.CharField(label=_("Comentario"), widget=forms.Textarea(attrs={"rows": 4}))
    version = forms.TypedChoiceField(label=_("Sobre"), coerce=int, required=False, empty_value=None)


class PresentationForm(forms.Form):
    presented_on = forms.DateField(label=_("Fecha de la presentación"), widget=forms.DateInput(attrs={"type": "date"}))
    url = forms.CharField(label=_("Enlace a la presentación o al video"), max_length=500, required=False)
    file = forms.FileField(label=_("Archivo de la presentación"), required=False)


class ConvertForm(forms.Form):
    target = forms.ChoiceField(
        label=_("Convertir en"),
        choices=[("challenge", _("Desafío del programa de innovación")), ("resource", _("Recurso de la biblioteca"))],
    )
    area = forms.ChoiceField(label=_("Área del desafío"), required=False)
