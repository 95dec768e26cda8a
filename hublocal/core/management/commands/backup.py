"""`manage.py backup [--output DIR] [--keep N]`: one archive of the database and the uploaded files.

Exits non-zero with a readable message when the database cannot be dumped; a failed backup
leaves no partial archive and deletes no old one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from hublocal.core import backup


class Command(BaseCommand):
    help = (
        "Crea una copia de seguridad (base de datos, archivos subidos y manifest.json) en un solo archivo "
        "hublocal-backup-<fecha UTC>.tar.gz y conserva solo las BACKUP_KEEP más recientes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", type=Path, help="Carpeta de destino (por omisión var/backups).")
        parser.add_argument(
            "--keep", type=int, help="Cuántas copias conservar en la carpeta (por omisión BACKUP_KEEP, 14)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = backup.backup_create(output_dir=options["output"], keep=options["keep"])
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            _("Copia creada: %(path)s (%(size)s bytes, sha256 %(sha)s).")
            % {"path": result.path, "size": result.size, "sha": result.sha256}
        )
        for path in result.deleted:
            self.stdout.write(_("Copia antigua eliminada: %(name)s") % {"name": path.name})
