"""Forms of the library pages. They only shape input; the services validate the content."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hublocal.core.areas import Area
from hublocal.territory.selectors import Typology

from . import content, files
from .models import Decision, Kind, Language, Licence
from .services import COUNTRIES, MODEL_LISTS, TYPOLOGIES

TYPOLOGY_CHOICES = [(t, label) for t, label in Typology.choices if t in TYPOLOGIES]


def _lines(value: str) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


class ResourceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Tipo de recurso"), choices=[("", _("Elija un tipo")), *Kind.choices])
    title = forms.CharField(label=_("Título"), max_length=250)
    summary = forms.CharField(
        label=_("Resumen"),
        max_length=1500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("De una a tres frases."),
    )
    body = forms.CharField(
        label=_("Contenido"),
        required=False,
        max_length=60_000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("En Markdown: ## para títulos, - para listas, [texto](https://…) para enlaces."),
    )
    areas = forms.MultipleChoiceField(
        label=_("Áreas prioritarias"), choices=Area.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    typologies = forms.MultipleChoiceField(
        label=_("Tipologías de municipio donde aplica"),
        choices=TYPOLOGY_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Ninguna marcada: aplica a todas."),
    )
    countries = forms.MultipleChoiceField(
        label=_("Países"), choices=[(c, c) for c in COUNTRIES], initial=["CL"], widget=forms.CheckboxSelectMultiple
    )
    language = forms.ChoiceField(label=_("Idioma"), choices=Language.choices, initial=Language.ES)
    licence = forms.ChoiceField(label=_("Licencia"), choices=Licence.choices, initial=Licence.CC_BY)
    published_on = forms.DateField(
        label=_("Fecha de publicación original"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Si ya se publicó en otro lugar. Si no, se usa la fecha de aprobación."),
    )
    authors = forms.CharField(
        label=_("Autores"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Un nombre por línea, como deben citarse."),
    )
    tags = forms.CharField(label=_("Etiquetas"), required=False, max_length=600, help_text=_("Separadas por comas."))
    dimensions = forms.MultipleChoiceField(
        label=_("Dimensiones del diagnóstico que aborda"), required=False, widget=forms.CheckboxSelectMultiple
    )
    related_solutions = forms.CharField(
        label=_("Soluciones relacionadas"), required=False, max_length=300, help_text=_("Números, separados por comas.")
    )
    related_challenges = forms.CharField(
        label=_("Desafíos relacionados"), required=False, max_length=300, help_text=_("Números, separados por comas.")
    )
    related_pilots = forms.CharField(
        label=_("Pilotos relacionados"), required=False, max_length=300, help_text=_("Números, separados por comas.")
    )
    # Replicable-model template (kind replicable_model).
    model_problem = forms.CharField(
        label=_("Modelo: problema que resuelve"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    model_typologies = forms.MultipleChoiceField(
        label=_("Modelo: tipologías donde funcionó"),
        choices=TYPOLOGY_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    model_population_min = forms.IntegerField(label=_("Modelo: población mínima"), required=False, min_value=0)
    model_population_max = forms.IntegerField(label=_("Modelo: población máxima"), required=False, min_value=0)
    model_budget = forms.CharField(label=_("Modelo: presupuesto del contexto"), required=False, max_length=300)
    model_staff = forms.CharField(label=_("Modelo: personal necesario"), required=False, max_length=500)
    model_cost_min_clp = forms.IntegerField(label=_("Modelo: costo mínimo (CLP)"), required=False, min_value=0)
    model_cost_max_clp = forms.IntegerField(label=_("Modelo: costo máximo (CLP)"), required=False, min_value=0)
    model_months = forms.IntegerField(label=_("Modelo: duración (meses)"), required=False, min_value=0, max_value=120)
    model_steps = forms.CharField(
        label=_("Modelo: pasos"), required=False, max_length=8000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Uno por línea."),
    )  # fmt: skip
    model_prerequisites = forms.CharField(
        label=_("Modelo: requisitos previos"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    model_risks = forms.CharField(
        label=_("Modelo: riesgos"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    model_indicators = forms.CharField(
        label=_("Modelo: indicadores a medir"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    model_contacts = forms.CharField(
        label=_("Modelo: contactos"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Cargos e instituciones (no publique correos personales sin consentimiento)."),
    )
    change_note = forms.CharField(
        label=_("Nota de cambios"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Obligatoria al editar un recurso publicado: qué cambia en esta versión."),
    )
    file = forms.FileField(
        label=_("Documento adjunto"),
        required=False,
        help_text=_("PDF, DOCX, XLSX, ODT o CSV; hasta %(mb)s MB.") % {"mb": files.MAX_BYTES // 1024 // 1024},
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.xlsx,.odt,.csv"}),
    )

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["dimensions"].choices = content.dimension_choices()
        if editing:
            del self.fields["kind"]
        else:
            # A change note explains a new version; a first proposal has none.
            del self.fields["change_note"]

    def content_data(self) -> dict[str, Any]:
        d = self.cleaned_data
        model = {
            "problem": d.get("model_problem", ""),
            "context": {
                "typologies": d.get("model_typologies") or [],
                "population_min": d.get("model_population_min"),
                "population_max": d.get("model_population_max"),
                "budget": d.get("model_budget", ""),
            },
            "resources": {
                "staff": d.get("model_staff", ""),
                "cost_min_clp": d.get("model_cost_min_clp"),
                "cost_max_clp": d.get("model_cost_max_clp"),
                "months": d.get("model_months"),
            },
            **{key: _lines(d.get(f"model_{key}", "")) for key in MODEL_LISTS},
        }
        return {
            "title": d["title"],
            "summary": d["summary"],
            "body": d.get("body", ""),
            "areas": d.get("areas") or [],
            "typologies": d.get("typologies") or [],
            "countries": d.get("countries") or ["CL"],
            "language": d["language"],
            "licence": d["licence"],
            "published_on": d.get("published_on"),
            "authors": _lines(d.get("authors", "")),
            "tags": [t.strip() for t in (d.get("tags") or "").split(",") if t.strip()],
            "dimensions": d.get("dimensions") or [],
            "related_solutions": d.get("related_solutions", ""),
            "related_challenges": d.get("related_challenges", ""),
            "related_pilots": d.get("related_pilots", ""),
            "model": model if d.get("model_problem") else {},
        }

    def uploads(self) -> list[tuple[str, bytes]]:
        upload = self.cleaned_data.get("file")
        if not upload:
            return []
        if upload.size > files.MAX_BYTES:
            # Checked again by the service; refused here before reading it all into memory.
            return [(upload.name, b"\0" * (files.MAX_BYTES + 1))]
        return [(upload.name, upload.read())]


def initial_from_version(version: Any) -> dict[str, Any]:
    model = version.model or {}
    ctx, res = model.get("context") or {}, model.get("resources") or {}
    initial = {
        "title": version.title,
        "summary": version.summary,
        "body": version.body,
        "areas": version.areas,
        "typologies": version.typologies,
        "countries": version.countries,
        "language": version.language,
        "licence": version.licence,
        "published_on": version.published_on,
        "authors": "\n".join(version.authors),
        "tags": ", ".join(version.tags),
        "dimensions": [f"{a}:{d}" for a, d in version.dimensions],
        "related_solutions": ", ".join(str(i) for i in version.related_solutions),
        "related_challenges": ", ".join(str(i) for i in version.related_challenges),
        "related_pilots": ", ".join(str(i) for i in version.related_pilots),
        "model_problem": model.get("problem", ""),
        "model_typologies": ctx.get("typologies", []),
        "model_population_min": ctx.get("population_min"),
        "model_population_max": ctx.get("population_max"),
        "model_budget": ctx.get("budget", ""),
        "model_staff": res.get("staff", ""),
        "model_cost_min_clp": res.get("cost_min_clp"),
        "model_cost_max_clp": res.get("cost_max_clp"),
        "model_months": res.get("months"),
    }
    for key in MODEL_LISTS:
        initial[f"model_{key}"] = "\n".join(model.get(key, []))
    return initial


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decisión"), choices=Decision.choices, widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_("Comentario para los autores"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Obligatorio al devolver: qué deben corregir."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = content.criteria()
        for c in self.criteria["criteria"]:
            self.fields[f"c_{c['id']}"] = forms.BooleanField(
                label=c["title"], required=False, help_text=c["description"]
            )

    def checklist(self) -> dict[str, bool]:
        return {c["id"]: bool(self.cleaned_data.get(f"c_{c['id']}")) for c in self.criteria["criteria"]}


class EvidenceForm(forms.Form):
    level = forms.TypedChoiceField(label=_("Nivel de evidencia"), coerce=int, choices=[], widget=forms.RadioSelect)
    justification = forms.CharField(label=_("Justificación"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
    evidence = forms.CharField(
        label=_("Evidencia"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Una por línea: tipo | referencia | descripción. Tipos: pilot (número de piloto), resource "
            "(número de recurso), replication, url (https://…)."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [
            (lv["level"], f"{lv['level']} — {lv['title']}") for lv in content.evidence_scale()["levels"]
        ]

    def evidence_items(self) -> list[dict[str, str]]:
        items = []
        for line in _lines(self.cleaned_data.get("evidence", "")):
            parts = [p.strip() for p in line.split("|")]
            items.append(
                {
                    "kind": parts[0],
                    "ref": parts[1] if len(parts) > 1 else "",
                    "label": parts[2] if len(parts) > 2 else "",
                }
            )
        return items


class RetireForm(forms.Form):
    reason = forms.CharField(label=_("Motivo del retiro"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class ReviewerForm(forms.Form):
    user = forms.TypedChoiceField(label=_("Persona de una organización aliada"), coerce=int, choices=[])
    areas = forms.MultipleChoiceField(
        label=_("Áreas que revisa"),
        choices=Area.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Ninguna marcada: todas."),
    )

    def __init__(self, *args: Any, candidates: list[Any] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [("", _("Elija una persona"))] + [
            (u.pk, f"{u.get_full_name() or u.username} — {u.organization.name if u.organization else ''}")
            for u in candidates
        ]


class DimensionLinkForm(forms.Form):
    resource = forms.CharField(
        label=_("Recurso (identificador)"),
        max_length=140,
        help_text=_("El identificador de su dirección, p. ej. protocolo-patrullaje."),
    )
    dimension = forms.ChoiceField(label=_("Dimensión del diagnóstico"), choices=[])
    note = forms.CharField(label=_("Nota"), required=False, max_length=300)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["dimension"].choices = [("", _("Elija una dimensión")), *content.dimension_choices()]
