from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TerritoryConfig(AppConfig):
    name = "hublocal.territory"
    verbose_name = _("Territorio")

    def ready(self) -> None:
        from . import labels  # its codes in words: audit actions, engagement processes

        labels.register()
        from hublocal.core import registry

        from . import open_data, selectors

        open_data.register()
        registry.register_stat("territory.communes", _("Comunas de Chile"), selectors.commune_count_chile)
