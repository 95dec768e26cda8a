"""The ICT asset register as open data, aggregated only: who uses what (product and vendor →
municipalities per typology), spend by category and typology, and contracts ending within a
year by category and typology. No owner, no single contract's value, no personal data."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _

from hublocal.core import registry
from hublocal.core.csvexport import csv_chunks
from hublocal.territory import selectors as territory_selectors

from . import selectors


def json_data() -> dict[str, Any]:
    typologies = territory_selectors.typology_labels()
    return {
        "uso": [
            {
                "producto": r["product"],
                "proveedor": r["vendor_name"],
                "tipologia": r["municipality__commune__typology"],
                "tipologia_nombre": typologies.get(r["municipality__commune__typology"], ""),
                "municipios": r["municipalities"],
            }
            for r in selectors.usage_rows()
        ],
        "gasto": [
            {
                "categoria": r["category"],
                "tipologia": r["typology"],
                "activos": r["assets"],
                "municipios": r["municipalities"],
                "gasto_clp": r["spend"],
            }
            for r in selectors.spend_rows()
        ],
        "contratos_por_vencer_12_meses": [
            {
                "categoria": r["category_label"],
                "tipologia": r["typology_label"],
                "contratos": r["contracts"],
                "municipios": r["municipalities"],
                "gasto_clp": r["spend"],
            }
            for r in selectors.ending_soon_summary()
        ],
    }


def csv_rows() -> Iterator[list[Any]]:
    """One table with a `tabla` column naming the aggregate each row belongs to."""
    yield ["tabla", "categoria", "producto", "proveedor", "tipologia", "activos", "municipios", "gasto_clp"]
    data = json_data()
    for r in data["uso"]:
        yield ["uso", "", r["producto"], r["proveedor"], r["tipologia"], "", r["municipios"], ""]
    for r in data["gasto"]:
        yield ["gasto", r["categoria"], "", "", r["tipologia"], r["activos"], r["municipios"], r["gasto_clp"]]
    for r in data["contratos_por_vencer_12_meses"]:
        yield ["por_vencer", r["categoria"], "", "", r["tipologia"], r["contratos"], r["municipios"], r["gasto_clp"]]


def _build(fmt: str, variant: str) -> Any:
    if fmt == "json":
        return iter([json.dumps(json_data(), ensure_ascii=False)])
    return csv_chunks(csv_rows())


F = registry.DatasetField
FIELDS = (
    F("tabla", "string", "", _("Agregado al que pertenece la fila: uso, gasto o por_vencer")),
    F("categoria", "string", "", _("Categoría del activo TIC (filas de gasto y por_vencer)")),
    F("producto", "string", "", _("Producto o sistema (filas de uso)")),
    F("proveedor", "string", "", _("Proveedor del producto (filas de uso)")),
    F("tipologia", "string", "", _("Tipología comunal de los municipios agregados")),
    F("activos", "integer", _("activos o contratos"), _("Número de activos (gasto) o de contratos (por_vencer)")),
    F("municipios", "integer", _("municipios"), _("Número de municipios distintos en la fila")),
    F("gasto_clp", "number", "CLP", _("Suma del valor de los contratos de la fila")),
)


def register() -> None:
    registry.register_dataset(
        registry.Dataset(
            key="ictassets.aggregates",
            slug="activos-tic-municipales",
            title=_("Activos TIC municipales (agregados)"),
            description=_(
                "Qué sistemas usan los municipios: número de municipios por producto, proveedor y tipología; gasto en "
                "contratos por categoría y tipología; contratos que vencen en los próximos 12 meses. Solo agregados: "
                "sin responsables, sin montos de contratos individuales ni datos personales."
            ),
            formats=("csv", "json"),
            build=_build,
            keywords=("activos TIC", "compras públicas", "gobierno digital", "OCDE"),
            page="ictassets:public",
            download="ictassets:download",
            fields=FIELDS,
            temporal_start="2025-01-01",
            spatial=_("Chile, por tipología comunal"),
            theme="TECH",
        )
    )
