from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticulationConfig(AppConfig):
    name = "hublocal.articulation"
    verbose_name = _("Articulación institucional")

    def ready(self) -> None:
        from hublocal.core import registry

        from . import demo, home, labels, personal_data, search_types, selectors

        labels.register()
        registry.register_stat("articulation.tables", _("Mesas técnicas"), selectors.table_count)
        registry.register_seeder("articulation", 90, demo.seed)
        search_types.register()  # search types and sitemap sections
        personal_data.register()
        home.register()
        from . import tasks  # noqa: F401 - registers the periodic overdue scan with the queue
