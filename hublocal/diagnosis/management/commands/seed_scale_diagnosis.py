import time

from django.core.management.base import BaseCommand

from hublocal.diagnosis import scale, services


class Command(BaseCommand):
    help = (
        "Datos de escala para benchmarks: un instrumento de 100 preguntas respondido por todos los "
        "municipios (~2 millones de respuestas) y sus puntajes. Idempotente."
    )

    def handle(self, *args, **options):
        campaign = scale.ensure(write=self.stdout.write)
        started = time.perf_counter()
        n = services.results_recompute_all(campaign=campaign)
        self.stdout.write(f"Puntajes recalculados: {n} en {time.perf_counter() - started:.1f} s")
