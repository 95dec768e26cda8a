"""Answer validation, conditional display and the published scoring method.

Pure functions over an Instrument and a dict of answers {question_id: value}; no database.
The method (also on the methodology page):

1. Each scored question gives 0–100: single choice → the option's score; multiple choice → the
   sum of the chosen options' scores, capped at 100; 1–5 scale → (value − 1) × 25; yes/no →
   100 for "yes" (or for "no" when the question says `invert`); number → the score of the first
   band whose `upto` is ≥ the value. Free-text questions are never scored.
2. Only questions that are shown (their `show_if` holds) and answered count.
3. A dimension's score is the weighted mean of its counted questions (question weights).
4. The overall index is the weighted mean of the dimensions that have a score (dimension weights).
5. Maturity level: 1 Inicial [0, 20), 2 Básico [20, 40), 3 Intermedio [40, 60), 4 Avanzado [60, 80),
   5 Líder [80, 100]. Scores are rounded to one decimal after computing, never before.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .instruments import Instrument, Question

LEVELS = [
    (1, gettext_lazy("Inicial")),
    (2, gettext_lazy("Básico")),
    (3, gettext_lazy("Intermedio")),
    (4, gettext_lazy("Avanzado")),
    (5, gettext_lazy("Líder")),
]


class AnswerError(ValueError):
    """A value that is not a valid answer to its question; the message is for a person."""


def validate_value(question: Question, raw: Any) -> Any:
    """Return the normalised answer or raise AnswerError. `None` or "" clears an answer."""
    if raw is None or raw == "" or raw == []:
        return None
    t = question.type
    if t == "single":
        if not isinstance(raw, str) or question.option(raw) is None:
            raise AnswerError(_("Elija una de las opciones de esta pregunta."))
        return raw
    if t == "multiple":
        if isinstance(raw, str):
            raw = [raw]
        if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
            raise AnswerError(_("Envíe una lista de opciones."))
        chosen = list(dict.fromkeys(raw))
        for value in chosen:
            if question.option(value) is None:
                raise AnswerError(_("«%(v)s» no es una opción de esta pregunta.") % {"v": value[:40]})
        options = [o for o in question.options if o.id in chosen]
        exclusive = [o for o in options if o.exclusive]
        if exclusive and len(chosen) > 1:
            raise AnswerError(_("La opción «%(v)s» no se combina con otras.") % {"v": exclusive[0].label})
        return [o.id for o in question.options if o.id in chosen]
    if t == "scale":
        value = _as_number(raw)
        if value is None or value != int(value) or not 1 <= value <= 5:
            raise AnswerError(_("Elija un valor entre 1 y 5."))
        return int(value)
    if t == "number":
        value = _as_number(raw)
        if value is None:
            raise AnswerError(_("Ingrese un número."))
        if question.number_integer and value != int(value):
            raise AnswerError(_("Ingrese un número entero."))
        lo, hi = question.number_min, question.number_max
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            raise AnswerError(_("Ingrese un número entre %(lo)s y %(hi)s.") % {"lo": _fmt(lo), "hi": _fmt(hi)})
        return int(value) if question.number_integer else value
    if t == "yesno":
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, str) and raw.lower() in {"si", "sí", "yes", "true", "1"}:
            return True
        if isinstance(raw, str) and raw.lower() in {"no", "false", "0"}:
            return False
        raise AnswerError(_("Responda sí o no."))
    if t == "text":
        if not isinstance(raw, str):
            raise AnswerError(_("Ingrese un texto."))
        text = raw.strip()
        # PostgreSQL refuses NUL bytes and lone surrogates; they are never meaningful text.
        if "\x00" in text or any(0xD800 <= ord(ch) <= 0xDFFF for ch in text):
            raise AnswerError(_("El texto contiene caracteres no válidos."))
        if len(text) > question.max_length:
            raise AnswerError(_("Máximo %(n)s caracteres.") % {"n": question.max_length})
        return text or None
    raise AnswerError(_("Tipo de pregunta desconocido."))


def _as_number(raw: Any) -> float | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, (int, float)):
        try:
            value = float(raw)
        except OverflowError:  # an integer too large for a float is not a usable answer
            return None
    elif isinstance(raw, str):
        try:
            value = float(raw.strip().replace(",", "."))
        except (ValueError, OverflowError):
            return None
    else:
        return None
    return value if math.isfinite(value) else None


def _fmt(value: float | None) -> str:
    if value is None:
        return "—"
    return str(int(value)) if value == int(value) else str(value)


def is_visible(instrument: Instrument, question: Question, answers: dict[str, Any]) -> bool:
    """Whether a question is shown given the answers so far (its condition's question must be
    shown too: hiding a question hides what depends on it)."""
    cond = question.show_if
    if cond is None:
        return True
    target = instrument.question(cond.question)
    if target is None or not is_visible(instrument, target, answers):
        return False
    value = answers.get(cond.question)
    if cond.answered is not None:
        return (value is not None) == cond.answered
    expected = [cond.equals] if cond.in_ is None else list(cond.in_)
    if value is None:
        return False
    if isinstance(value, list):
        return any(v in value for v in expected)
    return value in expected


def question_score(question: Question, value: Any) -> float | None:
    if not question.scored or value is None:
        return None
    t = question.type
    if t == "single":
        opt = question.option(value)
        return float(opt.score) if opt and opt.score is not None else None
    if t == "multiple":
        chosen_scores = [float(o.score or 0) for o in question.options if o.id in value]
        return min(100.0, sum(chosen_scores))
    if t == "scale":
        return (float(value) - 1.0) * 25.0
    if t == "yesno":
        good = not value if question.invert else bool(value)
        return 100.0 if good else 0.0
    if t == "number":
        for upto, score in question.number_scoring:
            if upto is None or value <= upto:
                return score
    return None


@dataclass(frozen=True)
class Result:
    dimensions: dict[str, float | None]
    overall: float | None
    level: int | None
    answered: int
    applicable: int


def level_for(overall: float | None) -> int | None:
    if overall is None:
        return None
    return min(5, int(overall // 20) + 1)


def compute(instrument: Instrument, answers: dict[str, Any]) -> Result:
    """Scores per dimension, overall index and maturity level (see the module docstring)."""
    dims: dict[str, float | None] = {}
    answered = applicable = 0
    total = total_w = 0.0
    for dim in instrument.dimensions:
        num = den = 0.0
        for q in dim.questions:
            if not is_visible(instrument, q, answers):
                continue
            value = answers.get(q.id)
            if q.scored:
                applicable += 1
            score = question_score(q, value)
            if score is None:
                continue
            answered += 1
            num += q.weight * score
            den += q.weight
        dims[dim.id] = num / den if den else None
        if dims[dim.id] is not None:
            total += dim.weight * dims[dim.id]  # type: ignore[operator]
            total_w += dim.weight
    overall = total / total_w if total_w else None
    return Result(
        dimensions={k: (round(v, 1) if v is not None else None) for k, v in dims.items()},
        overall=round(overall, 1) if overall is not None else None,
        level=level_for(overall),
        answered=answered,
        applicable=applicable,
    )


def missing_required(instrument: Instrument, answers: dict[str, Any]) -> list[Question]:
    """Shown, required questions still without an answer (submission is refused until empty)."""
    return [
        q
        for q in instrument.questions
        if q.required and is_visible(instrument, q, answers) and answers.get(q.id) is None
    ]
