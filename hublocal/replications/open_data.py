"""Open data of the replications: every replication with its results, without contact data, as a
CSV file built by the task queue (hublocal/exports) and rebuilt after every replication write
(`changed()`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _

from hublocal.core import registry
from hublocal.core.csvexport import csv_chunks
from hublocal.exports import services as exports_services

from . import selectors

KEY = "replications.replications"
SLUG = "replicaciones"


def changed() -> None:
    exports_services.dataset_changed(KEY)


def rows() -> Iterator[list[Any]]:
    yield [
        "replicacion_id",
        "municipio",
        "codigo_comuna",
        "recurso_id",
        "piloto_id",
        "que_se_replica",
        "modalidad",
        "estado",
        "inicio",
        "termino",
        "motivo_abandono",
        "confirmada",
        "indicador",
        "unidad",
        "linea_base",
        "valor",
        "fecha_medicion",
        "evidencia",
    ]
    replications = list(selectors.public_rows())
    results = selectors.replications_with_results(ids=[r.pk for r in replications])
    for r in replications:
        head = [
            r.pk,
            r.municipality.name,
            r.commune_code,
            r.resource_id or "",
            r.pilot_id or "",
            r.target_title,
            r.mode,
            r.status,
            r.started_on.isoformat() if r.started_on else "",
            r.finished_on.isoformat() if r.finished_on else "",
            r.abandon_reason,
            "si" if r.confirmed_at else "no",
        ]
        # One line per measured result (a replication without results still has its line).
        rows: list[Any] = results[r.pk] or [None]
        for res in rows:
            if res is None:
                yield [*head, "", "", "", "", "", ""]
            else:
                yield [
                    *head,
                    res.label,
                    res.unit,
                    "" if res.baseline is None else res.baseline,
                    res.value,
                    res.measured_on.isoformat(),
                    res.evidence_url,
                ]


F = registry.DatasetField
FIELDS = (
    F("replicacion_id", "integer", "", _("Id de la replicación")),
    F("municipio", "string", "", _("Municipio que replica")),
    F("codigo_comuna", "string", "", _("Código comunal (CUT)")),
    F("recurso_id", "integer", "", _("Id del recurso de la biblioteca replicado")),
    F("piloto_id", "integer", "", _("Id del piloto replicado")),
    F("que_se_replica", "string", "", _("Título de lo que se replica")),
    F("modalidad", "string", "", _("adopt (tal como está) o adapt (con cambios)")),
    F("estado", "string", "", _("planning, implementing, implemented o abandoned")),
    F("inicio", "date", "", _("Fecha de inicio")),
    F("termino", "date", "", _("Fecha de término")),
    F("motivo_abandono", "string", "", _("Motivo, si se abandonó")),
    F("confirmada", "boolean", "", _("si/no: si el Hub la confirmó")),
    F("indicador", "string", "", _("Resultado medido")),
    F("unidad", "string", "", _("Unidad del resultado")),
    F("linea_base", "number", _("unidad del resultado"), _("Línea base")),
    F("valor", "number", _("unidad del resultado"), _("Valor medido")),
    F("fecha_medicion", "date", "", _("Fecha de la medición")),
    F("evidencia", "string", "", _("Dirección de la evidencia")),
)


def register() -> None:
    registry.register_dataset(
        registry.Dataset(
            key=KEY,
            slug=SLUG,
            title=_("Replicaciones entre municipios"),
            description=_(
                "Cada municipio que adopta o adapta un recurso de la biblioteca o un piloto: qué replica, "
                "modalidad, estado, fechas, motivo si se abandonó, si el Hub la confirmó y sus resultados "
                "medidos (una fila por resultado). Sin datos de contacto."
            ),
            formats=("csv",),
            build=lambda fmt, variant: csv_chunks(rows()),
            fields=FIELDS,
            temporal_start="2025-01-01",
            keywords=("replicaciones", "buenas prácticas", "transferencia entre municipios"),
            page="replications:replication_list",
            download="replications:open_data",
        )
    )
