from django.core.management.base import BaseCommand, CommandError

from hublocal.diagnosis import services


class Command(BaseCommand):
    help = "Valida los instrumentos de content/instruments y publica las versiones nuevas."

    def handle(self, *args, **options):
        report = services.instruments_publish()
        for label in report.published:
            self.stdout.write(f"Publicado: {label}")
        if report.unchanged:
            self.stdout.write(f"Sin cambios: {', '.join(report.unchanged)}")
        if report.errors:
            for error in report.errors:
                self.stderr.write(f"Error: {error}")
            raise CommandError(f"{len(report.errors)} problema(s) en los instrumentos; no se publicaron esos archivos.")
