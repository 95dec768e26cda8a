"""Training coverage as open data: how many applied and how many got a seat, per programme,
cohort, commune, country and typology. Counts only: no name, no organisation, no motivation;
only published programmes and cohorts past preparation."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from hublocal.core import registry
from hublocal.core.csvexport import csv_chunks

from .models import SEATED, Application, CohortStatus, ProgrammeStatus

KEY = "training.coverage"
COLUMNS = [
    "programa",
    "cohorte_id",
    "cohorte",
    "inicio",
    "termino",
    "estado_cohorte",
    "codigo_comuna",
    "comuna",
    "pais",
    "tipologia",
    "postulaciones",
    "seleccionados",
]


def coverage_values() -> Any:
    """One grouped query: the application counts per cohort and place."""
    return (
        Application.objects.filter(cohort__programme__status=ProgrammeStatus.PUBLISHED)
        .exclude(cohort__status=CohortStatus.DRAFT)
        .values(
            "cohort__programme__slug",
            "cohort_id",
            "cohort__name",
            "cohort__starts_on",
            "cohort__ends_on",
            "cohort__status",
            "commune__code",
            "commune__name",
            "country_code",
            "commune__typology",
        )
        .annotate(applied=Count("pk"), seated=Count("pk", filter=Q(status__in=SEATED)))
        .order_by("cohort__programme__slug", "cohort_id", "country_code", "commune__code")
    )


def rows() -> Iterator[list[Any]]:
    yield COLUMNS
    for r in coverage_values().iterator(chunk_size=2000):
        yield [
            r["cohort__programme__slug"],
            r["cohort_id"],
            r["cohort__name"],
            r["cohort__starts_on"].isoformat(),
            r["cohort__ends_on"].isoformat(),
            r["cohort__status"],
            r["commune__code"] or "",
            r["commune__name"] or "",
            r["country_code"],
            r["commune__typology"] or "",
            r["applied"],
            r["seated"],
        ]


F = registry.DatasetField
FIELDS = (
    F("programa", "string", "", _("Identificador del programa de formación")),
    F("cohorte_id", "integer", "", _("Id de la cohorte")),
    F("cohorte", "string", "", _("Nombre de la cohorte")),
    F("inicio", "date", "", _("Inicio de la cohorte")),
    F("termino", "date", "", _("Término de la cohorte")),
    F("estado_cohorte", "string", "", _("Estado: open, running, finished o cancelled")),
    F("codigo_comuna", "string", "", _("Código comunal (CUT) declarado al postular (vacío: sin comuna)")),
    F("comuna", "string", "", _("Nombre de la comuna")),
    F("pais", "string", "", _("País (código ISO 3166-1 alfa-2) declarado al postular")),
    F("tipologia", "string", "", _("Tipología comunal")),
    F("postulaciones", "integer", _("postulaciones"), _("Postulaciones recibidas")),
    F("seleccionados", "integer", _("personas"), _("Postulaciones aceptadas o confirmadas (cupos asignados)")),
)


def register() -> None:
    registry.register_dataset(
        registry.Dataset(
            key=KEY,
            slug="cobertura-formacion",
            title=_("Cobertura de la formación"),
            description=_(
                "Postulaciones y cupos asignados de cada cohorte de los programas de formación publicados, por "
                "comuna, país y tipología. Solo conteos: sin nombres ni datos de personas."
            ),
            formats=("csv",),
            build=lambda fmt, variant: csv_chunks(rows()),
            keywords=("formación", "capacitación", "funcionarios municipales", "cobertura"),
            page="training:programme_list",
            fields=FIELDS,
            temporal_start="2025-01-01",
            spatial=_("Chile y países de la red regional, por comuna"),
            theme="EDUC",
            update_frequency=_("Una vez al día"),
        )
    )
