"""Forms of the proposal pages. They check shapes (numbers, lengths, choices); the rules that
depend on data and time (deadlines, one per startup, committee seats) live in services.py."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .services import MAX_PRICE, MAX_TEXT, MAX_TIMELINE_WEEKS

SCORE_CHOICES = [("", _("— sin puntaje —"))] + [(str(n), str(n)) for n in range(6)]


class ProposalForm(forms.Form):
    approach = forms.CharField(
        label=_("Enfoque propuesto"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Cómo resolvería el problema descrito: qué haría, con quién y qué resultado espera."),
    )
    solution = forms.TypedChoiceField(
        label=_("Solución del catálogo en que se basa (opcional)"), required=False, coerce=int, empty_value=None
    )
    price_min = forms.IntegerField(label=_("Precio mínimo (CLP)"), min_value=0, max_value=MAX_PRICE)
    price_max = forms.IntegerField(label=_("Precio máximo (CLP)"), min_value=0, max_value=MAX_PRICE)
    timeline_weeks = forms.IntegerField(
        label=_("Plazo de implementación (semanas)"), min_value=1, max_value=MAX_TIMELINE_WEEKS
    )
    timeline = forms.CharField(
        label=_("Plan de trabajo"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Etapas e hitos principales."),
    )

    def __init__(self, *args: Any, solutions: list[Any] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.solutions = {s.pk: s for s in solutions}
        self.fields["solution"].choices = [("", _("— ninguna —"))] + [(s.pk, s.name) for s in solutions]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        low, high = data.get("price_min"), data.get("price_max")
        if low is not None and high is not None and low > high:
            self.add_error("price_max", _("El precio máximo no puede ser menor que el mínimo."))
        return data

    def solution_object(self) -> Any:
        pk = self.cleaned_data.get("solution")
        return self.solutions.get(pk) if pk is not None else None


class ProposalEditForm(ProposalForm):
    # The view adds the hidden row_version (core.locking): a colleague's save in between is detected.
    pass


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Archivo"),
        help_text=_("PDF, DOCX, XLSX, PNG o JPG; hasta 5 MB; hasta 5 archivos por propuesta."),
        max_length=255,
    )


class ScoreForm(forms.Form):
    """One score (0–5) and an optional comment per published criterion."""

    def __init__(
        self, *args: Any, criteria: list[Any] = (), initial_scores: dict[int, Any] | None = None, **kwargs: Any
    ) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        initial_scores = initial_scores or {}
        for c in self.criteria:
            current = initial_scores.get(c.pk)
            self.fields[f"criterion_{c.pk}"] = forms.TypedChoiceField(
                label=_("%(name)s (%(weight)s%%)") % {"name": c.name, "weight": c.weight},
                choices=SCORE_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
                initial=str(current.score) if current is not None else "",
                help_text=c.description,
            )
            self.fields[f"comment_{c.pk}"] = forms.CharField(
                label=_("Comentario sobre «%(name)s»") % {"name": c.name},
                required=False,
                max_length=MAX_TEXT,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=current.comment if current is not None else "",
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.criteria and all(data.get(f"criterion_{c.pk}") is None for c in self.criteria):
            raise forms.ValidationError(_("Asigne al menos un puntaje."))
        return data

    def scores(self) -> dict[int, int]:
        return {
            c.pk: self.cleaned_data[f"criterion_{c.pk}"]
            for c in self.criteria
            if self.cleaned_data.get(f"criterion_{c.pk}") is not None
        }

    def comments(self) -> dict[int, str]:
        return {
            c.pk: self.cleaned_data.get(f"comment_{c.pk}", "")
            for c in self.criteria
            if self.cleaned_data.get(f"criterion_{c.pk}") is not None
        }


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decisión"),
        choices=[("shortlisted", _("Preseleccionar")), ("not_selected", _("No seleccionar"))],
        widget=forms.RadioSelect,
    )


class FeedbackForm(forms.Form):
    feedback = forms.CharField(
        label=_("Retroalimentación para la startup"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("La startup la lee junto a su propio puntaje: fortalezas, debilidades y por qué la decisión."),
    )


class CommitteeAddForm(forms.Form):
    user = forms.TypedChoiceField(label=_("Persona"), coerce=int)

    def __init__(self, *args: Any, candidates: list[Any] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.candidates = {u.pk: u for u in candidates}
        self.fields["user"].choices = [("", _("— elija —"))] + [
            (
                u.pk,
                f"{u.get_full_name() or u.username} · {u.get_role_display()}"
                + (f" · {u.organization.name}" if u.organization_id else ""),
            )
            for u in candidates
        ]

    def user_object(self) -> Any:
        return self.candidates.get(self.cleaned_data["user"])


class SessionForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("Fecha y hora"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    place = forms.CharField(label=_("Lugar o enlace"), max_length=300)
    agenda = forms.CharField(
        label=_("Temario"), required=False, max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 4})
    )
    municipality = forms.TypedChoiceField(label=_("Municipalidad"), coerce=int, required=False)
    proposals = forms.TypedMultipleChoiceField(
        label=_("Startups preseleccionadas invitadas"), coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(
        self,
        *args: Any,
        shortlisted: list[Any] = (),  # type: ignore[assignment]
        municipalities: list[Any] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.shortlisted = {p.pk: p for p in shortlisted}
        self.fields["proposals"].choices = [(p.pk, p.organization.name) for p in shortlisted]
        self.fields["proposals"].initial = [p.pk for p in shortlisted]
        if municipalities is None:
            # A municipal official schedules for their own municipality: no choice to make.
            del self.fields["municipality"]
            self.municipalities: dict[int, Any] = {}
        else:
            self.municipalities = {m.pk: m for m in municipalities}
            self.fields["municipality"].choices = [(m.pk, m.name) for m in municipalities]
            self.fields["municipality"].required = True

    def proposal_objects(self) -> list[Any]:
        return [self.shortlisted[pk] for pk in self.cleaned_data["proposals"] if pk in self.shortlisted]

    def municipality_object(self) -> Any:
        pk = self.cleaned_data.get("municipality")
        return self.municipalities.get(pk) if pk is not None else None


ATTENDANCE_CHOICES = [("", _("Sin registrar")), ("yes", _("Asistió")), ("no", _("No asistió"))]


class SessionRecordForm(forms.Form):
    minutes = forms.CharField(label=_("Acta"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 8}))
    next_steps = forms.CharField(
        label=_("Próximos pasos acordados"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, participants: list[Any] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.participants = list(participants)
        for p in self.participants:
            initial = "" if p.attended is None else ("yes" if p.attended else "no")
            self.fields[f"attended_{p.proposal_id}"] = forms.ChoiceField(
                label=_("Asistencia de %(org)s") % {"org": p.proposal.organization.name},
                choices=ATTENDANCE_CHOICES,
                required=False,
                initial=initial,
            )

    def attendance(self) -> dict[int, bool | None]:
        values = {"yes": True, "no": False}
        return {
            p.proposal_id: values.get(self.cleaned_data.get(f"attended_{p.proposal_id}", "")) for p in self.participants
        }
