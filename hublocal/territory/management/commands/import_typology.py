"""`manage.py import_typology ARCHIVO.csv [--dry-run]`: load the communes' typology from a CSV.

All or nothing (hublocal/territory/management/csv_import.py): if any row is rejected nothing is
written and the command exits non-zero, so it can also validate a file in a script or CI job."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from hublocal.territory import services as territory_services

from ..csv_import import CsvImportCommand


class Command(CsvImportCommand):
    help = (
        "Importa la tipología de las comunas desde un CSV con columnas 'codigo' y 'tipologia'. "
        "Si alguna fila es rechazada no guarda nada y termina con error."
    )

    def run_import(self, *, text: str, dry_run: bool) -> Any:
        return territory_services.typology_import(actor=None, text=text, dry_run=dry_run)

    def summarise(self, report: Any, *, dry_run: bool) -> None:
        if dry_run:
            self.stdout.write(_("Comunas que cambiarían de tipología: %(n)d") % {"n": report.changed})
        else:
            self.stdout.write(_("Comunas con tipología cambiada: %(n)d") % {"n": report.changed})
