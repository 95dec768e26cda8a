"""Personal data held by diagnosis (Ley 21.719): which official is the focal point of a
municipality's participation, and which official gave, changed or submitted its answers.

The answers themselves describe the municipality, not the official; they are kept whatever
happens to the account. Declared in DiagnosisConfig.ready(); read by the privacy app."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hublocal.core.registry import LegalBasis, PersonalData, register_personal_data, row_export

from .models import Answer, AnswerChange, Participation

PARTICIPATION_FIELDS = ("focal_point", "submitted_by", "submitted_at")
ANSWER_FIELDS = ("updated_by", "question_id", "updated_at")
CHANGE_FIELDS = ("changed_by", "question_id", "changed_at")

# Same purpose, basis and recipients for the three: an identified official answers for the
# municipality in a diagnosis campaign.
PURPOSE = _(
    "Diagnóstico de madurez digital municipal: saber qué funcionario o funcionaria es el punto focal y "
    "quién respondió, cambió o envió cada respuesta del municipio."
)
# Public function: the official answers in the exercise of the municipality's functions.
BASIS = LegalBasis.PUBLIC_FUNCTION
RETENTION = _(
    "Mientras se conserven los resultados de la campaña; a pedido de la persona se corta el vínculo con su "
    "cuenta y las respuestas del municipio se mantienen."
)
RECIPIENTS = _("Equipo del Hub y su municipio.")


def _participations(user: Any) -> Q:
    return Q(submitted_by_id=user.pk) | Q(focal_point__user_id=user.pk)


def participation_export(user: Any) -> list[dict]:
    rows = Participation.objects.filter(_participations(user))
    return [row_export(p, ("campaign", "organization", *PARTICIPATION_FIELDS)) for p in rows]


def participation_anonymise(user: Any) -> int:
    touched = Participation.objects.filter(submitted_by_id=user.pk).update(submitted_by=None)
    return touched + Participation.objects.filter(focal_point__user_id=user.pk).update(focal_point=None)


def answer_export(user: Any) -> list[dict]:
    return [row_export(a, ("participation", *ANSWER_FIELDS)) for a in Answer.objects.filter(updated_by_id=user.pk)]


def answer_anonymise(user: Any) -> int:
    return Answer.objects.filter(updated_by_id=user.pk).update(updated_by=None)


def change_export(user: Any) -> list[dict]:
    rows = AnswerChange.objects.filter(changed_by_id=user.pk)
    return [row_export(c, ("participation", *CHANGE_FIELDS)) for c in rows]


def change_anonymise(user: Any) -> int:
    return AnswerChange.objects.filter(changed_by_id=user.pk).update(changed_by=None)


def register() -> None:
    for key, model, fields, export, anonymise in (
        (
            "diagnosis.participation",
            "diagnosis.Participation",
            PARTICIPATION_FIELDS,
            participation_export,
            participation_anonymise,
        ),
        ("diagnosis.answer", "diagnosis.Answer", ANSWER_FIELDS, answer_export, answer_anonymise),
        ("diagnosis.answerchange", "diagnosis.AnswerChange", CHANGE_FIELDS, change_export, change_anonymise),
    ):
        register_personal_data(
            PersonalData(
                key=key,
                model=model,
                fields=fields,
                purpose=PURPOSE,
                legal_basis=BASIS,
                retention=RETENTION,
                recipients=RECIPIENTS,
                export=export,
                anonymise=anonymise,
            )
        )
