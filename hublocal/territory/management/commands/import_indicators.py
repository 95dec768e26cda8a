"""`manage.py import_indicators ARCHIVO.csv [--dry-run]`: load commune indicators (population,
budget, rurality or any indicator the file declares) from a long-format CSV.

All or nothing, like import_typology: if any row is rejected nothing is written and the command
exits non-zero, so it can also validate a file in a script or CI job."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from hublocal.territory import services as territory_services

from .import_typology import read_text


class Command(BaseCommand):
    help = (
        "Importa indicadores comunales desde un CSV con columnas 'codigo', 'indicador', 'anio', 'valor' "
        "(y opcionalmente 'fuente'; 'nombre', 'unidad' y 'escala' para declarar un indicador nuevo). "
        "Si alguna fila es rechazada no guarda nada y termina con error."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Ruta del archivo CSV (UTF-8 o Latin-1; separador coma o punto y coma).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Solo valida y muestra el informe; no guarda cambios."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        dry_run: bool = options["dry_run"]
        text, encoding = read_text(path)
        try:
            report = territory_services.indicators_import(actor=None, text=text, dry_run=dry_run)
        except ValidationError as exc:
            raise CommandError(
                _("Archivo rechazado, no se guardó ningún cambio: %(errors)s") % {"errors": " ".join(exc.messages)}
            ) from None

        self.stdout.write(_("Archivo: %(path)s (codificación %(encoding)s)") % {"path": path, "encoding": encoding})
        self.stdout.write(_("Filas leídas: %(n)d") % {"n": report.total_rows})
        self.stdout.write(_("Filas válidas: %(n)d") % {"n": len(report.accepted)})
        if report.rejected:
            self.stderr.write(_("Filas rechazadas: %(n)d") % {"n": len(report.rejected)})
            for line, code, reason in report.rejected:
                self.stderr.write(
                    _("  línea %(line)d, código «%(code)s»: %(reason)s")
                    % {"line": line, "code": code, "reason": reason}
                )
            raise CommandError(
                _("Se rechazaron %(n)d de %(total)d filas; no se guardó ningún cambio.")
                % {"n": len(report.rejected), "total": report.total_rows}
            )
        if report.new_indicators:
            self.stdout.write(_("Indicadores nuevos: %(codes)s") % {"codes": ", ".join(report.new_indicators)})
        self.stdout.write(
            _("Valores nuevos: %(created)d; valores reemplazados: %(updated)d")
            % {"created": report.created, "updated": report.updated}
        )
        if dry_run:
            self.stdout.write(_("Simulación (--dry-run): no se guardó ningún cambio."))
        else:
            self.stdout.write(self.style.SUCCESS(_("Importación completada.")))
