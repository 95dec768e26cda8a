from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    name = "hublocal.opendata"
    verbose_name = _("Datos abiertos")

    def ready(self) -> None:
        from hublocal.core import registry

        from . import services, sitemaps

        registry.register_dataset_built_listener(services.on_dataset_built)
        # After the exports app's build of every dataset (1000): the portal's versions and catalogue.
        registry.register_seeder("opendata", 1010, services.seed)
        sitemaps.register()

        from . import tasks  # noqa: F401 - registers the periodic refresh with the queue
