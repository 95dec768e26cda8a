"""`manage.py import_indicators ARCHIVO.csv [--dry-run]`: load commune indicators (population,
budget, rurality or any indicator the file declares) from a long-format CSV.

All or nothing, like import_typology (hublocal/territory/management/csv_import.py): if any row is
rejected nothing is written and the command exits non-zero, so it can also validate a file in a
script or CI job."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from hublocal.territory import services as territory_services

from ..csv_import import CsvImportCommand


class Command(CsvImportCommand):
    help = (
        "Importa indicadores comunales desde un CSV con columnas 'codigo', 'indicador', 'anio', 'valor' "
        "(y opcionalmente 'fuente'; 'nombre', 'unidad' y 'escala' para declarar un indicador nuevo). "
        "Si alguna fila es rechazada no guarda nada y termina con error."
    )

    def run_import(self, *, text: str, dry_run: bool) -> Any:
        return territory_services.indicators_import(actor=None, text=text, dry_run=dry_run)

    def summarise(self, report: Any, *, dry_run: bool) -> None:
        if report.new_indicators:
            self.stdout.write(_("Indicadores nuevos: %(codes)s") % {"codes": ", ".join(report.new_indicators)})
        self.stdout.write(
            _("Valores nuevos: %(created)d; valores reemplazados: %(updated)d")
            % {"created": report.created, "updated": report.updated}
        )
