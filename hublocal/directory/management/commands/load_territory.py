from django.core.management.base import BaseCommand

from hublocal.directory import services as directory_services
from hublocal.territory import services as territory_services


class Command(BaseCommand):
    help = "Carga regiones, provincias y comunas (DPA 2023) y crea una municipalidad por comuna. Idempotente."

    def handle(self, *args, **options):
        result = territory_services.territory_load_official()
        created = directory_services.municipality_organizations_sync()
        self.stdout.write(
            f"Territorio: {result.created} comunas nuevas, {result.updated} actualizadas; "
            f"{created} municipalidades creadas."
        )
