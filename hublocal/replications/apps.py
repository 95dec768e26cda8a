from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReplicationsConfig(AppConfig):
    name = "hublocal.replications"
    verbose_name = _("Replicaciones y municipios como el mío")

    def ready(self) -> None:
        from hublocal.core import registry

        from . import demo, experience, home, labels, object_actions, open_data, personal_data, selectors, sitemaps

        labels.register()
        personal_data.register()
        home.register()
        sitemaps.register()
        open_data.register()
        object_actions.register()
        registry.register_stat("replications.total", _("Replicaciones registradas"), selectors.replication_count)
        registry.register_seeder("replications", 70, demo.seed)
        registry.register_next_steps("peers", 20, experience.recommend)
        registry.register_profile_panel(
            "replications",
            45,
            "replications/_profile_panel.html",
            experience.profile_panel,
            cache_namespaces=("replications", "library", "pilots", "diagnosis", "territory", "directory"),
        )

        from . import indicators  # its sources for the hub's indicators (hublocal.evaluation)

        indicators.register()
