"""Forms of the staff authoring pages (programmes, modules, cohorts, sessions). They check
shape and turn typed text into values; the services check the rules (fee iff coverage is a fee,
window before start, capacity and quotas, place or link by mode)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hublocal.core.areas import Area

from . import selectors
from .models import Coverage, Mode

LANGUAGE_CHOICES = [("es", _("Español")), ("pt", _("Portugués")), ("en", _("Inglés"))]
COUNTRY_CHOICES = [
    ("CL", _("Chile")),
    ("UY", _("Uruguay")),
    ("BR", _("Brasil")),
    ("PY", _("Paraguay")),
    ("AR", _("Argentina")),
    ("PE", _("Perú")),
]
ROLE_CHOICES = [
    ("municipal", _("Funcionarios y funcionarias municipales")),
    ("partner", _("Instituciones asociadas")),
    ("startup", _("Startups")),
]
# The zones of the countries the hub's cohorts span; a session's zone is chosen, never typed.
TIMEZONE_CHOICES = [
    ("America/Santiago", _("Chile continental (America/Santiago)")),
    ("America/Punta_Arenas", _("Magallanes (America/Punta_Arenas)")),
    ("Pacific/Easter", _("Isla de Pascua (Pacific/Easter)")),
    ("America/Montevideo", _("Uruguay (America/Montevideo)")),
    ("America/Sao_Paulo", _("Brasil, Brasilia (America/Sao_Paulo)")),
    ("America/Manaus", _("Brasil, Amazonas (America/Manaus)")),
    ("America/Asuncion", _("Paraguay (America/Asuncion)")),
    ("America/Argentina/Buenos_Aires", _("Argentina (America/Argentina/Buenos_Aires)")),
    ("America/Lima", _("Perú (America/Lima)")),
    ("UTC", _("UTC")),
]
DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class VersionedForm(forms.Form):
    row_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


class ProgrammeForm(VersionedForm):
    title = forms.CharField(label=_("Título"), max_length=200)
    summary = forms.CharField(label=_("Resumen"), max_length=400, required=False)
    objectives = forms.CharField(label=_("Objetivos"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    areas = forms.MultipleChoiceField(
        label=_("Áreas prioritarias"), choices=Area.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    audience = forms.CharField(label=_("Público"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    languages = forms.MultipleChoiceField(
        label=_("Idiomas"), choices=LANGUAGE_CHOICES, widget=forms.CheckboxSelectMultiple, initial=["es"]
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("Instituciones asociadas"), queryset=None, widget=forms.CheckboxSelectMultiple, required=False
    )
    instructors = forms.ModelMultipleChoiceField(
        label=_("Docentes"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Pueden editar las sesiones y tomar asistencia; no editan el programa."),
    )
    hours = forms.DecimalField(label=_("Horas"), min_value=0, max_value=9999, max_digits=6, decimal_places=1)
    coverage = forms.ChoiceField(label=_("Financiamiento"), choices=Coverage.choices)
    fee_clp = forms.IntegerField(
        label=_("Arancel (CLP)"),
        min_value=1,
        max_value=10**9,
        required=False,
        help_text=_("Solo si el financiamiento es «Arancel»."),
    )
    dimensions = forms.MultipleChoiceField(
        label=_("Brechas del diagnóstico que aborda"), widget=forms.CheckboxSelectMultiple, required=False
    )
    min_attendance_pct = forms.IntegerField(
        label=_("Asistencia mínima para aprobar (%)"), min_value=0, max_value=100, initial=75
    )
    assignments = forms.BooleanField(label=_("Exige las entregas de los módulos"), required=False)
    project_presented = forms.BooleanField(label=_("Exige presentar el proyecto grupal"), required=False)
    signatories = forms.CharField(
        label=_("Firmantes del certificado"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        help_text=_("Una persona por línea: «Nombre — Cargo»."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = selectors.partner_candidates()
        self.fields["instructors"].queryset = selectors.instructor_candidates()
        self.fields["instructors"].label_from_instance = lambda u: u.get_full_name() or u.get_username()
        self.fields["dimensions"].choices = selectors.dimension_choices()

    @staticmethod
    def initial_for(programme: Any) -> dict[str, Any]:
        rules = programme.completion_rules or {}
        return {
            "row_version": programme.row_version,
            **{
                n: getattr(programme, n)
                for n in (
                    "title",
                    "summary",
                    "objectives",
                    "areas",
                    "audience",
                    "languages",
                    "hours",
                    "coverage",
                    "fee_clp",
                )
            },
            "partners": list(programme.partners.all()),
            "instructors": list(programme.instructors.all()),
            "dimensions": [f"{a}:{d}" for a, d in programme.dimensions or []],
            "min_attendance_pct": rules.get("min_attendance_pct", 0),
            "assignments": bool(rules.get("assignments")),
            "project_presented": bool(rules.get("project_presented")),
            "signatories": "\n".join(
                f"{s.get('name', '')} — {s.get('position', '')}".strip(" —") for s in programme.signatories or []
            ),
        }

    def clean_signatories(self) -> list[dict[str, str]]:
        out = []
        for line in (self.cleaned_data.get("signatories") or "").splitlines():
            line = line.strip()
            if not line:
                continue
            for sep in ("—", " - ", ","):
                if sep in line:
                    name, _sep, position = line.partition(sep)
                    break
            else:
                name, position = line, ""
            if not name.strip():
                raise forms.ValidationError(_("Cada firmante necesita un nombre: «Nombre — Cargo»."))
            out.append({"name": name.strip(), "position": position.strip()})
        if len(out) > 4:
            raise forms.ValidationError(_("Un certificado admite hasta cuatro firmantes."))
        return out

    def service_values(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            **{
                n: d[n]
                for n in (
                    "title",
                    "summary",
                    "objectives",
                    "areas",
                    "audience",
                    "languages",
                    "hours",
                    "coverage",
                    "fee_clp",
                    "signatories",
                )
            },
            "dimensions": [v.split(":", 1) for v in d["dimensions"]],
            "completion_rules": {
                "min_attendance_pct": d["min_attendance_pct"],
                "assignments": d["assignments"],
                "project_presented": d["project_presented"],
            },
            "partners": list(d["partners"]),
            "instructors": list(d["instructors"]),
        }


class ProgrammeStatusForm(VersionedForm):
    status = forms.ChoiceField(choices=[("published", "published"), ("archived", "archived"), ("draft", "draft")])


class ModuleForm(forms.Form):
    title = forms.CharField(label=_("Título del módulo"), max_length=200)
    mode = forms.ChoiceField(label=_("Modalidad"), choices=Mode.choices)
    hours = forms.DecimalField(label=_("Horas"), min_value=0, max_value=999, max_digits=5, decimal_places=1)
    assignment_required = forms.BooleanField(label=_("Exige una entrega"), required=False)


class ModuleMoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "up"), ("down", "down")])


class CohortForm(VersionedForm):
    name = forms.CharField(label=_("Nombre de la cohorte"), max_length=200)
    starts_on = forms.DateField(label=_("Inicio"), widget=DATE_WIDGET)
    ends_on = forms.DateField(label=_("Término"), widget=DATE_WIDGET)
    capacity = forms.IntegerField(label=_("Cupos"), min_value=1, max_value=100_000)
    quota_per_municipality = forms.IntegerField(
        label=_("Cupo máximo por municipio (opcional)"), min_value=1, max_value=100_000, required=False
    )
    quota_per_country = forms.IntegerField(
        label=_("Cupo máximo por país (opcional)"), min_value=1, max_value=100_000, required=False
    )
    applications_open_at = forms.DateTimeField(
        label=_("Apertura de postulaciones (hora de Chile)"), widget=DATETIME_WIDGET
    )
    applications_close_at = forms.DateTimeField(
        label=_("Cierre de postulaciones (hora de Chile)"), widget=DATETIME_WIDGET
    )
    eligible_countries = forms.MultipleChoiceField(
        label=_("Países que pueden postular (ninguno: todos)"),
        choices=COUNTRY_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    eligible_typologies = forms.CharField(
        label=_("Tipologías de comuna (códigos separados por coma; vacío: todas)"), max_length=200, required=False
    )
    eligible_roles = forms.MultipleChoiceField(
        label=_("Quiénes pueden postular (ninguno: cualquier cuenta)"),
        choices=ROLE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    @staticmethod
    def initial_for(cohort: Any) -> dict[str, Any]:
        out = {
            n: getattr(cohort, n)
            for n in (
                "row_version",
                "name",
                "starts_on",
                "ends_on",
                "capacity",
                "quota_per_municipality",
                "quota_per_country",
                "eligible_countries",
                "eligible_roles",
            )
        }
        out["applications_open_at"] = timezone.localtime(cohort.applications_open_at)
        out["applications_close_at"] = timezone.localtime(cohort.applications_close_at)
        out["eligible_typologies"] = ", ".join(cohort.eligible_typologies)
        return out

    def clean_eligible_typologies(self) -> list[str]:
        raw = self.cleaned_data.get("eligible_typologies") or ""
        return [t.strip() for t in raw.split(",") if t.strip()]

    def service_values(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "row_version"}


class SessionForm(VersionedForm):
    module = forms.ModelChoiceField(label=_("Módulo"), queryset=None)
    title = forms.CharField(label=_("Título (opcional)"), max_length=200, required=False)
    timezone = forms.ChoiceField(
        label=_("Zona horaria de la sesión"),
        choices=TIMEZONE_CHOICES,
        initial="America/Santiago",
        help_text=_("Inicio y término se leen en esta zona; cada participante ve también su hora local."),
    )
    starts_at = forms.DateTimeField(label=_("Inicio"), widget=DATETIME_WIDGET)
    ends_at = forms.DateTimeField(label=_("Término"), widget=DATETIME_WIDGET)
    place = forms.CharField(label=_("Lugar (sesiones presenciales)"), max_length=300, required=False)
    video_url = forms.URLField(
        label=_("Enlace de la videollamada (sesiones virtuales)"),
        max_length=500,
        required=False,
        assume_scheme="https",
    )
    materials = forms.TypedMultipleChoiceField(
        label=_("Materiales de la biblioteca"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, programme: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["module"].queryset = programme.modules.order_by("order")
        self.fields["materials"].choices = selectors.material_choices()

    @staticmethod
    def initial_for(session: Any) -> dict[str, Any]:
        zone = ZoneInfo(session.timezone)
        return {
            "row_version": session.row_version,
            "module": session.module_id,
            "title": session.title,
            "timezone": session.timezone,
            # Shown as wall-clock time in the session's own zone, the way it was typed.
            "starts_at": session.starts_at.astimezone(zone).replace(tzinfo=None),
            "ends_at": session.ends_at.astimezone(zone).replace(tzinfo=None),
            "place": session.place,
            "video_url": session.video_url,
            "materials": session.materials,
        }

    def _in_zone(self, value: datetime) -> datetime:
        """The typed wall-clock time read in the chosen zone (Django read it in Chile's)."""
        naive = timezone.make_naive(value) if timezone.is_aware(value) else value
        return naive.replace(tzinfo=ZoneInfo(self.cleaned_data.get("timezone") or "America/Santiago"))

    def service_values(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "module": d["module"],
            "title": d["title"],
            "tz": d["timezone"],
            "starts_at": self._in_zone(d["starts_at"]),
            "ends_at": self._in_zone(d["ends_at"]),
            "place": d["place"],
            "video_url": d["video_url"],
            "materials": d["materials"],
        }
