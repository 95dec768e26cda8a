"""Personal data held by the hub's indicators (Ley 21.719): who on the hub's staff set each annual
target. The snapshots hold no personal data: a record behind a figure is named by its title
(a certificate by its programme, never by its holder). Declared in EvaluationConfig.ready()."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from hublocal.core.registry import LegalBasis, PersonalData, register_personal_data, row_export

from .models import AnnualReport, IndicatorTarget


def target_export(user: Any) -> list[dict]:
    return [
        row_export(t, ("measure_key", "year", "value", "set_by", "set_at"))
        for t in IndicatorTarget.objects.filter(set_by_id=user.pk)
    ]


def target_anonymise(user: Any) -> int:
    # The target stays (it is the hub's plan); only who set it is cut.
    return IndicatorTarget.objects.filter(set_by_id=user.pk).update(set_by=None)


def report_export(user: Any) -> list[dict]:
    return [
        row_export(r, ("year", "frozen_by", "frozen_at")) for r in AnnualReport.objects.filter(frozen_by_id=user.pk)
    ]


def report_anonymise(user: Any) -> int:
    # The published report stays as frozen; only who froze it is cut.
    return AnnualReport.objects.filter(frozen_by_id=user.pk).update(frozen_by=None)


def register() -> None:
    register_personal_data(
        PersonalData(
            key="evaluation.report",
            model="evaluation.AnnualReport",
            fields=("frozen_by",),
            purpose=_("Saber qué integrante del equipo del Hub congeló y publicó cada informe anual."),
            legal_basis=LegalBasis.PUBLIC_FUNCTION,
            retention=_("Mientras exista la cuenta; al borrarla se conserva el informe sin su autor."),
            recipients=_("El equipo del Hub."),
            export=report_export,
            anonymise=report_anonymise,
        )
    )
    register_personal_data(
        PersonalData(
            key="evaluation.target",
            model="evaluation.IndicatorTarget",
            fields=("set_by",),
            purpose=_("Saber qué integrante del equipo del Hub fijó cada meta anual (trazabilidad)."),
            legal_basis=LegalBasis.PUBLIC_FUNCTION,
            retention=_("Mientras exista la cuenta; al borrarla se conserva la meta sin su autor."),
            recipients=_("El equipo del Hub."),
            export=target_export,
            anonymise=target_anonymise,
        )
    )
