"""`manage.py import_ict_assets ARCHIVO.csv [--dry-run]`: the same all-or-nothing import as the
web page, run as the hub (any municipality). Exits non-zero when a line is rejected, so a script
can validate a file before loading it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from hublocal.ictassets import services


class Command(BaseCommand):
    help = "Importa activos TIC municipales desde un CSV (todo o nada)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Ruta del archivo CSV (UTF-8 o Latin-1; separador coma o punto y coma).")
        parser.add_argument("--dry-run", action="store_true", help="Solo valida y muestra el informe; no guarda.")
        parser.add_argument("--as-user", default="", help="Cuenta que firma la importación en la auditoría.")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise CommandError(_("No se pudo leer «%(p)s»: %(e)s") % {"p": path, "e": exc.strerror or exc}) from None
        text = ""
        for encoding in ("utf-8-sig", "cp1252", "latin-1"):
            try:
                text = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        actor = _hub_actor(options["as_user"])
        report = services.import_csv(actor=actor, text=text, dry_run=options["dry_run"])
        for line, message in report.errors:
            self.stderr.write(_("Línea %(l)s: %(m)s") % {"l": line, "m": message})
        if report.errors:
            raise CommandError(
                _("%(n)s errores en %(r)s filas: no se guardó nada.") % {"n": len(report.errors), "r": report.rows}
            )
        if options["dry_run"]:
            self.stdout.write(_("Revisión: %(r)s filas válidas; no se guardó nada (--dry-run).") % {"r": report.rows})
        else:
            self.stdout.write(_("Importados %(n)s activos TIC.") % {"n": report.created})


def _hub_actor(username: str) -> Any:
    users = get_user_model().objects.filter(role__in=("hub_admin", "hub_analyst"), is_active=True)
    user = users.filter(username=username).first() if username else users.order_by("pk").first()
    if user is None:
        raise CommandError(_("Se necesita una cuenta activa del equipo del Hub para importar."))
    return user
