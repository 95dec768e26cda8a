from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "hublocal.search"
    verbose_name = _("Búsqueda en todo el sitio")

    def ready(self) -> None:
        from hublocal.core import registry

        from . import services, signals

        # Saves and deletes of the models each registered type watches re-index them on commit.
        signals.connect()
        # Seeders write with bulk_create (no signals): the index is rebuilt once after all of them.
        registry.register_seeder("search", 99, services.seed)
        from . import tasks  # noqa: F401  (the nightly rebuild, registered with Huey on import)
