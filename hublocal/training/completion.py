"""Completion rules as data, evaluated by one pure function (no database): the programme's
rules, e.g. {"min_attendance_pct": 75, "assignments": true, "project_presented": false}, and a
participant's facts give whether they completed and, in words, what they still lack.

Unknown rule keys are refused when a programme is saved (services.validate_rules), so a typo
never silently makes a programme easier to complete."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

KNOWN_RULES = ("min_attendance_pct", "assignments", "project_presented")


@dataclass(frozen=True)
class Facts:
    sessions_total: int
    sessions_attended: int  # present (an excused absence is not attendance)
    modules_requiring_assignment: int = 0
    assignments_delivered: int = 0
    project_presented: bool = False


@dataclass(frozen=True)
class Outcome:
    complete: bool
    missing: list[str] = field(default_factory=list)
    attendance_pct: float = 0.0


def validate_rules(rules: dict) -> list[str]:
    """Problems with a rules dict, in words (empty when valid)."""
    problems = []
    for key in rules:
        if key not in KNOWN_RULES:
            problems.append(_("Regla de aprobación desconocida: %(k)s.") % {"k": key})
    pct = rules.get("min_attendance_pct", 0)
    if not isinstance(pct, (int, float)) or isinstance(pct, bool) or not 0 <= pct <= 100:
        problems.append(_("El porcentaje mínimo de asistencia debe ser un número entre 0 y 100."))
    for key in ("assignments", "project_presented"):
        if key in rules and not isinstance(rules[key], bool):
            problems.append(_("La regla %(k)s debe ser verdadera o falsa.") % {"k": key})
    return problems


def evaluate(rules: dict, facts: Facts) -> Outcome:
    missing: list[str] = []
    total = facts.sessions_total
    pct = 100.0 * facts.sessions_attended / total if total else 0.0
    minimum = float(rules.get("min_attendance_pct", 0) or 0)
    if minimum > 0:
        if total == 0:
            missing.append(_("Aún no hay sesiones programadas."))
        else:
            needed = math.ceil(minimum * total / 100 - 1e-9)
            lacking = needed - facts.sessions_attended
            if lacking > 0:
                missing.append(
                    ngettext(
                        "%(n)d sesión de asistencia (mínimo %(pct)d%%)",
                        "%(n)d sesiones de asistencia (mínimo %(pct)d%%)",
                        lacking,
                    )
                    % {"n": lacking, "pct": round(minimum)}
                )
    if rules.get("assignments") and facts.assignments_delivered < facts.modules_requiring_assignment:
        lacking = facts.modules_requiring_assignment - facts.assignments_delivered
        missing.append(ngettext("%(n)d entrega de módulo", "%(n)d entregas de módulo", lacking) % {"n": lacking})
    if rules.get("project_presented") and not facts.project_presented:
        missing.append(_("presentar el proyecto grupal"))
    return Outcome(complete=not missing, missing=missing, attendance_pct=round(pct, 1))
