"""manage.py import_rates FILE.csv [--dry-run]: load exchange rates (UF, USD, EUR in CLP) from a
CSV file `currency,date,value` (header optional). All or nothing: one bad line and nothing is
written; every bad line is listed with its number. Audited. The platform never fetches rates
at run time: the team downloads them from the Banco Central and imports the file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hublocal.finance import services

MAX_BYTES = 5_000_000


class Command(BaseCommand):
    help = "Importa tipos de cambio (UF, USD, EUR en CLP) desde un CSV moneda,fecha,valor; todo o nada."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="Valida y cuenta sin escribir nada.")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No existe el archivo {path}.")
        if path.stat().st_size > MAX_BYTES:
            raise CommandError(f"El archivo supera {MAX_BYTES} bytes.")
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            raise CommandError("El archivo no está en UTF-8.") from None
        result = services.rates_import(actor=None, text=text, dry_run=options["dry_run"], source=path.name)
        if not result.ok:
            for error in result.errors:
                self.stderr.write(error)
            raise CommandError(f"{len(result.errors)} línea(s) con errores: no se importó nada.")
        prefix = "Simulación (nada escrito): " if result.dry_run else ""
        self.stdout.write(
            f"{prefix}{result.created} nuevos, {result.updated} corregidos, {result.unchanged} sin cambios."
        )
