"""Forms of the agreement pages. They check shape; the services check the rules (a party twice,
an obligation past the end, an amount without currency...). Fixed rows, so the page works
without JavaScript: four parties, four obligations, three milestones, two withheld fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import (
    AgreementKind,
    AgreementStatus,
    Currency,
    DocumentKind,
    PartyRole,
    WithheldField,
    WithholdingReason,
)

PARTY_ROWS = 4
OBLIGATION_ROWS = 4
MILESTONE_ROWS = 3
WITHHOLD_ROWS = 2
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AgreementForm(forms.Form):
    kind = forms.ChoiceField(label=_("Tipo"), choices=[("", _("Elija un tipo"))] + list(AgreementKind.choices))
    title = forms.CharField(label=_("Título"), max_length=200)
    object = forms.CharField(label=_("Objeto"), widget=forms.Textarea(attrs={"rows": 4}), max_length=10_000)
    starts_on = forms.DateField(label=_("Inicio de vigencia"), widget=DATE)
    ends_on = forms.DateField(label=_("Término de vigencia"), widget=DATE)
    status = forms.ChoiceField(
        label=_("Estado"),
        choices=[(s, label) for s, label in AgreementStatus.choices if s in ("draft", "signing", "in_force")],
    )
    amount = forms.DecimalField(
        label=_("Monto (opcional)"), required=False, max_digits=18, decimal_places=2, min_value=0
    )
    currency = forms.ChoiceField(
        label=_("Moneda"), required=False, choices=[("", _("Sin monto"))] + list(Currency.choices)
    )
    is_public = forms.BooleanField(label=_("Público en el registro de convenios"), required=False, initial=True)

    def __init__(self, *args: Any, organizations: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        orgs = [("", _("Ninguna"))] + [(str(pk), name) for pk, name in organizations]
        party_numbers = [("", _("Elija la parte"))] + [
            (str(i), _("Parte %(n)s") % {"n": i}) for i in range(1, PARTY_ROWS + 1)
        ]
        for i in range(1, PARTY_ROWS + 1):
            self.fields[f"party_{i}_organization"] = forms.ChoiceField(
                label=_("Parte %(n)s: organización") % {"n": i}, choices=orgs, required=False
            )
            self.fields[f"party_{i}_role"] = forms.ChoiceField(
                label=_("Parte %(n)s: rol") % {"n": i}, choices=[("", "—")] + list(PartyRole.choices), required=False
            )
            self.fields[f"party_{i}_signatory_name"] = forms.CharField(
                label=_("Parte %(n)s: nombre de quien firma") % {"n": i}, max_length=200, required=False
            )
            self.fields[f"party_{i}_signatory_position"] = forms.CharField(
                label=_("Parte %(n)s: cargo de quien firma") % {"n": i}, max_length=200, required=False
            )
        for i in range(1, OBLIGATION_ROWS + 1):
            self.fields[f"obligation_{i}_party"] = forms.ChoiceField(
                label=_("Obligación %(n)s: parte obligada") % {"n": i}, choices=party_numbers, required=False
            )
            self.fields[f"obligation_{i}_description"] = forms.CharField(
                label=_("Obligación %(n)s: descripción") % {"n": i}, max_length=2000, required=False
            )
            self.fields[f"obligation_{i}_due_on"] = forms.DateField(
                label=_("Obligación %(n)s: plazo") % {"n": i}, required=False, widget=DATE
            )
        for i in range(1, MILESTONE_ROWS + 1):
            self.fields[f"milestone_{i}_title"] = forms.CharField(
                label=_("Hito %(n)s: nombre") % {"n": i}, max_length=200, required=False
            )
            self.fields[f"milestone_{i}_due_on"] = forms.DateField(
                label=_("Hito %(n)s: fecha") % {"n": i}, required=False, widget=DATE
            )
        for i in range(1, WITHHOLD_ROWS + 1):
            self.fields[f"withhold_{i}_field"] = forms.ChoiceField(
                label=_("Reserva %(n)s: campo reservado") % {"n": i},
                choices=[("", _("Ninguno"))] + list(WithheldField.choices),
                required=False,
            )
            self.fields[f"withhold_{i}_reason"] = forms.ChoiceField(
                label=_("Reserva %(n)s: causal legal (Ley 20.285, art. 21)") % {"n": i},
                choices=[("", "—")] + list(WithholdingReason.choices),
                required=False,
            )

    def groups(self) -> dict[str, list[Any]]:
        """The bound fields in their fieldsets, for the template."""
        names = list(self.fields)
        return {
            "main": [self[n] for n in names if not n.startswith(("party_", "obligation_", "milestone_", "withhold_"))],
            "parties": [[self[n] for n in names if n.startswith(f"party_{i}_")] for i in range(1, PARTY_ROWS + 1)],
            "obligations": [
                [self[n] for n in names if n.startswith(f"obligation_{i}_")] for i in range(1, OBLIGATION_ROWS + 1)
            ],
            "milestones": [
                [self[n] for n in names if n.startswith(f"milestone_{i}_")] for i in range(1, MILESTONE_ROWS + 1)
            ],
            "withholdings": [
                [self[n] for n in names if n.startswith(f"withhold_{i}_")] for i in range(1, WITHHOLD_ROWS + 1)
            ],
        }

    def service_kwargs(self) -> dict[str, Any]:
        """The cleaned data in the service's shape. Obligations name their party by its row
        number; a row left blank is skipped, a half-filled one goes to the service to refuse."""
        d = self.cleaned_data
        rows, position = [], {}
        for i in range(1, PARTY_ROWS + 1):
            org, role = d.get(f"party_{i}_organization"), d.get(f"party_{i}_role")
            if not org and not role:
                continue
            position[str(i)] = len(rows)
            rows.append(
                {
                    "organization_id": int(org) if org else None,
                    "role": role,
                    "signatory_name": d.get(f"party_{i}_signatory_name", ""),
                    "signatory_position": d.get(f"party_{i}_signatory_position", ""),
                }
            )
        obligations = []
        for i in range(1, OBLIGATION_ROWS + 1):
            party, text, due = (d.get(f"obligation_{i}_{k}") for k in ("party", "description", "due_on"))
            if party or text or due:
                obligations.append({"party": position.get(party or "", -1), "description": text, "due_on": due})
        milestones = []
        for i in range(1, MILESTONE_ROWS + 1):
            title, due = d.get(f"milestone_{i}_title"), d.get(f"milestone_{i}_due_on")
            if title or due:
                milestones.append({"title": title, "due_on": due})
        withholdings = []
        for i in range(1, WITHHOLD_ROWS + 1):
            field, reason = d.get(f"withhold_{i}_field"), d.get(f"withhold_{i}_reason")
            if field or reason:
                withholdings.append({"field": field, "reason": reason})
        return {
            "kind": d["kind"],
            "title": d["title"],
            "object": d["object"],
            "starts_on": d["starts_on"],
            "ends_on": d["ends_on"],
            "status": d["status"],
            "amount": d.get("amount"),
            "currency": d.get("currency", ""),
            "is_public": d.get("is_public", False),
            "parties": rows,
            "obligations": obligations,
            "milestones": milestones,
            "withholdings": withholdings,
        }


class AmendForm(forms.Form):
    title = forms.CharField(label=_("Título"), max_length=200)
    object = forms.CharField(label=_("Objeto"), widget=forms.Textarea(attrs={"rows": 4}), max_length=10_000)
    starts_on = forms.DateField(label=_("Inicio de vigencia"), widget=DATE)
    ends_on = forms.DateField(label=_("Término de vigencia"), widget=DATE)
    amount = forms.DecimalField(
        label=_("Monto (opcional)"), required=False, max_digits=18, decimal_places=2, min_value=0
    )
    currency = forms.ChoiceField(
        label=_("Moneda"), required=False, choices=[("", _("Sin monto"))] + list(Currency.choices)
    )
    reason = forms.CharField(
        label=_("Motivo de la modificación"), widget=forms.Textarea(attrs={"rows": 3}), max_length=10_000
    )
    row_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class TerminateForm(forms.Form):
    reason = forms.CharField(label=_("Motivo del término"), widget=forms.Textarea(attrs={"rows": 3}), max_length=10_000)
    row_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class CompleteForm(forms.Form):
    evidence = forms.CharField(
        label=_("Evidencia del cumplimiento"), widget=forms.Textarea(attrs={"rows": 3}), max_length=10_000
    )
    row_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class DocumentForm(forms.Form):
    """Upload a new document, or a new version of one of the agreement's documents."""

    document = forms.ChoiceField(label=_("Documento"), required=False)
    kind = forms.ChoiceField(
        label=_("Tipo (si es un documento nuevo)"),
        required=False,
        choices=[("", _("Elija un tipo"))] + list(DocumentKind.choices),
    )
    title = forms.CharField(label=_("Título (si es un documento nuevo)"), required=False, max_length=200)
    file = forms.FileField(label=_("Archivo"), help_text=_("PDF, DOCX, XLSX u ODT; hasta 20 MB."))
    is_public_version = forms.BooleanField(
        label=_("Es la versión pública (con las partes reservadas tachadas)"), required=False
    )
    note = forms.CharField(label=_("Nota (opcional)"), required=False, max_length=300)

    def __init__(self, *args: Any, documents: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["document"].choices = [("", _("Un documento nuevo"))] + [(str(pk), t) for pk, t in documents]


class LinkForm(forms.Form):
    """One select with a group per link kind; each option is "kind:id"."""

    # A CharField shown as a select: the service checks the choice (exists, visible, new) and
    # says which rule failed, instead of a generic "not a valid choice".
    target = forms.CharField(label=_("Vincular a"), max_length=80)

    def __init__(self, *args: Any, options: list[tuple[str, Any, list[tuple[int, str]]]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        groups: list[Any] = [("", _("Elija qué vincular"))]
        for key, label, choices in options:
            if choices:
                groups.append((str(label), [(f"{key}:{pk}", title) for pk, title in choices]))
        self.fields["target"].widget = forms.Select(choices=groups)

    def parsed(self) -> tuple[str, int | None]:
        kind, _sep, raw = str(self.cleaned_data.get("target", "")).rpartition(":")
        return kind, int(raw) if raw.isdigit() and len(raw) < 18 else None
