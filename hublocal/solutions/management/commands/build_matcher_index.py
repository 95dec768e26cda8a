"""Build the matcher's shared index now, in this process (after a bulk load or a deploy, so the
first visitors do not see "recommendations are being prepared")."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from hublocal.solutions import index


class Command(BaseCommand):
    help = "Construye y guarda el índice compartido del buscador de soluciones."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--force", action="store_true", help="construirlo aunque el guardado esté al día")

    def handle(self, *args: Any, **options: Any) -> None:
        row = index.build_and_store(force=options["force"])
        if row is None:
            self.stdout.write("El índice guardado ya está al día.")
            return
        self.stdout.write(
            f"Índice v{row.version}: {row.solutions} soluciones, {row.build_seconds:.2f} s, {len(row.blob):,} bytes."
        )
