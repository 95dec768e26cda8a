from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExportsConfig(AppConfig):
    name = "hublocal.exports"
    verbose_name = _("Exportaciones")

    def ready(self) -> None:
        from hublocal.core import registry

        from . import personal_data, services

        registry.register_audit_action(services.JOB_REQUEST, _("Exportación solicitada"))
        personal_data.register()
        # Last of the demo: the open-data files are ready as soon as the demo is (no worker needed).
        registry.register_seeder("exports", 1000, services.seed_open_data)
