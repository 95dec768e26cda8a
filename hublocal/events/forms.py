"""Forms of the events pages: they parse input; the rules live in services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import EventKind, PaymentStatus, PitchStatus

TZ_HELP = _("Zona horaria IANA, por ejemplo America/Santiago, Pacific/Easter o America/Punta_Arenas.")
DT = {"type": "datetime-local"}


class EventForm(forms.Form):
    kind = forms.ChoiceField(label=_("Tipo"), choices=EventKind.choices)
    title = forms.CharField(label=_("Título"), max_length=200)
    description = forms.CharField(
        label=_("Descripción"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Admite Markdown."),
    )
    starts_at = forms.DateTimeField(label=_("Inicio"), widget=forms.DateTimeInput(attrs=DT, format="%Y-%m-%dT%H:%M"))
    ends_at = forms.DateTimeField(label=_("Término"), widget=forms.DateTimeInput(attrs=DT, format="%Y-%m-%dT%H:%M"))
    timezone = forms.CharField(label=_("Zona horaria"), max_length=60, initial="America/Santiago", help_text=TZ_HELP)
    place = forms.CharField(label=_("Lugar"), max_length=200, required=False)
    online_url = forms.URLField(
        label=_("Enlace de conexión (solo lo ven las personas inscritas)"),
        max_length=300,
        required=False,
        assume_scheme="https",
    )
    organisers = forms.TypedMultipleChoiceField(
        label=_("Organizan"), coerce=int, required=False, widget=forms.SelectMultiple(attrs={"size": 5})
    )
    capacity = forms.IntegerField(label=_("Cupos"), min_value=1, max_value=100_000)
    registration_opens_at = forms.DateTimeField(
        label=_("Apertura de inscripciones"), widget=forms.DateTimeInput(attrs=DT, format="%Y-%m-%dT%H:%M")
    )
    registration_closes_at = forms.DateTimeField(
        label=_("Cierre de inscripciones"), widget=forms.DateTimeInput(attrs=DT, format="%Y-%m-%dT%H:%M")
    )
    fee_municipal = forms.IntegerField(
        label=_("Valor funcionario/a municipal (CLP)"), min_value=0, max_value=100_000_000, initial=0
    )
    fee_startup = forms.IntegerField(label=_("Valor startup (CLP)"), min_value=0, max_value=100_000_000, initial=0)
    fee_partner = forms.IntegerField(
        label=_("Valor institución aliada (CLP)"), min_value=0, max_value=100_000_000, initial=0
    )
    fee_public = forms.IntegerField(
        label=_("Valor público general (CLP)"), min_value=0, max_value=100_000_000, initial=0
    )

    def __init__(self, *args: Any, organizations: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisers"].choices = [(o.pk, o.name) for o in organizations]


class StatusForm(forms.Form):
    status = forms.CharField(max_length=20)


class PaymentForm(forms.Form):
    payment_status = forms.ChoiceField(
        label=_("Pago"),
        choices=[c for c in PaymentStatus.choices if c[0] != PaymentStatus.NOT_DUE],
    )


class PitchForm(forms.Form):
    solution = forms.TypedChoiceField(label=_("Solución"), coerce=int, empty_value=None, required=False)
    summary = forms.CharField(
        label=_("¿Qué mostrará en el pitch?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def __init__(self, *args: Any, solutions: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["solution"].choices = [("", _("— Elija una solución de su startup —"))] + [
            (s.pk, s.name) for s in solutions
        ]


class PitchDecisionForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Decisión"), choices=[c for c in PitchStatus.choices if c[0] != PitchStatus.WITHDRAWN]
    )
    agenda_order = forms.IntegerField(label=_("Lugar en la agenda"), min_value=1, max_value=1000, required=False)
    row_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=2**31 - 1)


class AwardForm(forms.Form):
    title = forms.CharField(label=_("Título"), max_length=200)
    year = forms.IntegerField(label=_("Año"), min_value=2000, max_value=2100)
    description = forms.CharField(label=_("Descripción"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    rubric = forms.ChoiceField(label=_("Rúbrica del jurado"))

    def __init__(self, *args: Any, rubrics: list[tuple[str, int]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rubric"].choices = [(f"{s}:{v}", f"{s} v{v}") for s, v in rubrics]


class CategoryForm(forms.Form):
    name = forms.CharField(label=_("Nombre de la categoría"), max_length=200)
    description = forms.CharField(label=_("Descripción"), max_length=2000, required=False)


class JurorForm(forms.Form):
    username = forms.CharField(label=_("Nombre de usuario de la persona"), max_length=150)


class WinnersForm(forms.Form):
    winners = forms.TypedMultipleChoiceField(label=_("Ganadores"), coerce=int, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, nominations: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["winners"].choices = [(n.pk, f"{n.category.name}: {n.title}") for n in nominations]


class NominationForm(forms.Form):
    category = forms.TypedChoiceField(label=_("Categoría"), coerce=int, empty_value=None)
    organization = forms.TypedChoiceField(label=_("Municipio"), coerce=int, empty_value=None, required=False)
    title = forms.CharField(label=_("Innovación"), max_length=200)
    description = forms.CharField(label=_("Descripción"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5}))
    evidence_url = forms.URLField(label=_("Enlace a evidencia"), max_length=300, required=False, assume_scheme="https")
    pilot = forms.IntegerField(label=_("Piloto relacionado (número)"), min_value=1, max_value=2**31 - 1, required=False)
    resource = forms.IntegerField(
        label=_("Recurso de la biblioteca relacionado (número)"), min_value=1, max_value=2**31 - 1, required=False
    )

    def __init__(self, *args: Any, categories: list[Any], municipalities: list[Any] | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("— Elija —"))] + [(c.pk, c.name) for c in categories]
        if municipalities is None:
            del self.fields["organization"]  # a municipality nominates itself
        else:
            self.fields["organization"].choices = [("", _("— Elija un municipio —"))] + [
                (m.pk, m.name) for m in municipalities
            ]


class ScoreForm(forms.Form):
    no_conflict = forms.BooleanField(
        label=_("Declaro que no tengo conflicto de interés con esta nominación."), required=False
    )
    comment = forms.CharField(
        label=_("Comentario (opcional)"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, rubric: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "—")] + [(str(v), str(v)) for v in range(rubric.scale_min, rubric.scale_max + 1)]
        for c in reversed(rubric.criteria):
            self.fields = {
                f"c_{c.id}": forms.ChoiceField(
                    label=f"{c.label} ({c.weight}%)", help_text=c.description, choices=choices, required=False
                ),
                **self.fields,
            }
