from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "hublocal.agreements"
    verbose_name = _("Convenios")

    def ready(self) -> None:
        from hublocal.core import registry

        from . import demo, labels, open_data, personal_data, search_types

        labels.register()
        # After directory and engagement, before pilots and the apps that link to agreements.
        registry.register_seeder("agreements", 45, demo.seed)
        registry.register_seeder("agreements.documents", 46, demo.seed_documents)
        personal_data.register()
        search_types.register()
        open_data.register()
        from . import panels_360  # its sections of the 360° pages (core.registry)

        panels_360.register()

        from . import (
            indicators,  # its sources for the hub's indicators (hublocal.evaluation)
            tasks,  # noqa: F401 - registers the daily alerts with the queue
        )

        indicators.register()
