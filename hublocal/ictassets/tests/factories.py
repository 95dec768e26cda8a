"""Test helpers: the demo municipalities and a valid asset payload."""

from __future__ import annotations

from typing import Any

from hublocal.directory.models import Organization


def muni(code: str) -> Organization:
    return Organization.objects.get(kind="municipality", commune__code=code)


def asset_data(**over: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "Sistema de patentes de prueba",
        "purpose": "Patentes comerciales.",
        "category": "permits",
        "vendor_name": "Proveedor de Prueba SpA",
        "product": "PatentesPrueba",
        "licence_type": "saas",
        "spdx_id": "",
        "contract_value": "12000000",
        "starts_on": "2025-01-01",
        "ends_on": "2027-12-31",
        "hosting": "vendor_cloud",
        "has_api": True,
        "standards": "REST",
        "pisee": False,
        "claveunica": True,
        "personal_data": ["identification"],
        "owner_name": "Ana Responsable Prueba",
        "owner_email": "ana.responsable@prueba.cl",
        "satisfaction": "4",
    }
    data.update(over)
    return data


HEADER = (
    "comuna,nombre,proposito,categoria,proveedor,producto,licencia,spdx,valor_clp,inicio,termino,alojamiento,"
    "api,estandares,pisee,claveunica,datos_personales,responsable,correo_responsable,satisfaccion\n"
)


def csv_line(
    commune: str = "13101",
    name: str = "Sistema importado",
    licence: str = "proprietary",
    spdx: str = "",
    start: str = "2025-01-01",
    end: str = "2026-12-31",
    category: str = "finance",
) -> str:
    return (
        f"{commune},{name},Contabilidad,{category},Proveedor CSV SpA,ContaCSV,{licence},{spdx},5000000,{start},{end},"
        "on_premises,si,REST,no,no,identification;financial,Pedro Responsable CSV,pedro@csv.cl,3\n"
    )
