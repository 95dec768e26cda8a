"""Forms of the assistance pages. They check shape; the services check the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hublocal.core.areas import Area

from . import selectors
from .models import Urgency
from .services import RATING_CRITERIA

PLAN_ROWS = 4
SCORE_CHOICES = [(str(i), str(i)) for i in range(1, 6)]


class RequestForm(forms.Form):
    title = forms.CharField(label=_("Título de la solicitud"), max_length=200)
    area = forms.ChoiceField(label=_("Área"), choices=[("", _("Elija un área"))] + list(Area.choices))
    dimension = forms.ChoiceField(
        label=_("Brecha del diagnóstico (opcional)"),
        required=False,
        help_text=_("La dimensión de su diagnóstico que la asistencia debería mejorar."),
    )
    problem = forms.CharField(
        label=_("Problema"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10_000,
        help_text=_("Qué ocurre hoy, a quién afecta y qué han intentado (al menos 30 caracteres)."),
    )
    urgency = forms.ChoiceField(label=_("Urgencia"), choices=Urgency.choices, initial=Urgency.MEDIUM)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[str, Any]] = [("", _("Sin brecha específica"))]
        labels = dict(Area.choices)
        for area in Area.values:
            for dim, title in selectors.dimension_titles(area=area).items():
                choices.append((f"{area}:{dim}", f"{labels[area]}: {title}"))
        self.fields["dimension"].choices = choices

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        value = data.get("dimension") or ""
        if value:
            area, _sep, dim = value.partition(":")
            if data.get("area") and area != data["area"]:
                self.add_error("dimension", _("La brecha elegida es de otra área."))
            data["dimension"] = dim
        return data


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", _("Aceptar")), ("decline", _("No aceptar"))])
    reason = forms.CharField(
        label=_("Motivo (obligatorio si no se acepta)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class EngagementForm(forms.Form):
    title = forms.CharField(label=_("Título de la asistencia"), max_length=200)
    objective = forms.CharField(label=_("Objetivo y alcance"), widget=forms.Textarea(attrs={"rows": 5}))
    hours = forms.IntegerField(label=_("Horas comprometidas"), min_value=1, max_value=10_000)
    fee_clp = forms.IntegerField(
        label=_("Arancel (CLP)"), min_value=0, max_value=10**11, initial=0, help_text=_("0 si lo cubre el Hub.")
    )
    team = forms.ModelMultipleChoiceField(
        label=_("Equipo"),
        queryset=selectors.team_candidates(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Personas del Hub y expertos de instituciones asociadas."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = selectors.team_candidates()
        self.fields["team"].label_from_instance = lambda u: (
            f"{u.get_full_name() or u.username}" + (f" · {u.organization.name}" if u.organization_id else " · Hub")
        )
        for i in range(1, PLAN_ROWS + 1):
            required = i == 1
            self.fields[f"d{i}_title"] = forms.CharField(
                label=_("Entregable %(n)s: título") % {"n": i}, max_length=200, required=required
            )
            self.fields[f"d{i}_due"] = forms.DateField(
                label=_("Entregable %(n)s: fecha comprometida") % {"n": i},
                required=required,
                widget=forms.DateInput(attrs={"type": "date"}),
            )
            self.fields[f"d{i}_description"] = forms.CharField(
                label=_("Entregable %(n)s: descripción") % {"n": i},
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def plan_rows(self) -> list[list[Any]]:
        return [[self[f"d{i}_title"], self[f"d{i}_due"], self[f"d{i}_description"]] for i in range(1, PLAN_ROWS + 1)]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for i in range(2, PLAN_ROWS + 1):
            if data.get(f"d{i}_title") and not data.get(f"d{i}_due"):
                self.add_error(f"d{i}_due", _("Indique la fecha del entregable."))
            if data.get(f"d{i}_due") and not data.get(f"d{i}_title"):
                self.add_error(f"d{i}_title", _("Escriba el título del entregable."))
        return data

    def plan(self) -> list[dict[str, Any]]:
        d = self.cleaned_data
        return [
            {"title": d[f"d{i}_title"], "due_on": d[f"d{i}_due"], "description": d.get(f"d{i}_description", "")}
            for i in range(1, PLAN_ROWS + 1)
            if d.get(f"d{i}_title")
        ]


class SubmitForm(forms.Form):
    text = forms.CharField(
        label=_("Presentación del entregable"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10_000,
        help_text=_("Qué contiene y qué cambió respecto de la versión anterior, si la hay."),
    )
    file = forms.FileField(
        label=_("Documento (PDF, DOCX, XLSX u ODT, opcional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.xlsx,.odt"}),
    )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decisión"), choices=[("accepted", _("Aceptar")), ("returned", _("Devolver con comentarios"))]
    )
    comment = forms.CharField(
        label=_("Comentarios (obligatorios al devolver)"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class RatingForm(forms.Form):
    comment = forms.CharField(
        label=_("Comentario (opcional)"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, label in RATING_CRITERIA.items():
            self.fields[key] = forms.ChoiceField(
                label=label,
                choices=SCORE_CHOICES,
                widget=forms.RadioSelect,
                help_text=_("1 = muy insatisfecho, 5 = muy satisfecho"),
            )
        self.order_fields([*RATING_CRITERIA, "comment"])

    def criterion_fields(self) -> list[Any]:
        return [self[k] for k in RATING_CRITERIA]

    def scores(self) -> dict[str, str]:
        return {k: self.cleaned_data[k] for k in RATING_CRITERIA}
