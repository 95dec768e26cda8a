"""The register as open data: a CSV row per agreement and party, and the JSON of
selectors.register_rows; withheld values are never in either (the cell says "reservado")."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _

from hublocal.core import registry
from hublocal.core.csvexport import csv_chunks

from . import selectors

WITHHELD = "reservado"


def csv_rows() -> Iterator[list[Any]]:
    yield [
        "convenio_id",
        "tipo",
        "titulo",
        "estado",
        "inicio",
        "termino",
        "monto",
        "moneda",
        "version",
        "parte",
        "rol",
        "firmante",
        "cargo",
        "firma",
        "reservas",
    ]
    for row in selectors.register_rows():
        reserved = "; ".join(f"{r['campo']}: {r['motivo']}" for r in row["reservas"])
        withheld = {r["campo"] for r in row["reservas"]}
        for party in row["partes"] or [{}]:
            yield [
                row["id"],
                row["tipo"],
                row["titulo"],
                row["estado"],
                row["inicio"],
                row["termino"],
                WITHHELD if "amount" in withheld else row["monto"] or "",
                WITHHELD if "amount" in withheld else row["moneda"] or "",
                row["version"],
                party.get("organizacion", ""),
                party.get("rol", ""),
                WITHHELD if "signatories" in withheld else party.get("firmante") or "",
                WITHHELD if "signatories" in withheld else party.get("cargo") or "",
                party.get("firma", ""),
                reserved,
            ]


def _build(fmt: str, variant: str) -> Any:
    if fmt == "json":
        return iter([json.dumps(selectors.register_rows(), ensure_ascii=False)])
    return csv_chunks(csv_rows())


F = registry.DatasetField
# The signatories' names and positions (firmante, cargo) are in the register's own download
# (transparencia activa) but not in the portal's: they are declared personal data
# (agreements.Party in personal_data.py), so the open-data portal leaves those columns out.
FIELDS = (
    F("convenio_id", "integer", "", _("Id del convenio")),
    F("tipo", "string", "", _("Tipo de convenio")),
    F("titulo", "string", "", _("Título")),
    F("estado", "string", "", _("Estado del convenio")),
    F("inicio", "date", "", _("Inicio de la vigencia")),
    F("termino", "date", "", _("Término de la vigencia")),
    F("monto", "string", _("moneda del convenio"), _("Monto (o «reservado» con su causal en reservas)")),
    F("moneda", "string", "", _("Moneda (ISO 4217), o «reservado»")),
    F("version", "integer", "", _("Versión del convenio (enmiendas)")),
    F("parte", "string", "", _("Organización parte (una fila por parte)")),
    F("rol", "string", "", _("Rol de la parte")),
    F("firma", "string", "", _("Estado de la firma de la parte")),
    F("reservas", "string", "", _("Campos reservados y su causal legal (Ley 20.285)")),
)


def register() -> None:
    registry.register_dataset(
        registry.Dataset(
            key="agreements.register",
            slug="convenios",
            title=_("Registro público de convenios"),
            description=_(
                "Cada convenio público del Hub: tipo, partes y sus roles, objeto, vigencia, montos y moneda, "
                "estado y versión. Un campo reservado aparece como «reservado» con su causal legal."
            ),
            formats=("csv", "json"),
            build=_build,
            keywords=("convenios", "transparencia activa", "Ley 20.285"),
            page="agreements:register",
            download="agreements:download",
            fields=FIELDS,
            temporal_start="2024-01-01",
            theme="GOVE",
        )
    )
