"""Forms of the project pages. They check shape; the services check the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


def _date() -> forms.DateInput:
    # ISO values: a browser's date input shows nothing for a localised date ("8 Ago 2026").
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MilestoneUpdateForm(forms.Form):
    progress = forms.IntegerField(
        label=_("Avance (%)"), help_text=_("Un número entero de 0 a 100; 100 es un hito cumplido.")
    )
    starts_on = forms.DateField(label=_("Inicio"), widget=_date())
    due_on = forms.DateField(label=_("Fecha comprometida"), widget=_date())
    weight = forms.IntegerField(
        label=_("Peso"), help_text=_("Su parte en el avance del proyecto, de 1 a 100 (relativo a los demás hitos).")
    )


class MilestoneAddForm(MilestoneUpdateForm):
    title = forms.CharField(label=_("Título del hito"), max_length=200)
    description = forms.CharField(
        label=_("Descripción (opcional)"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=10_000
    )

    field_order = ["title", "description", "starts_on", "due_on", "weight", "progress"]


class ResultForm(forms.Form):
    title = forms.CharField(label=_("Resultado"), max_length=200)
    evidence = forms.CharField(
        label=_("Evidencia"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10_000,
        help_text=_("Qué se logró y cómo se sabe (cifras, documentos, testimonios)."),
    )
    link = forms.CharField(label=_("Enlace (opcional)"), required=False, max_length=500)
    file = forms.FileField(label=_("Documento (opcional)"), required=False, help_text=_("PDF, DOCX, XLSX, ODT o CSV."))
