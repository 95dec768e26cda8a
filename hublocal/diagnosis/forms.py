"""Forms of the diagnosis pages. The questionnaire itself is built from the instrument data."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from hublocal.core.text import ascii_int
from hublocal.territory import selectors as territory_selectors

from .instruments import Dimension, Instrument
from .scoring import is_visible
from .services import AnswerInput


class CampaignForm(forms.Form):
    name = forms.CharField(label=_("Nombre de la campaña"), max_length=200)
    instrument = forms.ChoiceField(label=_("Instrumento (versión publicada)"))
    opens_at = forms.DateTimeField(label=_("Abre"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    closes_at = forms.DateTimeField(label=_("Cierra"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    region = forms.ChoiceField(label=_("Municipios de la región"), required=False)
    typology = forms.ChoiceField(label=_("Municipios de la tipología"), required=False)
    codes = forms.CharField(
        label=_("O bien, códigos de comuna"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Separados por coma o espacio, p. ej. 13101, 05101. Se combinan con los filtros (unión)."),
    )
    remind_after_days = forms.IntegerField(
        label=_("Recordar al punto focal tras (días sin actividad)"), initial=7, min_value=1, max_value=90
    )
    escalate_admin_after_days = forms.IntegerField(
        label=_("Escalar al administrador municipal tras (días)"), initial=14, min_value=2, max_value=120
    )
    escalate_mayor_after_days = forms.IntegerField(
        label=_("Escalar a alcaldía tras (días)"), initial=21, min_value=3, max_value=180
    )
    results_public = forms.BooleanField(
        label=_("Publicar los puntajes como datos abiertos"), required=False, initial=True
    )

    def __init__(self, *args: Any, versions: list[Any] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.versions = {str(v.pk): v for v in versions}
        self.fields["instrument"].choices = [(str(v.pk), f"{v.title} · v{v.version}") for v in versions]
        self.fields["region"].choices = [("", _("—"))] + [(r.code, r.name) for r in territory_selectors.region_list()]
        self.fields["typology"].choices = [("", _("—"))] + list(territory_selectors.Typology.choices)

    def clean_codes(self) -> list[str]:
        raw = self.cleaned_data.get("codes", "")
        codes = [c for c in raw.replace(",", " ").split() if c]
        unknown = [c for c in codes if not (c.isdigit() and len(c) == 5)]
        if unknown:
            raise forms.ValidationError(_("Códigos inválidos: %(c)s") % {"c": ", ".join(unknown[:10])})
        return codes

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not (data.get("region") or data.get("typology") or data.get("codes")):
            raise forms.ValidationError(_("Elija municipios por región, tipología o códigos."))
        version = self.versions.get(data.get("instrument", ""))
        if version is None:
            self.add_error("instrument", _("Elija un instrumento publicado."))
        data["instrument_version"] = version
        return data


class ConfirmForm(forms.Form):
    focal_point = forms.TypedChoiceField(
        label=_("Punto focal de la municipalidad"),
        coerce=int,
        required=False,
        help_text=_("Quien coordina a sus colegas y envía el diagnóstico."),
    )

    def __init__(self, *args: Any, people: list[Any] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["focal_point"].choices = [("", _("Mantener el actual"))] + [(p.pk, p.full_name) for p in people]


class ReopenForm(forms.Form):
    extended_until = forms.DateTimeField(
        label=_("Nuevo plazo (opcional)"), required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )


def field_name(question_id: str) -> str:
    return f"q_{question_id}"


def version_name(question_id: str) -> str:
    return f"v_{question_id}"


def present_name(question_id: str) -> str:
    return f"p_{question_id}"


def parse_section(post: QueryDict, instrument: Instrument, dimension: Dimension) -> list[AnswerInput]:
    """Answers of one section as posted. Only questions that were on the page (marked present)
    are read, so a question hidden by a condition is never cleared by omission."""
    items: list[AnswerInput] = []
    for q in dimension.questions:
        if present_name(q.id) not in post:
            continue
        name = field_name(q.id)
        if q.type == "multiple":
            value: Any = post.getlist(name)
        else:
            value = post.get(name, "")
            if q.type == "yesno" and value in ("si", "no"):
                value = value == "si"
        raw_version = post.get(version_name(q.id), "")
        expected = ascii_int(raw_version)
        items.append(AnswerInput(question_id=q.id, value=value, expected_version=expected))
    return items


def visible_questions(instrument: Instrument, dimension: Dimension, answers: dict[str, Any]) -> list[Any]:
    return [q for q in dimension.questions if is_visible(instrument, q, answers)]
