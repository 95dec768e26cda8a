from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IctAssetsConfig(AppConfig):
    name = "hublocal.ictassets"
    verbose_name = _("Activos TIC municipales")

    def ready(self) -> None:
        from hublocal.core import registry

        from . import demo, open_data, personal_data, registrations

        # After the directory, the library and replications (a solution links a library resource).
        registry.register_seeder("ictassets", 96, demo.seed)
        personal_data.register()
        open_data.register()
        registrations.register()
