from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiagnosisConfig(AppConfig):
    name = "hublocal.diagnosis"
    verbose_name = _("Diagnóstico")

    def ready(self) -> None:
        from . import labels  # its codes in words: audit actions, engagement processes

        labels.register()
        from hublocal.core import registry

        from . import selectors

        registry.register_stat(
            "diagnosis.diagnosed", _("Municipios con diagnóstico"), selectors.diagnosed_municipality_count
        )

        from . import demo

        registry.register_seeder("diagnosis", 20, demo.seed)
        registry.register_profile_panel(
            "diagnosis", 10, "diagnosis/_profile_panel.html", selectors.profile_panel, cache_namespaces=("diagnosis",)
        )

        from . import exports

        exports.register_open_dataset()
        exports.register_responses_job()
        from . import open_data  # the ranking on the open-data portal (/datos/)

        open_data.register()

        from . import personal_data

        personal_data.register()
        from . import sitemaps  # its public pages in /sitemap.xml

        sitemaps.register()
        from . import home  # its sections of the personal home (/inicio/)

        home.register()

        from . import indicators  # its sources for the hub's indicators (hublocal.evaluation)

        indicators.register()
