"""Forms of the project pages. They check shape; the services check the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import PartnerRole, ProjectStatus

PARTNER_ROWS = 4


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


class ProjectForm(forms.Form):
    """A project's terms. On creation it also has four rows of partners (organisation and role);
    the first is required (the service says so)."""

    title = forms.CharField(label=_("Título"), max_length=200)
    summary = forms.CharField(label=_("Resumen"), widget=forms.Textarea(attrs={"rows": 3}), max_length=10_000)
    objectives = forms.CharField(
        label=_("Objetivos"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10_000,
        help_text=_("Uno por línea."),
    )
    starts_on = forms.DateField(label=_("Inicio"), widget=_date())
    ends_on = forms.DateField(label=_("Término"), widget=_date())
    status = forms.ChoiceField(label=_("Estado"), choices=ProjectStatus.choices)
    contact_name = forms.CharField(label=_("Persona de contacto (opcional)"), max_length=200, required=False)
    contact_email = forms.EmailField(label=_("Correo de contacto (opcional)"), required=False)

    def __init__(self, *args: Any, organizations: list[tuple[int, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if organizations is None:
            return
        orgs = [("", _("Ninguna"))] + [(str(pk), name) for pk, name in organizations]
        for i in range(1, PARTNER_ROWS + 1):
            self.fields[f"partner_{i}_organization"] = forms.ChoiceField(
                label=_("Socio %(n)s: organización") % {"n": i}, choices=orgs, required=False
            )
            self.fields[f"partner_{i}_role"] = forms.ChoiceField(
                label=_("Socio %(n)s: rol") % {"n": i}, choices=[("", "—")] + list(PartnerRole.choices), required=False
            )

    def partner_rows(self) -> list[tuple[int, str]]:
        """(organisation id, role) of the rows filled in; a half-filled row is an error."""
        rows = []
        for i in range(1, PARTNER_ROWS + 1):
            org = self.cleaned_data.get(f"partner_{i}_organization") or ""
            role = self.cleaned_data.get(f"partner_{i}_role") or ""
            if org and not role:
                self.add_error(f"partner_{i}_role", _("Elija el rol de esta organización."))
            elif role and not org:
                self.add_error(f"partner_{i}_organization", _("Elija la organización de este rol."))
            elif org:
                rows.append((int(org), role))
        return rows

    def terms(self) -> dict[str, Any]:
        return {
            k: self.cleaned_data[k]
            for k in (
                "title",
                "summary",
                "objectives",
                "starts_on",
                "ends_on",
                "status",
                "contact_name",
                "contact_email",
            )
        }
