from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from hublocal.evaluation import services


class Command(BaseCommand):
    help = "Recalcula los indicadores del Hub y guarda la medición del día (por defecto, el año en curso)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        year = options["year"] or timezone.localdate().year
        try:
            figures = services.compute_indicators(year=year)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        for key, value in figures.items():
            self.stdout.write(f"{year} {key}: {value}")
