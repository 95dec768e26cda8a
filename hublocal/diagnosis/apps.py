from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiagnosisConfig(AppConfig):
    name = "hublocal.diagnosis"
    verbose_name = _("Diagnóstico")

    def ready(self) -> None:
        from hublocal.core import registry

        from . import selectors

        registry.register_stat(
            "diagnosis.diagnosed", _("Municipios con diagnóstico"), selectors.diagnosed_municipality_count
        )

        from . import demo

        registry.register_seeder("diagnosis", 20, demo.seed)
        registry.register_profile_panel("diagnosis", 10, "diagnosis/_profile_panel.html", selectors.profile_panel)

        from . import personal_data

        personal_data.register()
