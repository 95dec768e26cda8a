"""Print the record of processing activities (Ley 21.719) generated from every app's
personal-data declarations: `manage.py privacy_record [--format md|csv]`."""

from __future__ import annotations

import csv
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import translation

from hublocal.core.csvexport import cell
from hublocal.privacy import record


class Command(BaseCommand):
    help = "Imprime el registro de actividades de tratamiento de datos personales (Markdown o CSV)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=["md", "csv"], default="md", help="md (por defecto) o csv")

    def handle(self, *args: Any, **options: Any) -> None:
        # The record is the hub's document, in its language, whatever the shell's locale says.
        with translation.override(settings.LANGUAGE_CODE):
            if options["format"] == "csv":
                writer = csv.writer(self.stdout, lineterminator="\n")
                writer.writerow(record.headers())
                for row in record.rows():
                    writer.writerow([cell(c) for c in row])
            else:
                self.stdout.write(record.markdown(), ending="")
