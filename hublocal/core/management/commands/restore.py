"""`manage.py restore ARCHIVE [--force]`: restore a backup into an empty database.

Checks the whole archive first and exits non-zero without writing anything when it is damaged,
comes from another database vendor or from a newer version of the code, or when the database
already holds data (unless --force)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from hublocal.core import backup


class Command(BaseCommand):
    help = (
        "Restaura una copia de seguridad en una base de datos vacía y repone los archivos subidos. "
        "Rechaza copias dañadas, de otra base de datos o de una versión más nueva del código."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path, help="Archivo hublocal-backup-….tar.gz")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Reemplaza una base de datos que ya tiene datos y los archivos subidos distintos. Destructivo.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = backup.restore_archive(archive=options["archive"], force=options["force"], log=self.stdout.write)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from None
        if result.migrated:
            self.stdout.write(
                _("Migraciones aplicadas después de restaurar: %(count)s.") % {"count": len(result.migrated)}
            )
        self.stdout.write(self.style.SUCCESS(_("Restauración completa.")))
