from django.core.management.base import BaseCommand

from hublocal.core import registry


class Command(BaseCommand):
    help = "Crea los datos de demostración de cada app (red, cuentas, diagnósticos…). Idempotente."

    def handle(self, *args, **options):
        for seeder in registry.seeders():
            seeder.run(self.stdout.write)
