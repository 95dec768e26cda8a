"""What every "import a CSV into the territory" command shares: reading the file in whatever
encoding it came in, the all-or-nothing report of rows read, accepted and rejected (one line per
rejected row), and the exit code scripts rely on. Each command only names its service and what
it changed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

# Official files arrive from Excel as often as from scripts: UTF-8 (with or without BOM)
# first, then the Windows and ISO Latin-1 code pages. latin-1 decodes any byte sequence,
# so it is the last resort and the file is still validated row by row afterwards.
ENCODINGS = {"utf-8-sig": "UTF-8", "cp1252": "Windows-1252", "latin-1": "Latin-1"}


def read_text(path: Path) -> tuple[str, str]:
    """The file's text and the encoding that decoded it. Raises CommandError on I/O errors."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise CommandError(_("No existe el archivo «%(path)s».") % {"path": path}) from None
    except IsADirectoryError:
        raise CommandError(_("«%(path)s» es una carpeta, no un archivo CSV.") % {"path": path}) from None
    except OSError as exc:
        raise CommandError(
            _("No se pudo leer «%(path)s»: %(error)s") % {"path": path, "error": exc.strerror or exc}
        ) from None
    for encoding in ENCODINGS:
        try:
            return raw.decode(encoding), ENCODINGS[encoding]
        except UnicodeDecodeError:
            continue
    raise CommandError(_("No se pudo decodificar «%(path)s».") % {"path": path})  # pragma: no cover


class CsvImportCommand(BaseCommand):
    """`manage.py <command> ARCHIVO.csv [--dry-run]`: all or nothing. If any row is rejected
    nothing is written and the command exits non-zero, so it can also validate a file in a
    script or CI job. Subclasses implement `run_import` (the service call) and `summarise`."""

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Ruta del archivo CSV (UTF-8 o Latin-1; separador coma o punto y coma).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Solo valida y muestra el informe; no guarda cambios."
        )

    def run_import(self, *, text: str, dry_run: bool) -> Any:
        raise NotImplementedError

    def summarise(self, report: Any, *, dry_run: bool) -> None:
        """What the import changed (or would change), after the rows were all accepted."""
        raise NotImplementedError

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        dry_run: bool = options["dry_run"]
        text, encoding = read_text(path)
        try:
            report = self.run_import(text=text, dry_run=dry_run)
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
        self.summarise(report, dry_run=dry_run)
        if dry_run:
            self.stdout.write(_("Simulación (--dry-run): no se guardó ningún cambio."))
        else:
            self.stdout.write(self.style.SUCCESS(_("Importación completada.")))
