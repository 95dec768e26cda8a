"""Forms of the articulation pages: they parse input; the rules live in services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import CommitmentStatus


class CommitmentForm(forms.Form):
    what = forms.CharField(label=_("Compromiso"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))
    # Not required here: the service explains what a missing owner means.
    owner = forms.TypedChoiceField(label=_("Organización responsable"), coerce=int, required=False, empty_value=None)
    due_on = forms.DateField(
        label=_("Fecha comprometida"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    meeting = forms.TypedChoiceField(label=_("Acordado en la reunión"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, members: list[Any], meetings: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", _("— Elija una organización integrante —"))] + [
            (m.pk, m.organization.name) for m in members
        ]
        self.fields["meeting"].choices = [("", _("— Ninguna —"))] + [
            (m.pk, m.starts_at.strftime("%Y-%m-%d")) for m in meetings
        ]


class CommitmentStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Nuevo estado"),
        choices=[
            (CommitmentStatus.KEPT, _("Cumplido")),
            (CommitmentStatus.DROPPED, _("Desistido")),
            (CommitmentStatus.PENDING, _("Pendiente")),
        ],
    )
    reason = forms.CharField(label=_("Motivo (obligatorio al desistir)"), max_length=500, required=False)
