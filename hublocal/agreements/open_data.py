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
        )
    )
