"""Forms of the articulation pages: they parse input; the rules live in services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hublocal.core.areas import Area

from .models import (
    ActivityKind,
    CommitmentStatus,
    EvidenceKind,
    MemberRole,
    MinutesStatus,
    PolicyKind,
    PolicyOutcome,
    TableStatus,
)


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


# --- Staff and coordinator forms: parsing only; the services hold the rules ------------------


class TableForm(forms.Form):
    theme = forms.CharField(label=_("Tema"), max_length=200)
    area = forms.ChoiceField(label=_("Área prioritaria"), choices=Area.choices)
    description = forms.CharField(label=_("Descripción"), widget=forms.Textarea(attrs={"rows": 5}))
    status = forms.ChoiceField(label=_("Estado"), choices=TableStatus.choices, initial=TableStatus.ACTIVE)


class MemberAddForm(forms.Form):
    organization = forms.TypedChoiceField(label=_("Organización"), coerce=int, empty_value=None)
    role = forms.ChoiceField(label=_("Rol"), choices=MemberRole.choices, initial=MemberRole.MEMBER)
    country = forms.CharField(
        label=_("País (código de dos letras)"), max_length=2, initial="CL", help_text=_("Por ejemplo CL, AR, ES, US.")
    )

    def __init__(self, *args: Any, organizations: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].choices = [("", _("— Elija una organización del directorio —"))] + [
            (o.pk, o.name) for o in organizations
        ]


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Rol"), choices=MemberRole.choices)
    country = forms.CharField(label=_("País"), max_length=2)


TIME_ZONE_HELP = _("Zona horaria IANA de la reunión, por ejemplo America/Santiago, Pacific/Easter o Europe/Madrid.")


class MeetingForm(forms.Form):
    day = forms.DateField(label=_("Fecha de la reunión"), widget=forms.DateInput(attrs={"type": "date"}))
    hour = forms.TimeField(label=_("Hora de inicio"), widget=forms.TimeInput(attrs={"type": "time"}))
    time_zone = forms.CharField(
        label=_("Zona horaria"), max_length=60, initial="America/Santiago", help_text=TIME_ZONE_HELP
    )
    place = forms.CharField(label=_("Lugar"), max_length=200, required=False)
    link = forms.URLField(label=_("Enlace de conexión"), max_length=200, required=False, assume_scheme="https")
    # Not required here: the service checks it along with the time zone and the place, so a
    # person sees every problem of the meeting at once.
    agenda = forms.CharField(label=_("Tabla (agenda)"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    present = forms.TypedMultipleChoiceField(
        label=_("Asistieron"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    minutes = forms.CharField(label=_("Texto del acta"), required=False, widget=forms.Textarea(attrs={"rows": 8}))
    minutes_status = forms.ChoiceField(
        label=_("Estado del acta"),
        choices=MinutesStatus.choices,
        initial=MinutesStatus.NONE,
        help_text=_("Un acta aprobada es pública en la página de la mesa; un borrador lo ven solo sus integrantes."),
    )

    def __init__(self, *args: Any, members: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [(m.pk, m.organization.name) for m in members]


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Título del documento"), max_length=200, required=False)
    file = forms.FileField(
        label=_("Archivo"), required=False, help_text=_("PDF, DOCX, XLSX u ODT."), allow_empty_file=True
    )
    internal = forms.BooleanField(label=_("Solo para integrantes de la mesa"), required=False)


class PolicyForm(forms.Form):
    kind = forms.ChoiceField(label=_("Tipo"), choices=PolicyKind.choices)
    boletin = forms.CharField(
        label=_("Boletín"), max_length=12, required=False, help_text=_("Obligatorio para un proyecto de ley: 12345-06.")
    )
    title = forms.CharField(label=_("Título"), max_length=250)
    area = forms.ChoiceField(label=_("Área prioritaria"), choices=Area.choices)
    summary = forms.CharField(label=_("Resumen"), widget=forms.Textarea(attrs={"rows": 4}))
    position = forms.CharField(label=_("Posición del Hub"), widget=forms.Textarea(attrs={"rows": 5}))
    outcome = forms.ChoiceField(label=_("Resultado"), choices=PolicyOutcome.choices, initial=PolicyOutcome.OPEN)
    outcome_note = forms.CharField(
        label=_("Detalle del resultado"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    published = forms.BooleanField(label=_("Publicada"), required=False)


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Tipo de evidencia"), choices=EvidenceKind.choices)
    ref_id = forms.IntegerField(
        label=_("Número del recurso, piloto o campaña"),
        required=False,
        min_value=1,
        max_value=2**31 - 1,
        help_text=_("El número que aparece en la dirección de su página en la plataforma."),
    )
    dimension = forms.CharField(
        label=_("Dimensión del diagnóstico"),
        max_length=40,
        required=False,
        help_text=_("Solo para una cifra del diagnóstico; vacío para el índice general."),
    )


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(label=_("Tipo"), choices=ActivityKind.choices)
    happened_on = forms.DateField(label=_("Fecha"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    description = forms.CharField(label=_("Descripción"), max_length=500)
    link = forms.URLField(label=_("Enlace"), max_length=200, required=False, assume_scheme="https")
