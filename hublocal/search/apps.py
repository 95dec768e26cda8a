from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "hublocal.search"
    verbose_name = _("Búsqueda en todo el sitio")

    def ready(self) -> None:
        pass
