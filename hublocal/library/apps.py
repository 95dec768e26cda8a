from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "hublocal.library"
    verbose_name = _("Biblioteca de conocimiento")

    def ready(self) -> None:
        pass
