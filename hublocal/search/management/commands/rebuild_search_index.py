from django.core.management.base import BaseCommand, CommandError

from hublocal.core import registry
from hublocal.search import indexer, services


class Command(BaseCommand):
    help = "Reconstruye el índice de búsqueda del sitio desde los tipos registrados (solo objetos públicos)."

    def add_arguments(self, parser):
        parser.add_argument("--type", dest="key", default="", help="Solo este tipo (p. ej. solutions.solution).")
        parser.add_argument("--batch", type=int, default=indexer.BATCH, help="Objetos por lote (por omisión 1000).")

    def handle(self, *args, key: str = "", batch: int = indexer.BATCH, **options):
        known = [t.key for t in registry.search_types()]
        if key and key not in known:
            raise CommandError(f"Tipo desconocido: {key}. Tipos: {', '.join(known)}.")
        if batch < 1:
            raise CommandError("--batch debe ser 1 o mayor.")
        for name, outcome in services.index_rebuild(key=key or None, batch=batch).items():
            self.stdout.write(
                f"{name}: {outcome.written} escritas, {outcome.unchanged} sin cambios, {outcome.removed} eliminadas"
            )
