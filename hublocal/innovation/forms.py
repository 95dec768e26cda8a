"""Forms of the open-innovation pages. They check shapes and types; the rules (status, dates,
weights, capacity) are the services', whose errors come back beside the fields."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hublocal.core.areas import Area
from hublocal.core.text import fold
from hublocal.directory import selectors as directory_selectors

from .services import MAX_CO_MUNICIPALITIES, MAX_CRITERIA, CriterionInput

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class _CallChoice(forms.Form):
    """An optional "call" field whose choices are the calls the view offers (cleaned to the call)."""

    def __init__(self, *args: Any, calls: list[Any] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.calls = {c.pk: c for c in calls}
        self.fields["call"].choices = [("", _("—"))] + [(c.pk, c.title) for c in calls]

    def clean_call(self) -> Any:
        pk = self.cleaned_data.get("call")
        return self.calls.get(pk) if pk is not None else None


class ChallengeForm(forms.Form):
    """The problem statement, asked as questions about the problem rather than the solution."""

    owner = forms.CharField(
        label=_("Municipalidad dueña del desafío"),
        max_length=120,
        help_text=_("Código de comuna o nombre, p. ej. 13101 o Santiago."),
    )
    title = forms.CharField(
        label=_("Título"),
        max_length=200,
        help_text=_("Nombre el problema, no la solución: «Patentes sin filas», no «Sistema de patentes en línea»."),
    )
    area = forms.ChoiceField(label=_("Área prioritaria"), choices=Area.choices)
    problem = forms.CharField(
        label=_("¿Cuál es el problema?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        help_text=_("Describa lo que ocurre y por qué importa. Evite pedir una tecnología o un producto."),
    )
    affected = forms.CharField(
        label=_("¿Quiénes lo sufren?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=3000,
        help_text=_("Vecinos, funcionarios, empresas… ¿cuántos, dónde y cómo los afecta?"),
    )
    current_process = forms.CharField(
        label=_("¿Cómo se hace hoy?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=3000,
        help_text=_("El proceso actual paso a paso, con sus tiempos y quién interviene."),
    )
    constraints = forms.CharField(
        label=_("Restricciones"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=3000,
        required=False,
        help_text=_("Normas, sistemas con que debe convivir, plazos, lo que no se puede cambiar."),
    )
    budget_min = forms.IntegerField(label=_("Presupuesto mínimo (CLP)"), min_value=0, required=False)
    budget_max = forms.IntegerField(
        label=_("Presupuesto máximo (CLP)"),
        min_value=0,
        required=False,
        help_text=_("Un rango orienta a las startups sin fijar un precio."),
    )
    connectivity = forms.CharField(
        label=_("Conectividad disponible"),
        max_length=200,
        required=False,
        help_text=_("P. ej. «4G intermitente en postas rurales»."),
    )
    staff_skills = forms.CharField(
        label=_("Competencias digitales del equipo"),
        max_length=200,
        required=False,
        help_text=_("Quiénes usarán la solución y con qué experiencia."),
    )
    success = forms.CharField(
        label=_("¿Cómo se ve el éxito?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=3000,
        help_text=_("Un resultado medible: «80% de las patentes en línea en 6 meses», no «un sistema moderno»."),
    )
    co_municipalities = forms.CharField(
        label=_("Otros municipios con el mismo problema"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Opcional. Códigos de comuna o nombres separados por coma: un desafío puede ser compartido."),
    )

    def __init__(self, *args: Any, choose_owner: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not choose_owner:
            del self.fields["owner"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for name, value in data.items():
            if isinstance(value, str) and "\x00" in value:
                self.add_error(name, _("Contiene caracteres no permitidos."))
        return data

    def clean_owner(self) -> Any:
        orgs, unknown = resolve_municipalities(self.cleaned_data["owner"])
        if unknown or len(orgs) != 1:
            raise forms.ValidationError(_("Indique una sola municipalidad por su código de comuna o su nombre."))
        return orgs[0]

    def clean_co_municipalities(self) -> list[Any]:
        orgs, unknown = resolve_municipalities(self.cleaned_data.get("co_municipalities", ""))
        if unknown:
            raise forms.ValidationError(_("No encontramos estos municipios: %(u)s.") % {"u": ", ".join(unknown[:10])})
        if len(orgs) > MAX_CO_MUNICIPALITIES:
            raise forms.ValidationError(_("Máximo %(n)s municipios.") % {"n": MAX_CO_MUNICIPALITIES})
        return orgs


def resolve_municipalities(text: str) -> tuple[list[Any], list[str]]:
    """Chilean municipalities named by commune code or name, comma separated (accents and case
    do not matter). Returns (organisations, tokens that matched none)."""
    tokens = [t.strip() for t in (text or "").replace(";", ",").replace("\n", ",").split(",") if t.strip()]
    if not tokens:
        return [], []
    everyone = list(directory_selectors.municipalities())
    by_code = {o.commune.code: o for o in everyone}
    by_name = {fold(o.commune.name): o for o in everyone}
    found: dict[int, Any] = {}
    unknown: list[str] = []
    for token in tokens[: MAX_CO_MUNICIPALITIES + 5]:
        org = by_code.get(token) or by_name.get(fold(token))
        if org is None:
            unknown.append(token[:60])
        else:
            found[org.pk] = org
    return list(found.values()), unknown


def municipalities_text(orgs: list[Any]) -> str:
    return ", ".join(o.commune.name if o.commune_id else o.name for o in orgs)


class TransitionForm(_CallChoice):
    to = forms.CharField(max_length=20)
    note = forms.CharField(
        label=_("Observaciones para la municipalidad"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    call = forms.TypedChoiceField(label=_("Convocatoria"), coerce=int, required=False, empty_value=None)


class CallForm(forms.Form):
    title = forms.CharField(label=_("Título"), max_length=200)
    description = forms.CharField(
        label=_("Descripción"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10000,
    )
    eligibility = forms.CharField(
        label=_("Requisitos de postulación"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        help_text=_("Quiénes pueden postular y con qué antecedentes."),
    )
    opens_at = forms.DateTimeField(label=_("Abre"), widget=DATETIME)
    closes_at = forms.DateTimeField(label=_("Cierra"), widget=DATETIME)


class CriteriaForm(forms.Form):
    """Criteria as lines «name | weight | description», so the whole table is edited at once."""

    lines = forms.CharField(
        label=_("Criterios de evaluación"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=10000,
        help_text=_(
            "Un criterio por línea: nombre | ponderación | qué se evalúa. "
            "Las ponderaciones son enteros de 1 a 100 y deben sumar 100."
        ),
    )

    def clean_lines(self) -> list[CriterionInput]:
        items: list[CriterionInput] = []
        problems: list[str] = []
        rows = [r for r in self.cleaned_data["lines"].splitlines() if r.strip()]
        if len(rows) > MAX_CRITERIA:
            raise forms.ValidationError(_("Máximo %(n)s criterios.") % {"n": MAX_CRITERIA})
        for i, row in enumerate(rows, start=1):
            parts = [p.strip() for p in row.split("|")]
            if len(parts) < 2 or len(parts) > 3:
                problems.append(_("Línea %(i)s: escriba «nombre | ponderación | descripción».") % {"i": i})
                continue
            weight = parts[1]
            if not re.fullmatch(r"[0-9]{1,3}", weight):
                problems.append(_("Línea %(i)s: la ponderación debe ser un número entero.") % {"i": i})
                continue
            items.append(CriterionInput(parts[0], int(weight), parts[2] if len(parts) == 3 else ""))
        if problems:
            raise forms.ValidationError(problems)
        return items


def criteria_lines(criteria: list[Any]) -> str:
    return "\n".join(f"{c.name} | {c.weight} | {c.description}".rstrip(" |") for c in criteria)


class ExtendForm(forms.Form):
    closes_at = forms.DateTimeField(label=_("Nueva fecha de cierre"), widget=DATETIME)


class QuestionForm(forms.Form):
    text = forms.CharField(
        label=_("Su pregunta"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
    challenge = forms.TypedChoiceField(
        label=_("Sobre el desafío (opcional)"), coerce=int, required=False, empty_value=None
    )
    anonymous = forms.BooleanField(
        label=_("Preguntar de forma anónima"),
        required=False,
        initial=True,
        help_text=_("Solo el equipo del Hub sabrá quién preguntó. La respuesta será pública."),
    )

    def __init__(self, *args: Any, challenges: list[Any] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.challenges = {c.pk: c for c in challenges}
        self.fields["challenge"].choices = [("", _("La convocatoria en general"))] + [
            (c.pk, c.title) for c in challenges
        ]

    def clean_challenge(self) -> Any:
        pk = self.cleaned_data.get("challenge")
        return self.challenges.get(pk) if pk is not None else None


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Respuesta pública"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
    )


class EventForm(_CallChoice):
    title = forms.CharField(label=_("Título"), max_length=200)
    description = forms.CharField(
        label=_("Descripción"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )
    call = forms.TypedChoiceField(label=_("Convocatoria"), coerce=int, required=False, empty_value=None)
    starts_at = forms.DateTimeField(label=_("Inicio"), widget=DATETIME)
    ends_at = forms.DateTimeField(label=_("Término"), widget=DATETIME)
    place = forms.CharField(label=_("Lugar"), max_length=200, required=False)
    online_url = forms.URLField(label=_("Enlace de transmisión"), required=False, max_length=200, assume_scheme="https")
    capacity = forms.IntegerField(label=_("Cupos"), min_value=1, max_value=100_000)


class RegistrationForm(forms.Form):
    full_name = forms.CharField(label=_("Nombre y apellido"), max_length=200)
    email = forms.EmailField(label=_("Correo"), max_length=254)
    organization_name = forms.CharField(
        label=_("Organización (opcional)"),
        max_length=200,
        required=False,
    )


ATTENDANCE_CHOICES = [("", _("Sin registrar")), ("yes", _("Asistió")), ("no", _("No asistió"))]


class AttendanceForm(forms.Form):
    """One choice per registration, named by its id."""

    def __init__(self, *args: Any, registrations: list[Any] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.registrations = registrations
        for r in registrations:
            initial = "" if r.attended is None else ("yes" if r.attended else "no")
            self.fields[f"r{r.pk}"] = forms.ChoiceField(
                label=r.full_name, choices=ATTENDANCE_CHOICES, required=False, initial=initial
            )

    def attendance(self) -> dict[int, bool | None]:
        values = {"": None, "yes": True, "no": False}
        return {r.pk: values[self.cleaned_data.get(f"r{r.pk}", "")] for r in self.registrations}
